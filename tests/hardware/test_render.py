"""Exact ESC/POS bytes of every document operation, rendered through python-escpos's Dummy."""

from __future__ import annotations

import pytest

from hardware.document import Align, Barcode, Columns, Feed, PrintDocument, QRCode, Rule, Text
from hardware.render import Renderer, RenderError
from tests.hardware.conftest import receipt_document

INIT = b"\x1b@" + b"\x1bt\x00"  # ESC @, then code page 0 (CP437)
NORMAL = b"\x1b!\x00" * 3  # python-escpos: ESC ! 0 for normal size, sent three times
LEFT = NORMAL + b"\x1bE\x00\x1ba\x00"  # normal size, bold off, left: the state after a job
CUT = b"\x1bd\x06" + b"\x1dV\x00"  # feed 6 lines, full cut
TM = Renderer(profile="TM-T20II", paper_width=80)
POS58 = Renderer(profile="POS-5890", paper_width=58)


def body(renderer: Renderer, *ops: object, cut: bool = False, drawer: bool = False) -> bytes:
    """The bytes of ``ops`` alone: without the initialisation and the final reset."""
    document = PrintDocument(ops=ops, cut=cut, open_drawer=drawer)  # type: ignore[arg-type]
    data = renderer.render(document)
    assert data.startswith(INIT)
    return data[len(INIT) :]


def test_plain_text_line() -> None:
    assert body(TM, Text(text="Terima kasih")) == LEFT + b"Terima kasih\n" + LEFT


def test_bold_centred_and_double_size() -> None:
    bold_centre = NORMAL + b"\x1bE\x01\x1ba\x01"
    double = b"\x1b!\x00" + b"\x1b!\x00\x1b!\x30" + b"\x1bE\x00\x1ba\x02"
    assert body(TM, Text(text="TOTAL", align=Align.CENTER, bold=True)) == (
        bold_centre + b"TOTAL\n" + LEFT
    )
    assert body(TM, Text(text="Rp65.000", align=Align.RIGHT, double=True)) == (
        double + b"Rp65.000\n" + LEFT
    )


def test_long_text_wraps_at_the_paper_width() -> None:
    text = "Kopi Arabika Flores Bajawa Single Origin Premium Roast 250 gram"
    lines = body(POS58, Text(text=text))[len(LEFT) : -len(LEFT)].split(b"\n")[:-1]
    assert [len(line) for line in lines] == [26, 31, 4]
    assert b" ".join(lines).decode() == text
    # Double size halves the columns.
    double = body(POS58, Text(text="NTT Mart Atambua Belu", double=True))
    assert b"NTT Mart Atambua\nBelu\n" in double


def test_columns_fit_the_line_or_wrap() -> None:
    assert body(TM, Columns(left="Madu Hutan Sumba", right="Rp85.000")) == (
        LEFT + b"Madu Hutan Sumba" + b" " * 24 + b"Rp85.000\n" + LEFT
    )
    wrapped = body(POS58, Columns(left="Kopi Arabika Flores Bajawa 250g x2", right="Rp130.000"))
    assert wrapped == (
        LEFT + b"Kopi Arabika Flores Bajawa 250g\n" + b"x2" + b" " * 21 + b"Rp130.000\n" + LEFT
    )
    assert POS58.columns_lines("A" * 30, "Rp1.000.000") == ["A" * 30, " " * 21 + "Rp1.000.000"]


def test_rule_spans_the_paper() -> None:
    assert body(TM, Rule()) == LEFT + b"-" * 48 + b"\n" + LEFT
    assert body(POS58, Rule(char="=")) == LEFT + b"=" * 32 + b"\n" + LEFT


def test_feed() -> None:
    assert body(TM, Feed(lines=3)) == b"\n\n\n" + LEFT


CENTRE = NORMAL + b"\x1bE\x00\x1ba\x01"
BARCODE_SETUP = b"\x1ba\x01" + b"\x1dh\x40" + b"\x1dw\x02" + b"\x1df\x00" + b"\x1dH\x02"


