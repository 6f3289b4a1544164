"""Turning a :class:`PrintDocument` into the ESC/POS bytes of one printer profile.

Rendering goes through python-escpos calls on a ``Dummy`` printer with the real profile, so the
bytes are exactly what python-escpos would send, and the whole job then travels in one write. The
profile's capability flags decide between native barcodes/QR codes and images, and whether
``cut()`` cuts or only feeds (the 58 mm POS-5890 has no cutter). Nothing here writes to stdout:
python-escpos's ``barcode()`` announces its renderer with ``print``, so barcodes go through its
hardware command directly or through an image drawn with python-barcode.
"""

from __future__ import annotations

import logging
import sys
import textwrap
from typing import Any

import barcode as barcodes
import qrcode
from barcode.writer import ImageWriter
from escpos.capabilities import CAPABILITIES, get_profile
from escpos.magicencode import Encoder
from escpos.printer import Dummy
from PIL import Image

from hardware.document import Barcode, Columns, Feed, PrintDocument, QRCode, Rule, Text


def _silence_escpos_console_logging() -> None:
    # python-escpos calls logging.basicConfig() when imported, which puts a stderr handler on the
    # root logger: its "Network printer enabled" chatter would land on the cashier's terminal.
    # Remove exactly that handler; the application's own handlers (the log file) stay.
    root = logging.getLogger()
    for handler in list(root.handlers):
        formatter = handler.formatter
        if (
            type(handler) is logging.StreamHandler
            and handler.stream is sys.stderr
            and formatter is not None
            and formatter._fmt == logging.BASIC_FORMAT
        ):
            root.removeHandler(handler)


_silence_escpos_console_logging()

PAPER_COLUMNS = {58: 32, 80: 48}
"""Characters per line of font A on each paper width."""
PAPER_PIXELS = {58: 384, 80: 576}
"""Printable dots per line on each paper width (203 dpi heads)."""
AUTO_CODE_PAGE = "AUTO"


class RenderError(ValueError):
    """A document that this printer cannot print (a malformed barcode, an unknown profile)."""


def profile_names() -> list[str]:
    """Every printer profile python-escpos knows."""
    return sorted(CAPABILITIES["profiles"])


def code_pages(profile: str) -> list[str]:
    """The code pages a profile can select (``CP437``, ``CP858``...)."""
    pages = get_profile(profile).get_code_pages()
    return sorted(name for name in pages if name.upper() != "UNKNOWN")


