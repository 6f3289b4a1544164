"""The virtual printer decodes what python-escpos sends: text, styles, code pages, images, cuts."""

from __future__ import annotations

import socket
from pathlib import Path

from escpos.printer import Dummy, Network
from PIL import Image

from hardware.render import Renderer
from hardware.virtual.decoder import Decoder, PrinterState
from hardware.virtual.receipt import Receipt
from hardware.virtual.server import VirtualPrinter
from tests.hardware.conftest import receipt_document


def decode(data: bytes, *, chunk: int | None = None) -> tuple[list[Receipt], bytes]:
    receipts: list[Receipt] = []
    replies = bytearray()
    decoder = Decoder(receipts.append, replies.extend)
    step = chunk or len(data) or 1
    for start in range(0, len(data), step):
        decoder.feed(data[start : start + step])
    decoder.finish()
    return receipts, bytes(replies)


def test_any_chunking_decodes_the_same() -> None:
    data = Renderer().render(receipt_document(open_drawer=True)) * 2
    whole, _ = decode(data)
    bytewise, _ = decode(data, chunk=1)
    assert len(whole) == 2
    assert [r.text() for r in bytewise] == [r.text() for r in whole]
    assert whole[0].data + whole[1].data == data  # every byte belongs to a receipt


def test_styles_and_code_pages() -> None:
    printer = Dummy(profile="TM-T20II")
    printer.hw("INIT")
    printer.charcode("CP858")
    printer.set(align="right", bold=True, underline=1)
    printer.textln("Café 5€")
    printer.set(align="left", bold=False, underline=0, double_width=True, double_height=True)
    printer.text("BESAR")
    printer.set(normal_textsize=True)
    printer.textln(" kecil")
    (receipt,), _ = decode(printer.output)
    first, second = receipt.lines
    assert (first.text, first.align, first.bold) == ("Café 5€", "right", True)
    assert first.segments[0].underline
    assert receipt.code_pages == ["CP858"]
    assert [(s.text, s.width, s.height) for s in second.segments] == [
        ("BESAR", 2, 2),
        (" kecil", 1, 1),
    ]
    assert second.cells == 16


def test_images_in_every_format() -> None:
    picture = Image.new("1", (16, 8), 1)
    picture.putpixel((0, 0), 0)
    picture.putpixel((15, 7), 0)
    printer = Dummy(profile="TM-T20II")
    for impl in ("bitImageRaster", "graphics", "bitImageColumn"):
        printer.image(picture, impl=impl)
    (receipt,), _ = decode(printer.output)
    raster, graphics, column = receipt.images
    for image in (raster, graphics):
        assert (image.width, image.height) == (16, 8)
        assert image.image.getpixel((0, 0)) == 0  # black dot
        assert image.image.getpixel((1, 0)) == 255
        assert image.image.getpixel((15, 7)) == 0
    assert column.width == 16
    assert column.image.getpixel((0, 0)) == 0


def test_status_requests_are_answered_like_a_printer() -> None:
    state = PrinterState()
    replies = bytearray()
    decoder = Decoder(lambda _r: None, replies.extend, state=state)
    decoder.feed(b"\x10\x04\x01\x10\x04\x04")
    state.paper = "near_end"
    decoder.feed(b"\x10\x04\x04")
    state.paper = "out"
    decoder.feed(b"\x10\x04\x04\x10\x04\x01")
    state.answers = False
    decoder.feed(b"\x10\x04\x04")
    assert bytes(replies) == b"\x12\x12\x1e\x72\x1a"


def test_unknown_commands_are_noted_not_fatal() -> None:
    (receipt,), _ = decode(b"\x1b@\x1b\xfeHalo\n\x1dV\x00")
    assert receipt.lines[0].text == "Halo"
    assert receipt.unknown_commands == ["ESC 0xfe"]


def test_receipts_are_written_as_text_and_picture(tmp_path: Path) -> None:
    out = tmp_path / "struk"
    out.mkdir()
    (out / "receipt-0007.txt").write_text("an earlier session\n")
    with VirtualPrinter(out_dir=out) as virtual:
        printer = Network("127.0.0.1", virtual.port, profile="TM-T20II")
        printer.textln("Struk pertama")
        printer.cut()
        printer.textln("Struk kedua")
        printer.cut()
        printer.close()
        first, second = virtual.wait_for_receipts(2)
        assert virtual.receipt_path(second) == out / "receipt-0009.txt"
    assert (first.number, second.number) == (8, 9)  # numbering continues, nothing overwritten
    assert (out / "receipt-0007.txt").read_text() == "an earlier session\n"
    assert (out / "receipt-0008.txt").read_text("utf-8") == "Struk pertama\n[full cut]\n"
    with Image.open(out / "receipt-0009.png") as picture:
        assert picture.width == 48 * 12 + 32
        assert picture.height > 24


def test_stop_drops_open_connections() -> None:
    virtual = VirtualPrinter().start()
    client = socket.create_connection(("127.0.0.1", virtual.port))
    client.sendall(b"\x10\x04\x01")
    assert client.recv(1) == b"\x12"  # the connection is being served
    virtual.stop()
    assert client.recv(1) == b""  # closed by the printer, not left hanging
    client.close()
    refused = socket.socket()
    assert refused.connect_ex(("127.0.0.1", virtual.port)) != 0  # no longer listening
    refused.close()
