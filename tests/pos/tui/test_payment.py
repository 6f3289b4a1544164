"""Payment: QRIS with its code drawn in the terminal, card references, split tenders."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.widgets import Static

from hardware.virtual.server import VirtualPrinter
from pos import qris
from pos.models import Payment, Sale, TenderKind
from pos.tui.app import PosApp
from pos.tui.dialogs.change import ChangeDialog
from pos.tui.dialogs.tender import TenderDialog
from pos.tui.qr import qr_text
from pos.tui.screens.payment import PaymentScreen, suggested_cash
from tests.factories import KOPI_EAN, MADU_EAN
from tests.pos.tui.conftest import (
    QRIS_STATIC,
    SIZE,
    printed,
    receipt_text,
    screen_text,
    start_selling,
    type_text,
)

pytestmark = pytest.mark.timeout(60)


def test_suggested_cash_is_the_next_round_notes() -> None:
    assert suggested_cash(215_000) == [220_000, 250_000]
    assert suggested_cash(65_000) == [70_000, 100_000]
    assert suggested_cash(100_000) == []


async def test_qris_shows_the_dynamic_code_and_records_an_unverified_payment(
    app: PosApp, virtual: VirtualPrinter
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        await type_text(pilot, MADU_EAN, enter=True)
        await pilot.press("f12", "f3", "enter")
        assert isinstance(app.screen, TenderDialog)
        expected = qris.with_amount(QRIS_STATIC, 85_000)
        assert app.screen.payload == expected
        drawn = app.screen.query_one("#qr", Static).render()
        assert str(drawn) == str(qr_text(expected))
        await type_text(pilot, "QR-7781", enter=True)
        await printed(app)
        assert isinstance(app.screen, ChangeDialog)

    with app.context.store.read() as session:
        payment = session.exec(select(Payment)).one()
        sale = session.exec(select(Sale)).one()
    assert (payment.tender, payment.amount, payment.reference) == (
        TenderKind.QRIS,
        85_000,
        "QR-7781",
    )
    assert payment.verified is False
    assert sale.rounding == 0 and sale.total == 85_000  # non-cash pays the exact amount
    text = receipt_text(virtual.wait_for_receipts(1)[0])
    assert "QRIS" in text and "QR-7781" in text


async def test_split_between_card_and_cash(app: PosApp, virtual: VirtualPrinter) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        await type_text(pilot, f"{KOPI_EAN}\r{MADU_EAN}", enter=True)  # Rp150.000
        await pilot.press("f12", "f4")  # debit card
        await type_text(pilot, "100000", enter=True)
        assert isinstance(app.screen, TenderDialog)
        await pilot.press("enter")  # the EDC approval code is required
        assert "referensi" in str(app.screen.query_one("#tender-message", Static).render())
        await type_text(pilot, "AP123456", enter=True)
        assert isinstance(app.screen, PaymentScreen)
        shown = screen_text(app)
        assert "Kartu Debit (AP123456)" in shown
        assert "Sisa" in shown and "Rp50.000" in shown  # what is left
        await type_text(pilot, "60000", enter=True)  # cash for the rest
        await printed(app)
        assert isinstance(app.screen, ChangeDialog)

    with app.context.store.read() as session:
        payments = {p.tender: p for p in session.exec(select(Payment)).all()}
        sale = session.exec(select(Sale)).one()
    assert payments[TenderKind.DEBIT].amount == 100_000
    assert payments[TenderKind.DEBIT].reference == "AP123456"
    assert (payments[TenderKind.CASH].amount, payments[TenderKind.CASH].tendered) == (
        50_000,
        60_000,
    )
    assert (sale.total, sale.change) == (150_000, 10_000)
    text = receipt_text(virtual.wait_for_receipts(1)[0])
    assert "Kartu Debit" in text and "AP123456" in text


async def test_too_little_cash_is_not_a_sale(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        await type_text(pilot, KOPI_EAN, enter=True)
        await pilot.press("f12")
        await type_text(pilot, "50000", enter=True)  # Rp15.000 short: waits for more
        assert isinstance(app.screen, PaymentScreen)
        await pilot.press("f10")  # take that tender back
        assert app.screen.tenders == []
        await pilot.press("escape")  # back to the cart, nothing recorded
        assert app.till.cart is not None and len(app.till.cart.lines) == 1
    with app.context.store.read() as session:
        assert session.exec(select(Sale)).first() is None