def ean13_check_digit(first12: str) -> str:
    """The GS1 check digit of the first 12 digits of an EAN-13."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


class Renderer:
    """Renders documents for one printer: profile, paper width, code page and drawer pin."""

    def __init__(
        self,
        *,
        profile: str = "TM-T20II",
        paper_width: int = 80,
        code_page: str = "CP437",
        drawer_pin: int = 2,
    ) -> None:
        if profile not in CAPABILITIES["profiles"]:
            raise RenderError(f"unknown printer profile {profile!r}")
        if paper_width not in PAPER_COLUMNS:
            raise RenderError(f"paper width must be 58 or 80 mm, not {paper_width}")
        if drawer_pin not in (2, 5):
            raise RenderError(f"drawer pin must be 2 or 5, not {drawer_pin}")
        if code_page.upper() != AUTO_CODE_PAGE and code_page.upper() not in code_pages(profile):
            raise RenderError(f"code page {code_page!r} is not available on profile {profile}")
        self.profile = profile
        self.paper_width = paper_width
        self.columns = PAPER_COLUMNS[paper_width]
        self.code_page = code_page.upper()
        self.drawer_pin = drawer_pin
        profile_data = get_profile(profile).profile_data
        pixels = profile_data.get("media", {}).get("width", {}).get("pixels")
        self.pixels = (
            min(PAPER_PIXELS[paper_width], int(pixels))
            if isinstance(pixels, int)
            else (PAPER_PIXELS[paper_width])
        )

    def new_printer(self) -> Dummy:
        """An empty python-escpos ``Dummy`` with this renderer's profile."""
        return Dummy(profile=self.profile, magic_encode_args={"encoder": self._encoder()})

    def _encoder(self) -> Encoder:
        # A profile may list one code page under several numbers (POS-5890: CP437 at 0, 50 and
        # 52); python-escpos would pick the last, we select the lowest, which every clone has.
        table: dict[str, int] = {}
        pages = get_profile(self.profile).codePages
        for number in sorted(pages, key=int):
            table.setdefault(pages[number], int(number))
        return Encoder(table)

    def supports(self, feature: str) -> bool:
        """Whether the profile has ``feature`` (``qrCode``, ``barcodeB``, ``paperFullCut``...)."""
        return bool(get_profile(self.profile).supports(feature))

    def render(self, document: PrintDocument) -> bytes:
        """The complete job: initialise, code page, every operation, drawer kick, cut."""
        printer = self.new_printer()
        self.begin(printer)
        for op in document.ops:
            self.render_op(printer, op)
        printer.set(align="left", bold=False, normal_textsize=True)
        if document.open_drawer:
            printer.cashdraw(self.drawer_pin)
        if document.cut:
            printer.cut()
        return bytes(printer.output)

    def drawer_kick(self) -> bytes:
        """Only a drawer kick, for opening the drawer without printing."""
        printer = self.new_printer()
        printer.cashdraw(self.drawer_pin)
        return bytes(printer.output)

    def begin(self, printer: Dummy) -> None:
        """Reset the printer's modes and select the code page."""
        printer.hw("INIT")
        printer.charcode(self.code_page)

    def render_op(self, printer: Dummy, op: Any) -> None:
        """Render one operation of a document."""
        if isinstance(op, Text):
            self._text(printer, op)
        elif isinstance(op, Columns):
            printer.set(align="left", bold=op.bold, normal_textsize=True)
            for line in self.columns_lines(op.left, op.right):
                printer.textln(line)
        elif isinstance(op, Rule):
            printer.set(align="left", bold=False, normal_textsize=True)
            printer.textln(op.char * self.columns)
        elif isinstance(op, Barcode):
            self._barcode(printer, op)
        elif isinstance(op, QRCode):
            self._qr(printer, op)
        elif isinstance(op, Feed):
            printer.ln(op.lines)
        else:  # pragma: no cover - the document model admits nothing else
            raise RenderError(f"unknown operation {op!r}")

    def _text(self, printer: Dummy, op: Text) -> None:
        printer.set(
            align=op.align.value,
            bold=op.bold,
            normal_textsize=not op.double,
            double_width=op.double,
            double_height=op.double,
        )
        width = self.columns // 2 if op.double else self.columns
        for line in wrap(op.text, width):
            printer.textln(line)

    def columns_lines(self, left: str, right: str) -> list[str]:
        """``left`` and ``right`` on one line, right flush right; ``left`` wraps if too long."""
        width = self.columns
        right = right[:width]
        if len(left) + 1 + len(right) <= width:
            return [left + " " * (width - len(left) - len(right)) + right]
        lines = wrap(left, width)
        last = lines[-1]
        if len(last) + 1 + len(right) <= width:
            lines[-1] = last + " " * (width - len(last) - len(right)) + right
        else:
            lines.append(right.rjust(width))
        return lines

    def _barcode(self, printer: Dummy, op: Barcode) -> None:
        data = op.data
        if op.symbology == "EAN13":
            if not (data.isdigit() and len(data) in (12, 13)):
                raise RenderError(f"EAN-13 needs 12 or 13 digits, not {data!r}")
            if len(data) == 12:
                data += ean13_check_digit(data)
            elif ean13_check_digit(data[:12]) != data[12]:
                raise RenderError(f"wrong EAN-13 check digit in {data!r}")
        elif not data or not all(32 <= ord(c) < 127 for c in data):
            raise RenderError(f"CODE128 takes printable ASCII only, not {data!r}")
        printer.set(align="center", bold=False, normal_textsize=True)
        hardware = "barcodeA" if op.symbology == "EAN13" else "barcodeB"
        if self.supports(hardware):
            if op.symbology == "EAN13":
                printer._hw_barcode(data, "EAN13", height=64, width=2, function_type="A")
            else:
                # Code set B, with "{" escaped as "{{" as ESC/POS requires.
                payload = "{B" + data.replace("{", "{{")
                printer._hw_barcode(payload, "CODE128", height=64, width=2, function_type="B")
            printer.ln()
        else:
            printer.image(self._barcode_image(op.symbology, data), center=True)
        printer.set(align="left")

    def _barcode_image(self, symbology: str, data: str) -> Image.Image:
        kind = "ean13" if symbology == "EAN13" else "code128"
        dpi = 203
        image: Image.Image | None = None
        for dots in (2, 1):  # two dots per module like the native barcode, one if too wide
            code = barcodes.get_barcode_class(kind)(data, writer=ImageWriter())
            image = code.render(
                writer_options={
                    "module_height": 8.0,
                    "module_width": 25.4 / dpi * dots * 1.001,
                    "quiet_zone": 4.0,
                    "font_size": 10,
                    "text_distance": 4.0,
                    "dpi": dpi,
                }
            )
            if image.width <= self.pixels:
                return image
        raise RenderError(f"barcode {data!r} is too wide for {self.paper_width} mm paper")

    def _qr(self, printer: Dummy, op: QRCode) -> None:
        if not op.data:
            raise RenderError("empty QR code")
        printer.set(align="center", bold=False, normal_textsize=True)
        if self.supports("qrCode"):
            printer.qr(op.data, size=op.size, native=True)
            printer.ln()
        else:
            code = qrcode.QRCode(box_size=1, border=1)
            code.add_data(op.data)
            code.make(fit=True)
            modules = code.modules_count + 2
            size = max(1, min(op.size, self.pixels // modules))
            printer.qr(op.data, size=size, native=False, center=True)
        printer.set(align="left")


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` characters (an empty text is one line)."""
    return textwrap.wrap(text, width, break_long_words=True, replace_whitespace=True) or [""]
