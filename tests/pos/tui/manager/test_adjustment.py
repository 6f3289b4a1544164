"""Stock adjustments through the screen: a small one straight away, one above the limit with a
manager's approval, and refused ones that change nothing."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.widgets import Static

from inventory.manager_models import AdjustmentReason, StockAdjustment
from pos.models import Approval, ApprovalAction
from pos.tui.app import PosApp
from pos.tui.dialogs.approval import ApprovalDialog
from pos.tui.manager.adjustment import AdjustmentScreen
from tests.factories import KOPI_EAN
from tests.inventory.manager.support import db_state
from tests.pos.conftest import MANAJER_PIN
from tests.pos.tui.conftest import SIZE, journal_kinds, type_text
from tests.pos.tui.manager.conftest import entry_key, fill, message, open_menu, stock_of

pytestmark = pytest.mark.timeout(60)


async def open_adjustment(pilot) -> AdjustmentScreen:  # type: ignore[no-untyped-def]
    await open_menu(pilot)
    await pilot.press(entry_key("adjustment"))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, AdjustmentScreen)
    return screen


async def adjust(pilot, code: str, quantity: str, reason: str, note: str = "") -> None:  # type: ignore[no-untyped-def]
    """Code, quantity, the reason (narrowed by typing), the note, Enter."""
    await fill(pilot, code, quantity, reason, note)


async def test_small_and_approved_adjustments(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_adjustment(pilot)
        await type_text(pilot, KOPI_EAN, enter=True)
        assert str(screen.query_one("#adj-product", Static).render()) == (
            "Kopi Arabika Flores Bajawa 250g (KOP-BJW-250), stok sekarang 20"
        )
        await fill(pilot, "-1", "rusak", "kemasan sobek")
        assert message(app) == (
            "Penyesuaian BLU-ADJ-20261122-0001: Kopi Arabika Flores Bajawa 250g -1, "
            "senilai Rp48.000. Stok sekarang 19."
        )
        # Six lost bags are worth Rp288.000, above the Rp250.000 limit: a manager approves.
        await adjust(pilot, "KOP-BJW-250", "-6", "hilang")
        assert isinstance(app.screen, ApprovalDialog)
        assert "melebihi batas Rp250.000" in message(app)
        await fill(pilot, "manajer", MANAJER_PIN, "hilang dari rak")
        assert message(app).startswith("Penyesuaian BLU-ADJ-20261122-0002")
        await adjust(pilot, "MDU-AMF-250", "2", "ditemukan")
        assert message(app).endswith("Stok sekarang 12.")

    with app.context.store.read() as session:
        rows = session.exec(select(StockAdjustment).order_by(StockAdjustment.number)).all()
        approval = session.exec(select(Approval)).one()
    assert [(r.reason, r.quantity, r.value, r.approver, r.note) for r in rows] == [
        (AdjustmentReason.DAMAGED, -1, 48_000, None, "kemasan sobek"),
        (AdjustmentReason.LOST, -6, 288_000, "manajer", None),
        (AdjustmentReason.FOUND, 2, 170_000, None, None),
    ]
    assert (approval.action, approval.subject) == (
        ApprovalAction.STOCK_ADJUSTMENT,
        "BLU-ADJ-20261122-0002",
    )
    assert stock_of(app, "KOP-BJW-250") == 13
    kinds = journal_kinds(app.context.store)
    assert kinds.count("stock.adjustment") == 3 and kinds[-1] == "stock.adjustment"


async def test_refused_adjustments_change_nothing(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_adjustment(pilot)
        before = db_state(app.context.store)
        await adjust(pilot, "KOP-BJW-250", "3", "rusak")  # damaged goods cannot add stock
        assert message(app).startswith("Alasan 'damaged' tidak cocok dengan jumlah 3")
        await adjust(pilot, "KOP-BJW-250", "-2x", "rusak")
        assert message(app) == "Baris KOP-BJW-250: jumlah '-2x' harus bilangan bulat."
        screen.field("adj-code").focus()
        await adjust(pilot, "KOP-BJW-250", "-9", "hilang")  # above the limit, approval cancelled
        assert isinstance(app.screen, ApprovalDialog)
        await pilot.press("escape")
        assert db_state(app.context.store) == before
