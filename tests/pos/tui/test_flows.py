"""Whole till flows driven through Pilot: login, shift, scanning, payment, printing.

Each test asserts on the database, the journal and the receipt the virtual printer decoded.
"""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.widgets import Digits, Input, Static

from hardware.virtual.server import VirtualPrinter
from pos.models import Payment, Sale, SaleLine, Shift, TenderKind
from pos.tui.app import PosApp
from pos.tui.dialogs.change import ChangeDialog
from pos.tui.screens.login import LoginScreen
from pos.tui.screens.open_shift import OpenShiftScreen
from pos.tui.screens.payment import PaymentScreen
from pos.tui.screens.sale import SaleScreen
from pos.tui.widgets.cart import CartTable
from tests.factories import KOPI_EAN, MADU_EAN, ean
from tests.pos.tui.conftest import (
    SIZE,
    journal_kinds,
    log_in,
    printed,
    receipt_text,
    settle,
    start_selling,
    type_text,
)

pytestmark = pytest.mark.timeout(60)


def message(app: PosApp) -> str:
    """The message line of the sale screen."""
    return str(app.screen.query_one("#sale-message", Static).render())


async def test_cash_sale_from_login_to_printed_receipt(
    app: PosApp, virtual: VirtualPrinter
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, LoginScreen)
        await log_in(pilot)
        assert isinstance(app.screen, OpenShiftScreen)
        await type_text(pilot, "200.000", enter=True)
        assert isinstance(app.screen, SaleScreen)
        assert app.screen.focused is app.screen.query_one("#scan", Input)

        await type_text(pilot, f"2*{KOPI_EAN}", enter=True)
        await type_text(pilot, MADU_EAN, enter=True)
        await type_text(pilot, KOPI_EAN, enter=True)  # a third kopi joins its line
        assert app.till.cart is not None
        assert [(line.sku, line.quantity) for line in app.till.cart.lines] == [
            ("KOP-BJW-250", 3),
            ("MDU-AMF-250", 1),
        ]
        await pilot.press("up", "f3")  # the cursor moves to kopi: two, not three
        await type_text(pilot, "2", enter=True)
        # Fewer is a partial void: a manager approves it.
        await type_text(pilot, "manajer\r9999\rsalah hitung", enter=True)  # one burst
        assert isinstance(app.screen, SaleScreen)
        assert app.till.cart.lines[0].quantity == 2

        await pilot.press("f12")
        assert isinstance(app.screen, PaymentScreen)
        await pilot.press("f9")  # the second suggested note above Rp215.000: Rp250.000
        await printed(app)
        assert isinstance(app.screen, ChangeDialog)
        assert "Rp250.000" in str(app.screen.query_one("#paid", Static).render())
        assert app.screen.query_one("#change", Digits).value == "35.000"
        await pilot.press("enter")
        assert isinstance(app.screen, SaleScreen)
        assert app.till.cart is None or app.till.cart.is_empty
        assert "BLU-20261122-0001" in message(app)

    with app.context.store.read() as session:
        sale = session.exec(select(Sale)).one()
        lines = session.exec(select(SaleLine).order_by(SaleLine.line_no)).all()
        payment = session.exec(select(Payment)).one()
        shift = session.exec(select(Shift)).one()
    assert (sale.receipt_no, sale.total, sale.change) == ("BLU-20261122-0001", 215_000, 35_000)
    assert [(line.sku, line.quantity) for line in lines] == [("KOP-BJW-250", 2), ("MDU-AMF-250", 1)]
    assert (payment.tender, payment.tendered) == (TenderKind.CASH, 250_000)
    assert shift.opening_float == 200_000 and sale.shift_id == shift.id
    # The manager's approval of the lower quantity is audited between the two.
    assert journal_kinds(app.context.store)[-3:] == ["shift.opened", "audit", "sale.completed"]

    (receipt,) = virtual.wait_for_receipts(1)
    text = receipt_text(receipt)
    assert "BLU-20261122-0001" in text
    assert "Kopi Arabika Flores Bajawa 250g" in text and "Madu Hutan Amfoang 250ml" in text
    assert "Rp215.000" in text and "Rp35.000" in text
    assert [barcode.data for barcode in receipt.barcodes] == ["BLU-20261122-0001"]


async def test_bad_scans_ring_the_bell_and_add_nothing(app: PosApp) -> None:
    wrong_check = KOPI_EAN[:-1] + str((int(KOPI_EAN[-1]) + 1) % 10)
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        await type_text(pilot, wrong_check, enter=True)
        assert app.bells == 1
        assert message(app).startswith(f"Digit periksa barcode '{wrong_check}' salah")
        await type_text(pilot, ean(999), enter=True)
        assert app.bells == 2
        assert message(app) == f"Barcode {ean(999)} tidak dikenal."
        assert app.till.cart is not None and app.till.cart.is_empty
        assert app.screen.query_one("#scan", Input).value == ""


async def test_scans_arriving_back_to_back_in_one_burst(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        # Three scans, 13 digits and Enter each, all queued before the app handles any.
        await type_text(pilot, f"{KOPI_EAN}\r{MADU_EAN}\r3*{KOPI_EAN}", enter=True)
        assert app.till.cart is not None
        assert [(line.sku, line.quantity) for line in app.till.cart.lines] == [
            ("KOP-BJW-250", 4),
            ("MDU-AMF-250", 1),
        ]
        assert app.bells == 0


async def test_the_line_just_scanned_is_selected_at_once(app: PosApp) -> None:
    """The cursor reaches a new line once the table has measured it (so it scrolls in the same
    repaint); a key handled before that (Up, F3, F6) already acts on the new line."""
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        sale = app.screen
        assert isinstance(sale, SaleScreen)
        # No await in between: the table has not been idle since the lines were added.
        sale.scan(KOPI_EAN)
        sale.scan(MADU_EAN)
        assert sale.selected_index() == 1
        sale.action_cursor(-1)
        assert sale.selected_index() == 0
        await settle(pilot)  # the table measures its lines; the cursor stays where Up put it
        assert sale.query_one(CartTable).cursor_row == 0
        sale.scan(KOPI_EAN)  # a second Kopi: its line is updated and selected
        assert sale.selected_index() == 0
        await settle(pilot)
        assert sale.query_one(CartTable).cursor_row == 0


async def test_typing_a_scan_lays_out_nothing(app: PosApp) -> None:
    """Each digit only repaints the scan field: a layout pass would reflow the whole sale
    screen (cart table, scroll bar, totals) thirteen times per barcode."""
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        await type_text(pilot, KOPI_EAN, enter=True)  # the table and totals change: a layout
        screen = app.screen
        layouts = 0
        refresh_layout = screen._refresh_layout

        def counted(*args: object, **kwargs: object) -> None:
            nonlocal layouts
            layouts += 1
            refresh_layout(*args, **kwargs)  # type: ignore[arg-type]

        screen._refresh_layout = counted  # type: ignore[method-assign]
        for digit in MADU_EAN:
            await type_text(pilot, digit)
        assert screen.query_one("#scan", Input).value == MADU_EAN
        assert layouts == 0


async def test_quit_only_from_the_login_screen(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        await pilot.press("ctrl+q")
        assert app.is_running and app.bells == 1
        await pilot.press("enter")  # close the notice
        assert isinstance(app.screen, SaleScreen)
