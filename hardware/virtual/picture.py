"""A PNG picture of a printed receipt: the paper roll as a 203 dpi thermal head would mark it."""

from __future__ import annotations

from functools import cache

import barcode as barcodes
import qrcode
from barcode.writer import ImageWriter
from PIL import Image, ImageDraw, ImageFont

from hardware.virtual.receipt import BarcodeBlock, ImageBlock, QRBlock, Receipt, TextLine

CELL_WIDTH = 12  # font A is 12 x 24 dots
CELL_HEIGHT = 24
MARGIN = 16


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _place(width: int, paper: int, align: str) -> int:
    if align == "center":
        return max(0, (paper - width) // 2)
    if align == "right":
        return max(0, paper - width)
    return 0


def _text_line(line: TextLine, paper: int) -> Image.Image:
    height = CELL_HEIGHT * line.height
    strip = Image.new("L", (paper, height), 255)
    draw = ImageDraw.Draw(strip)
    x = _place(line.cells * CELL_WIDTH, paper, line.align)
    for segment in line.segments:
        cell_w, cell_h = CELL_WIDTH * segment.width, CELL_HEIGHT * segment.height
        font = _font(int(cell_h * 0.8))
        for char in segment.text:
            if segment.invert:
                draw.rectangle((x, 0, x + cell_w - 1, height - 1), fill=0)
            if char != " ":
                draw.text(
                    (x + cell_w // 2, height - cell_h // 6),
                    char,
                    font=font,
                    fill=255 if segment.invert else 0,
                    anchor="ms",
                    stroke_width=1 if segment.bold else 0,
                    stroke_fill=255 if segment.invert else 0,
                )
            if segment.underline:
                draw.line((x, height - 2, x + cell_w - 1, height - 2), fill=0, width=2)
            x += cell_w
    return strip


def _barcode_image(block: BarcodeBlock) -> Image.Image:
    kinds = {"EAN13": "ean13", "EAN8": "ean8", "UPC-A": "upca", "CODE39": "code39"}
    kind = kinds.get(block.symbology, "code128")
    try:
        code = barcodes.get_barcode_class(kind)(block.data, writer=ImageWriter())
        image: Image.Image = code.render(
            writer_options={"module_height": 8.0, "font_size": 8, "dpi": 203, "quiet_zone": 1}
        )
        return image
    except Exception:  # an unusual payload still shows as its text
        strip = Image.new("L", (CELL_WIDTH * (len(block.data) + 2), CELL_HEIGHT), 255)
        ImageDraw.Draw(strip).text((0, 0), f"[{block.data}]", font=_font(18), fill=0)
        return strip


def _qr_image(block: QRBlock) -> Image.Image:
    code = qrcode.QRCode(box_size=max(1, block.size), border=1)
    code.add_data(block.data)
    code.make(fit=True)
    image: Image.Image = code.make_image().get_image()
    return image


def render_png(receipt: Receipt, columns: int = 48) -> Image.Image:
    """The receipt as a picture of paper ``columns`` characters wide."""
    paper = columns * CELL_WIDTH
    pieces: list[tuple[Image.Image, str]] = []
    for block in receipt.blocks:
        if isinstance(block, TextLine):
            pieces.append((_text_line(block, paper), "left"))
        elif isinstance(block, BarcodeBlock):
            pieces.append((_barcode_image(block), block.align))
        elif isinstance(block, QRBlock):
            pieces.append((_qr_image(block), block.align))
        elif isinstance(block, ImageBlock):
            pieces.append((block.image, block.align))
    height = sum(piece.height for piece, _ in pieces) + 2 * MARGIN + 8
    roll = Image.new("L", (paper + 2 * MARGIN, height), 255)
    y = MARGIN
    for original, align in pieces:
        piece = original
        if piece.width > paper:
            piece = piece.resize((paper, max(1, piece.height * paper // piece.width)))
        roll.paste(piece.convert("L"), (MARGIN + _place(piece.width, paper, align), y))
        y += piece.height
    if receipt.cut:
        draw = ImageDraw.Draw(roll)
        for x in range(0, roll.width, 12):
            draw.line((x, height - 4, x + 6, height - 1), fill=128)
    return roll
