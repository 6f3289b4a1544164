"""Titip jual through the screen: a producer's summary, a settlement preview, settling the
period (statement PDF) and recording the payout; an empty period is refused."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select
from textual.widgets import DataTable, Static

from inventory.manager_models import (
    ConsignmentSettlement,
    PayoutMethod,
    ReceivingMode,
    SettlementStatus,
)
from inventory.models import Product
from inventory.receiving import ReceivingLineInput, receive
from inventory.stamp import Stamp
from pos.context import OutletContext
from pos.tui.app import PosApp
from pos.tui.manager.consignment import ConsignmentScreen
from pos.tui.manager.payout import PayoutDialog
from tests.inventory.manager.support import at, db_state, pdf_text, sell
from tests.pos.tui.conftest import SIZE, journal_kinds, type_text
from tests.pos.tui.manager.conftest import entry_key, fill, message, open_menu

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def october(outlet: OutletContext, stamp: Stamp, products: dict[str, Product]) -> None:
    """24 bags of kopi received on consignment on 5 October, 5 sold on 10 October."""
    with outlet.store.write() as session:
        receive(
            session,
            at(stamp, datetime(2026, 10, 5, 2, 0, tzinfo=UTC)),
            mode=ReceivingMode.CONSIGNMENT,
            lines=[ReceivingLineInput(code="KOP-BJW-250", quantity=24, unit_price=52_000)],
            producer_id=products["kopi"].producer_id,
        )
        sell(
            session,
            at(stamp, datetime(2026, 10, 10, 3, 0, tzinfo=UTC)),
            products["kopi"],
            5,
            325_000,
        )


def rows(screen: ConsignmentScreen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


async def open_consignment(pilot) -> ConsignmentScreen:  # type: ignore[no-untyped-def]
    await open_menu(pilot)
    await pilot.press(entry_key("consignment"))
    await pilot.pause()
    await type_text(pilot, "fa masa", enter=True)
    screen = pilot.app.screen
    assert isinstance(screen, ConsignmentScreen)
    return screen


@pytest.mark.usefixtures("october")
async def test_summary_preview_settle_and_pay(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_consignment(pilot)
        assert rows(screen) == [
            ["KOP-BJW-250", "Kopi Arabika Flores Bajawa 250g", "44", "5", "0", "39"]
        ]
        # The period defaults to last month: 01/10/2026 to 31/10/2026.
        await pilot.press("f5")
        assert rows(screen) == [
            ["KOP-BJW-250", "Kopi Arabika Flores Bajawa 250g", "5", "Rp325.000"]
        ]
        totals = str(screen.query_one("#consign-preview", Static).render())
        assert totals == (
            "Penjualan Rp325.000   Komisi 15% Rp48.750   Dibayar ke produsen Rp276.250"
        )
        with app.context.store.read() as session:
            assert session.exec(select(ConsignmentSettlement)).all() == []

        await pilot.press("f12")
        settled = re.search(r"Nota: (\S+\.pdf)$", message(app))
        assert settled is not None, message(app)
        assert message(app).startswith(
            "Penyelesaian BLU-STL-20261122-0001 tersimpan: dibayar ke produsen Rp276.250."
        )
        statement = pdf_text(Path(settled[1]).read_bytes())
        assert "Koperasi Kopi Fa Masa Bajawa" in statement and "Rp276.250" in statement

        await pilot.press("f12")  # the same period again
        assert message(app) == (
            "Periode 2026-10-01 s.d. 2026-10-31 untuk Koperasi Kopi Fa Masa Bajawa sudah "
            "diselesaikan (BLU-STL-20261122-0001); tidak ada yang diselesaikan dua kali."
        )

        await pilot.press("f6")
        await pilot.press("enter")  # the one unpaid settlement; then the method is asked
        await pilot.pause()
        await type_text(pilot, "transfer", enter=True)
        assert isinstance(app.screen, PayoutDialog)
        await fill(pilot, "", "")  # a transfer needs its reference
        assert "referensi" in str(app.screen.query_one("#payout-message", Static).render()).lower()
        await fill(pilot, "BRI 0098123", "21/11/2026")
        assert isinstance(app.screen, ConsignmentScreen)
        assert message(app) == (
            "BLU-STL-20261122-0001 dibayar Rp276.250 (Transfer bank); periode ini ditutup."
        )

    with app.context.store.read() as session:
        row = session.exec(select(ConsignmentSettlement)).one()
    assert (row.gross, row.commission, row.payable, row.quantity) == (325_000, 48_750, 276_250, 5)
    assert row.status is SettlementStatus.PAID and row.payout_method is PayoutMethod.TRANSFER
    assert row.payout_reference == "BRI 0098123" and row.paid_on is not None
    assert row.paid_on.isoformat() == "2026-11-21"
    assert journal_kinds(app.context.store)[-2:] == [
        "consignment.settlement",
        "consignment.payout",
    ]


@pytest.mark.usefixtures("october")
async def test_settling_an_empty_period_is_refused(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_consignment(pilot)
        before = db_state(app.context.store)
        screen.query_one("#consign-from").focus()
        await fill(pilot, "01/09/2026", "30/09/2026")
        await pilot.press("f12")
        assert message(app) == (
            "Tidak ada penjualan titip jual Koperasi Kopi Fa Masa Bajawa yang belum "
            "diselesaikan pada 2026-09-01 s.d. 2026-09-30."
        )
        await pilot.press("f6")
        assert (
            message(app)
            == "Tidak ada penyelesaian Koperasi Kopi Fa Masa Bajawa yang belum dibayar."
        )
        assert db_state(app.context.store) == before
