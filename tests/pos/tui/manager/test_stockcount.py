"""Stok opname through the screens: start, scan (+1) and typed quantities, the variance list
with its value, and a manager's approval turning it into count corrections."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlmodel import select
from textual.widgets import DataTable, Static

from inventory.manager_models import CountScope, CountStatus, StockCount, StockCountEntry
from inventory.models import MovementKind, StockMovement
from pos.models import Approval, ApprovalAction
from pos.tui.app import PosApp
from pos.tui.dialogs.approval import ApprovalDialog
from pos.tui.manager.choice import ChoiceDialog
from pos.tui.manager.stockcount import StockCountScreen
from tests.factories import KOPI_EAN, MADU_EAN, ean
from tests.inventory.manager.support import db_state, pdf_text
from tests.pos.conftest import MANAJER_PIN
from tests.pos.tui.conftest import SIZE, journal_kinds, type_text
from tests.pos.tui.manager.conftest import fill, message, open_menu, stock_of

pytestmark = pytest.mark.timeout(60)


def table_rows(screen: StockCountScreen) -> list[list[str]]:
    """The variance list as text."""
    table = screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


async def start_count(pilot, scope: str = "semua") -> StockCountScreen:  # type: ignore[no-untyped-def]
    """Menu entry 2; with no count open, choose the scope straight away."""
    await open_menu(pilot)
    await pilot.press("2")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ChoiceDialog)
    await type_text(pilot, scope, enter=True)
    (screen,) = [s for s in pilot.app.screen_stack if isinstance(s, StockCountScreen)]
    return screen


async def test_count_scan_type_and_approve(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_count(pilot)
        assert screen.number == "BLU-OPN-20261122-0001"
        for _ in range(3):
            await type_text(pilot, KOPI_EAN, enter=True)  # each scan counts one
        await type_text(pilot, "15*KOP-BJW-250", enter=True)
        assert message(app) == "Kopi Arabika Flores Bajawa 250g: 18 dihitung"
        await type_text(pilot, f"10*{MADU_EAN}", enter=True)
        assert table_rows(screen) == [
            ["KOP-BJW-250", "Kopi Arabika Flores Bajawa 250g", "20", "18", "-2", "-Rp96.000"],
            ["MDU-AMF-250", "Madu Hutan Amfoang 250ml", "10", "10", "0", "Rp0 *"],
        ]
        totals = str(screen.query_one("#count-totals", Static).render())
        assert totals == (
            "Kurang -Rp96.000   Lebih Rp0   Bersih -Rp96.000   Belum dihitung: 1 produk"
        )

        await pilot.press("f12")
        assert isinstance(app.screen, ApprovalDialog)
        await fill(pilot, "manajer", MANAJER_PIN, "selisih kemasan rusak")
        assert app.screen is screen
        done = re.search(r"dibukukan\. Laporan: (\S+\.pdf)$", message(app))
        assert done is not None, message(app)
        assert message(app).startswith("Opname BLU-OPN-20261122-0001 disetujui; 1 koreksi stok")
        report = pdf_text(Path(done[1]).read_bytes())
        assert "BLU-OPN-20261122-0001" in report and "-Rp96.000" in report

    with app.context.store.read() as session:
        count = session.exec(select(StockCount)).one()
        correction = session.exec(
            select(StockMovement).where(StockMovement.kind == MovementKind.COUNT_CORRECTION)
        ).one()
        approval = session.exec(select(Approval)).one()
    assert (count.status, count.scope, count.approver) == (
        CountStatus.APPROVED,
        CountScope.FULL,
        "manajer",
    )
    assert (correction.quantity, correction.reference) == (-2, "BLU-OPN-20261122-0001")
    assert (approval.action, approval.subject) == (ApprovalAction.STOCK_COUNT, count.number)
    assert approval.reason == "selisih kemasan rusak"
    assert stock_of(app, "KOP-BJW-250") == 18 and stock_of(app, "MDU-AMF-250") == 10
    assert journal_kinds(app.context.store)[-1] == "stock.count"


async def test_unknown_barcodes_and_negative_counts_change_nothing(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_count(pilot)
        await type_text(pilot, KOPI_EAN, enter=True)
        before = db_state(app.context.store)

        await type_text(pilot, ean(999), enter=True)
        assert message(app) == f"Barcode {ean(999)} tidak dikenal."
        await type_text(pilot, "-3*KOP-BJW-250", enter=True)
        assert message(app) == "Baris KOP-BJW-250: jumlah tidak boleh negatif (-3)."
        await type_text(pilot, "2*", enter=True)
        assert message(app).startswith("Tidak ada produk dengan barcode atau SKU '2*'")
        assert app.bells == 3
        assert db_state(app.context.store) == before

    with app.context.store.read() as session:
        entries = session.exec(select(StockCountEntry)).all()
    assert [(entry.quantity, entry.scanned) for entry in entries] == [(1, True)]


async def test_a_wrong_pin_approves_nothing(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_count(pilot)
        await type_text(pilot, "19*KOP-BJW-250", enter=True)
        await pilot.press("f12")
        await fill(pilot, "manajer", "1111", "selisih")
        assert isinstance(app.screen, ApprovalDialog)
        await pilot.press("escape")
        assert isinstance(app.screen, StockCountScreen)
    with app.context.store.read() as session:
        assert session.exec(select(StockCount)).one().status is CountStatus.OPEN
        assert session.exec(select(Approval)).all() == []
    assert stock_of(app, "KOP-BJW-250") == 20


async def test_an_open_count_is_taken_up_again(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_count(pilot, scope="kategori")
        assert isinstance(app.screen, ChoiceDialog)  # which category
        await type_text(pilot, "kopi", enter=True)
        assert screen.number == "BLU-OPN-20261122-0001"
        await type_text(pilot, "4*KOP-BJW-250", enter=True)
        await type_text(pilot, MADU_EAN, enter=True)  # not a Kopi product
        assert message(app).startswith("Madu Hutan Amfoang 250ml tidak termasuk opname")
        await pilot.press("escape", "2")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")  # the open count comes first
        screen = app.screen
        assert isinstance(screen, StockCountScreen) and screen.number == "BLU-OPN-20261122-0001"
        assert table_rows(screen)[0][:4] == [
            "KOP-BJW-250",
            "Kopi Arabika Flores Bajawa 250g",
            "20",
            "4",
        ]