def test_native_ean13_on_an_epson_profile() -> None:
    assert body(TM, Barcode(data="8991234567891", symbology="EAN13")) == (
        CENTRE + BARCODE_SETUP + b"\x1dk\x02" + b"8991234567891\x00" + b"\n" + b"\x1ba\x00" + LEFT
    )
    # Twelve digits get their check digit.
    assert b"\x1dk\x028991234567891\x00" in body(
        TM, Barcode(data="899123456789", symbology="EAN13")
    )


def test_native_code128_uses_code_set_b() -> None:
    data = body(TM, Barcode(data="BLU-20261122-0007"))
    payload = b"{BBLU-20261122-0007"
    assert BARCODE_SETUP + b"\x1dk\x49" + bytes([len(payload)]) + payload in data


def test_native_qr_code_when_the_profile_has_it() -> None:
    content = b"00020101021126570011ID.CO.QRIS"
    store = b"\x1d(k" + bytes([len(content) + 3, 0]) + b"1P0" + content
    assert body(TM, QRCode(data=content.decode(), size=6)) == (
        CENTRE
        + b"\x1d(k\x04\x001A2\x00"  # model 2
        + b"\x1d(k\x03\x001C\x06"  # module size 6
        + b"\x1d(k\x03\x001E0"  # error correction L
        + store
        + b"\x1d(k\x03\x001Q0"  # print
        + b"\n\x1ba\x00"
        + LEFT
    )


def test_58mm_pos5890_falls_back_to_images_and_cannot_cut() -> None:
    data = body(
        POS58,
        Barcode(data="8991234567891", symbology="EAN13"),
        QRCode(data="00020101021126570011ID.CO.QRIS"),
        cut=True,
    )
    assert b"\x1dk" not in data  # no native barcode
    assert b"\x1d(k" not in data  # no native QR code
    assert data.count(b"\x1dv0\x00") == 2  # two raster images
    assert b"\x1dv0\x00\x30\x00" in data  # 48 bytes = 384 dots wide, the whole 58 mm line
    assert data.endswith(LEFT + b"\x1bd\x06")  # cut() only feeds: the profile has no cutter


def test_cut_and_drawer_kick_pins() -> None:
    assert body(TM, cut=True) == LEFT + CUT
    assert body(TM, drawer=True) == LEFT + b"\x1bp\x00\x32\x32"
    pin5 = Renderer(profile="TM-T20II", drawer_pin=5)
    assert body(pin5, drawer=True, cut=True) == LEFT + b"\x1bp\x01\x32\x32" + CUT
    assert pin5.drawer_kick() == b"\x1bp\x01\x32\x32"


def test_code_page_is_selected_once_at_the_start() -> None:
    renderer = Renderer(profile="TM-T20II", code_page="CP858")
    data = renderer.render(PrintDocument(ops=(Text(text="Café €5"),), cut=False))
    assert data.startswith(b"\x1b@\x1bt\x13")  # CP858 is table 19
    assert "Café €5".encode("cp858") + b"\n" in data
    # The POS-5890 lists CP437 as 0, 50 and 52: the lowest is the one every clone has.
    assert POS58.render(PrintDocument(cut=False)).startswith(INIT)


@pytest.mark.parametrize(
    "op",
    [
        Barcode(data="8991234567890", symbology="EAN13"),  # wrong check digit
        Barcode(data="89912345", symbology="EAN13"),
        Barcode(data="Kopi ☕"),
        QRCode(data=""),
    ],
)
def test_unprintable_operations_are_refused(op: object) -> None:
    with pytest.raises(RenderError):
        TM.render(PrintDocument(ops=(op,)))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"profile": "NoSuchPrinter"}, "unknown printer profile"),
        ({"paper_width": 76}, "58 or 80"),
        ({"drawer_pin": 3}, "pin"),
        ({"code_page": "CP999"}, "code page"),
    ],
)
def test_bad_printer_settings_are_refused(options: dict[str, object], fragment: str) -> None:
    with pytest.raises(RenderError, match=fragment):
        Renderer(**options)  # type: ignore[arg-type]


def test_rendering_prints_nothing_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    TM.render(receipt_document())
    POS58.render(receipt_document())
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ""
