"""The plain parts of the till: QR drawing, the sync and printer states in the header, the
discount and percent formats, and a serial scanner feeding the sale screen."""

from __future__ import annotations

import os
import pty
import time
from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from hardware.virtual.server import VirtualPrinter
from inventory.errors import InvalidInputError
from pos.config import ScannerSettings, Settings
from pos.context import OutletContext
from pos.pricing import Discount, DiscountKind
from pos.print_queue import PrinterHealth, PrinterState, PrintQueue
from pos.tui.app import PosApp, build_app
from pos.tui.dialogs.discount import parse_discount
from pos.tui.printing import printer_state_text
from pos.tui.qr import qr_lines, qr_matrix
from pos.tui.widgets.cart import percent_text
from tests.factories import KOPI_EAN
from tests.pos.tui.conftest import QRIS_STATIC, SIZE, printed, start_selling, type_text

pytestmark = pytest.mark.timeout(60)

_HALF = {" ": (False, False), "▀": (True, False), "▄": (False, True), "█": (True, True)}


def test_half_blocks_carry_every_module_of_the_code() -> None:
    matrix = qr_matrix(QRIS_STATIC)
    lines = qr_lines(matrix)
    assert len(lines) == (len(matrix) + 1) // 2
    back: list[list[bool]] = []
    for line in lines:
        back.append([_HALF[char][0] for char in line])
        back.append([_HALF[char][1] for char in line])
    assert back[: len(matrix)] == matrix
    assert not any(matrix[0]) and not any(row[0] for row in matrix)  # the light quiet zone
    # A QRIS payload fits in a 30-row terminal with its title and reference field beside it.
    assert len(lines) <= 28 and len(lines[0]) <= 60


class _StateOnly(PrintQueue):
    def __init__(self, state: PrinterState) -> None:
        self.state = state

    def printer_state(self) -> PrinterState:
        return self.state


@pytest.mark.parametrize(
    ("state", "shown"),
    [
        (PrinterState(PrinterHealth.OK), "siap"),
        (PrinterState(PrinterHealth.OK, "paper_near_end"), "kertas hampir habis"),
        (PrinterState(PrinterHealth.UNKNOWN), "belum dicek"),
        (PrinterState(PrinterHealth.FAILED, "not_configured"), "belum diatur"),
        (PrinterState(PrinterHealth.FAILED, "paper_out"), "GAGAL - Kertas printer habis."),
    ],
)
def test_printer_state_in_the_header(state: PrinterState, shown: str) -> None:
    assert printer_state_text(_StateOnly(state)) == shown


def test_discounts_as_cashiers_type_them() -> None:
    assert parse_discount("10%") == Discount(DiscountKind.PERCENT, 1000)
    assert parse_discount("12,5%") == Discount(DiscountKind.PERCENT, 1250)
    assert parse_discount("Rp5.000") == Discount(DiscountKind.AMOUNT, 5000)
    assert parse_discount("0") is None and parse_discount("") is None
    with pytest.raises(InvalidInputError):
        parse_discount("sepuluh")
    assert (percent_text(1000), percent_text(1250), percent_text(1205)) == (
        "10%",
        "12,5%",
        "12,05%",
    )


async def test_a_serial_scanner_adds_to_the_cart(
    outlet: OutletContext, staff: None, products: object, settings: Settings
) -> None:
    master, slave = pty.openpty()
    device = os.ttyname(slave)
    settings.scanner = ScannerSettings(driver="serial", serial_device=device)
    app = build_app(outlet)
    assert app.scanner is not None
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        os.write(master, f"{KOPI_EAN}\r{KOPI_EAN}\r".encode())
        await _until(pilot, lambda: _quantities(app) == [2])
        assert app.bells == 0
    os.close(master)
    os.close(slave)
    assert app.scanner.state.value == "stopped"


def _quantities(app: PosApp) -> list[int]:
    return [line.quantity for line in app.till.cart.lines] if app.till.cart else []


async def _until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 10) -> None:
    """Let the app run until ``condition()`` holds (a reader thread delivers the scans)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the scans never reached the cart"
        await pilot.pause(0.05)


async def test_printing_writes_nothing_to_the_terminal(
    app: PosApp, virtual: VirtualPrinter, capfd: pytest.CaptureFixture[str]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        await type_text(pilot, KOPI_EAN, enter=True)
        await pilot.press("f12", "f7")
        await printed(app)
    assert virtual.wait_for_receipts(1)[0].barcodes  # a barcode was printed...
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""  # ...and nobody said so on the terminal
