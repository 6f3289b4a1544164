"""Refunds against a receipt, reprints marked as copies, and a printer that is off."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from hardware.virtual.server import VirtualPrinter
from inventory import stock
from pos.cart import new_cart, scan
from pos.checkout import TenderInput, complete_sale
from pos.context import OutletContext
from pos.models import Refund, RefundLine, Shift
from pos.print_job import PrintJob, PrintJobState
from pos.tui.app import PosApp, build_app
from pos.tui.screens.refund import RefundScreen
from pos.tui.screens.sale import SaleScreen
from sync.journal import JournalEntry
from tests.factories import KOPI_EAN, MADU_EAN
from tests.pos.tui.conftest import (
    SIZE,
    free_port,
    network_printer,
    printed,
    receipt_text,
    screen_text,
    start_selling,
    type_text,
)
from tests.pos.tui.test_approvals import approve

pytestmark = pytest.mark.timeout(60)


def sell(context: OutletContext, shift: Shift, *codes: str) -> str:
    """A cash sale of ``codes`` made through the checkout service; returns its receipt number."""
    cart = new_cart("kasir", started_at=context.clock.now(), shift_id=shift.id)
    with context.store.read() as session:
        for code in codes:
            scan(session, cart, code)
    return complete_sale(context, cart, [TenderInput.cash(500_000)]).receipt_no


async def test_refund_part_of_a_receipt(app: PosApp, shift: Shift, virtual: VirtualPrinter) -> None:
    context = app.context
    receipt_no = sell(context, shift, f"3*{KOPI_EAN}", MADU_EAN)
    with context.store.read() as session:
        before = stock.on_hand(session, _product_id(context, "KOP-BJW-250"))
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "kasir")
        await pilot.press("tab")
        await type_text(pilot, "1234", enter=True)  # the shift is open: straight to selling
        assert isinstance(app.screen, SaleScreen)
        await pilot.press("f7")
        assert isinstance(app.screen, RefundScreen)
        await type_text(pilot, "BLU-20261122-9999", enter=True)
        assert app.bells == 1 and "BLU-20261122-9999" in screen_text(app)
        await type_text(pilot, receipt_no.lower(), enter=True)  # scanned or typed, any case
        await type_text(pilot, "5", enter=True)  # more than the 3 sold
        assert app.bells == 2 and "tidak bisa meretur 5" in screen_text(app)
        await type_text(pilot, "2", enter=True)
        assert "Rp130.000" in screen_text(app)
        await pilot.press("f12")
        await approve(pilot, reason="kemasan rusak")
        await printed(app)
        assert isinstance(app.screen, SaleScreen)
        assert "Rp130.000" in screen_text(app)

    with context.store.read() as session:
        refund = session.exec(select(Refund)).one()
        line = session.exec(select(RefundLine)).one()
        after = stock.on_hand(session, _product_id(context, "KOP-BJW-250"))
        entry = session.exec(
            select(JournalEntry).where(JournalEntry.kind == "refund.completed")
        ).one()
    assert (refund.total, refund.reason, line.quantity) == (130_000, "kemasan rusak", 2)
    assert after == before + 2
    assert json.loads(entry.payload)["receipt_no"] == receipt_no
    slip = receipt_text(virtual.wait_for_receipts(1)[0])
    assert refund.number in slip and receipt_no in slip


def _product_id(context: OutletContext, sku: str) -> str:
    from inventory.catalog import get_by_sku

    with context.store.read() as session:
        return get_by_sku(session, sku).id


async def test_reprint_is_marked_as_a_copy(app: PosApp, virtual: VirtualPrinter) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")  # nothing to reprint before login: F8 is a sale-screen key
        await start_selling(pilot)
        await pilot.press("f8")
        assert "Belum ada struk" in screen_text(app)
        await type_text(pilot, KOPI_EAN, enter=True)
        await pilot.press("f12", "f7")
        await printed(app)
        await pilot.press("enter", "f8")
        await printed(app)
        assert "BLU-20261122-0001 tercetak" in screen_text(app)
    first, second = (receipt_text(r) for r in virtual.wait_for_receipts(2, timeout=30))
    assert "SALINAN" not in first and "BLU-20261122-0001" in first
    assert "SALINAN" in second and "BLU-20261122-0001" in second


async def test_printer_off_keeps_the_sale_and_f8_prints_it_later(
    outlet: OutletContext, staff: None, products: object
) -> None:
    port = free_port()  # nothing listens here yet: the printer is switched off
    app = build_app(outlet, printer=network_printer(port))
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        await type_text(pilot, KOPI_EAN, enter=True)
        await pilot.press("f12", "f7")
        await printed(app)
        await pilot.press("enter")
        shown = screen_text(app)
        assert "Transaksi BLU-20261122-0001 tersimpan" in shown and "F8" in shown
        assert "GAGAL" in shown  # the header says the printer failed
        assert app.bells == 1
        with outlet.store.read() as session:
            job = session.exec(select(PrintJob)).one()
        assert job.state is PrintJobState.PENDING

        with VirtualPrinter(port=port) as virtual:  # switched on
            await pilot.press("f8")
            await printed(app)
            (receipt,) = virtual.wait_for_receipts(1)
        # Its first print was still owed: the original, not a copy.
        assert "BLU-20261122-0001" in receipt_text(receipt)
        assert "SALINAN" not in receipt_text(receipt)
        assert "siap" in screen_text(app)
