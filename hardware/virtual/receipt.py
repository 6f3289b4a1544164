"""What a virtual printer printed: lines of styled text, barcodes, QR codes and images."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from PIL import Image

AlignName = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Segment:
    """A run of characters printed with the same style."""

    text: str
    bold: bool = False
    underline: bool = False
    width: int = 1
    """Character width multiplier (2 for double width)."""
    height: int = 1
    invert: bool = False


@dataclass
class TextLine:
    """One printed line of text."""

    segments: list[Segment] = field(default_factory=list)
    align: AlignName = "left"

    @property
    def text(self) -> str:
        """The characters of the line, without styles."""
        return "".join(s.text for s in self.segments)

    @property
    def cells(self) -> int:
        """How many character cells the line takes on paper."""
        return sum(len(s.text) * s.width for s in self.segments)

    @property
    def height(self) -> int:
        """The tallest character of the line (1 or 2)."""
        return max((s.height for s in self.segments), default=1)

    @property
    def bold(self) -> bool:
        """Whether any of the line is emphasised."""
        return any(s.bold and s.text.strip() for s in self.segments)

    @property
    def double(self) -> bool:
        """Whether any of the line is printed at double width and height."""
        return any(s.width > 1 and s.height > 1 and s.text.strip() for s in self.segments)


@dataclass(frozen=True)
class BarcodeBlock:
    """A barcode drawn by the printer itself."""

    symbology: str
    data: str
    align: AlignName = "center"
    hri: bool = True


@dataclass(frozen=True)
class QRBlock:
    """A QR code drawn by the printer itself."""

    data: str
    size: int = 3
    align: AlignName = "left"


@dataclass(frozen=True)
class ImageBlock:
    """A bit image (raster or column format) as a black-on-white picture."""

    image: Image.Image
    align: AlignName = "left"

    @property
    def width(self) -> int:
        """Width in dots."""
        return self.image.width

    @property
    def height(self) -> int:
        """Height in dots."""
        return self.image.height


Block = TextLine | BarcodeBlock | QRBlock | ImageBlock


@dataclass
class Receipt:
    """Everything printed between two cuts (or in one connection, on printers without cutter)."""

    number: int = 0
    blocks: list[Block] = field(default_factory=list)
    cut: Literal["full", "partial"] | None = None
    drawer_kicks: list[int] = field(default_factory=list)
    """Drawer pins kicked (2 or 5), in order."""
    code_pages: list[str] = field(default_factory=list)
    unknown_commands: list[str] = field(default_factory=list)
    data: bytes = b""
    """The raw bytes that made this receipt."""
    received_at: float = 0.0
    """``time.perf_counter()`` when its last byte was decoded."""

    @property
    def has_content(self) -> bool:
        """Whether anything visible was printed (blank feeds alone are not a receipt)."""
        return any(
            not isinstance(block, TextLine) or block.text.strip() for block in self.blocks
        ) or bool(self.drawer_kicks)

    @property
    def lines(self) -> list[TextLine]:
        """The text lines only."""
        return [block for block in self.blocks if isinstance(block, TextLine)]

    @property
    def barcodes(self) -> list[BarcodeBlock]:
        """The printer-drawn barcodes."""
        return [block for block in self.blocks if isinstance(block, BarcodeBlock)]

    @property
    def qr_codes(self) -> list[QRBlock]:
        """The printer-drawn QR codes."""
        return [block for block in self.blocks if isinstance(block, QRBlock)]

    @property
    def images(self) -> list[ImageBlock]:
        """The bit images (software barcodes and QR codes end up here)."""
        return [block for block in self.blocks if isinstance(block, ImageBlock)]

    def text(self, columns: int = 48) -> str:
        """What a customer reads, as plain text laid out on ``columns`` characters."""
        out: list[str] = []
        for block in self.blocks:
            if isinstance(block, TextLine):
                out.append(_place(block.text, block.cells, columns, block.align))
            elif isinstance(block, BarcodeBlock):
                out.append(_place(f"[{block.symbology} {block.data}]", None, columns, "center"))
            elif isinstance(block, QRBlock):
                out.append(_place(f"[QR {block.data}]", None, columns, "center"))
            else:
                label = f"[image {block.width}x{block.height}]"
                out.append(_place(label, None, columns, block.align))
        while out and not out[-1].strip():
            out.pop()
        notes = [f"[drawer kick pin {pin}]" for pin in self.drawer_kicks]
        if self.cut:
            notes.append(f"[{self.cut} cut]")
        return "\n".join([*(line.rstrip() for line in out), *notes]) + "\n"


def _place(text: str, cells: int | None, columns: int, align: AlignName) -> str:
    used = len(text) if cells is None else cells
    room = max(0, columns - used)
    if align == "center":
        return " " * (room // 2) + text
    if align == "right":
        return " " * room + text
    return text
