"""QR codes drawn in the terminal with half-block characters (two modules per character cell)."""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_L
from rich.style import Style
from rich.text import Text

# Dark modules are drawn in black on a white background whatever the terminal's colours, so
# phones read the code the right way round. The quiet zone is one module of white inside the
# dialog's own light border: a QRIS code then fits in 28 rows of a 30-row terminal.
QR_STYLE = Style(color="#000000", bgcolor="#ffffff")
_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def qr_matrix(data: str, *, border: int = 1) -> list[list[bool]]:
    """The module matrix of ``data`` (``True`` = dark), with a quiet zone of ``border`` modules."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_L, border=border)
    code.add_data(data)
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


def qr_lines(matrix: list[list[bool]]) -> list[str]:
    """Text lines of half blocks: each line holds two rows of modules."""
    width = len(matrix[0]) if matrix else 0
    rows = [*matrix, [False] * width] if len(matrix) % 2 else matrix
    return [
        "".join(_BLOCKS[(top, bottom)] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[0::2], rows[1::2], strict=True)
    ]


def qr_text(data: str) -> Text:
    """``data`` as a QR code ready to show in a widget."""
    return Text("\n".join(qr_lines(qr_matrix(data))), style=QR_STYLE, no_wrap=True)
