"""The shift at the till: cash in and out, the X report, and closing with a blind count, the Z
report printed and saved as PDF, and the cashier logged out."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader
from sqlmodel import select

from hardware.virtual.server import VirtualPrinter
from pos.models import CashMovement, CashMovementKind, Shift
from pos.tui.app import PosApp
from pos.tui.dialogs.count import CountDialog
from pos.tui.dialogs.report import ReportDialog
from pos.tui.screens.login import LoginScreen
from pos.tui.screens.open_shift import OpenShiftScreen
from pos.tui.screens.sale import SaleScreen
from sync.journal import JournalEntry
from tests.factories import KOPI_EAN
from tests.pos.tui.conftest import (
    SIZE,
    log_in,
    printed,
    receipt_text,
    screen_text,
    start_selling,
    type_text,
)

pytestmark = pytest.mark.timeout(60)


async def test_cash_out_x_report_and_close_with_z_report(
    app: PosApp, virtual: VirtualPrinter
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot, "200000")
        await type_text(pilot, KOPI_EAN, enter=True)
        await pilot.press("f12", "f7")  # Rp65.000 cash
        await printed(app)
        await pilot.press("enter")

        await pilot.press("f9", "f9")  # cash out
        await type_text(pilot, "50000\rsetor ke bank", enter=True)  # one burst
        assert "Kas keluar Rp50.000 dicatat" in screen_text(app)

        await pilot.press("f10")
        await pilot.press("enter")  # X report, the first entry
        assert isinstance(app.screen, ReportDialog)
        assert "LAPORAN X" in screen_text(app).upper()
        await pilot.press("enter")

        await pilot.press("f10", "down", "enter")  # close shift
        assert isinstance(app.screen, CountDialog)
        assert "215.000" not in screen_text(app)  # a blind count: nothing expected is shown
        # One burst: 2 x Rp100.000, no Rp50.000 or Rp20.000 notes, 1 x Rp10.000.
        await type_text(pilot, "2\r\r\r1", enter=True)
        await pilot.press("f12")
        await printed(app)
        assert isinstance(app.screen, ReportDialog)
        shown = " ".join(screen_text(app).split())
        assert "Seharusnya Rp215.000" in shown and "Dihitung Rp210.000" in shown
        assert "Selisih -Rp5.000" in shown
        await pilot.press("enter")
        assert isinstance(app.screen, LoginScreen)
        assert app.till.cashier is None and app.till.shift is None

        await log_in(pilot)  # the next cashier opens a new shift
        assert isinstance(app.screen, OpenShiftScreen)

    with app.context.store.read() as session:
        shift = session.exec(select(Shift)).one()
        movement = session.exec(select(CashMovement)).one()
        closed = session.exec(select(JournalEntry).where(JournalEntry.kind == "shift.closed")).one()
    assert (movement.kind, movement.amount, movement.reason) == (
        CashMovementKind.CASH_OUT,
        50_000,
        "setor ke bank",
    )
    assert (shift.cash_expected, shift.cash_counted) == (215_000, 210_000)
    assert json.loads(shift.counts or "{}") == {"n100000": 2, "n10000": 1}
    assert json.loads(closed.payload)["summary"]["variance"] == -5_000

    pdf = app.context.store.path.parent / "reports" / "Z-BLU-0001.pdf"
    pdf_text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "210.000" in pdf_text and "215.000" in pdf_text
    receipts = [receipt_text(r) for r in virtual.wait_for_receipts(2)]
    assert "LAPORAN Z" in receipts[1].upper() and "Rp210.000" in receipts[1]


async def test_closing_waits_for_the_sale_in_progress(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        await type_text(pilot, KOPI_EAN, enter=True)
        await pilot.press("f10", "down", "enter")
        assert isinstance(app.screen, SaleScreen)
        assert "Selesaikan atau tahan" in screen_text(app)
        await pilot.press("f10", "down", "down", "down", "enter")  # log out: the sale is held
        assert isinstance(app.screen, LoginScreen)
    with app.context.store.read() as session:
        assert session.exec(select(Shift)).one().closed_at is None
