"""Retur ke produsen through the manager screen: producer, scanned lines, reason, F12; refusals
store nothing."""

from __future__ import annotations

import pytest
from sqlmodel import select

from inventory.manager_models import ProducerReturn
from inventory.models import MovementKind, Product, StockMovement
from inventory.stamp import Stamp
from inventory.stock import MovementRequest, record_movements
from pos.context import OutletContext
from pos.tui.app import PosApp
from pos.tui.manager.choice import ChoiceDialog
from pos.tui.manager.returns import ReturnsScreen
from tests.factories import MADU_EAN
from tests.pos.tui.conftest import SIZE, journal_kinds
from tests.pos.tui.manager.conftest import entry_key, fill, open_menu, stock_of

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def consigned(outlet: OutletContext, stamp: Stamp, products: dict[str, Product]) -> None:
    """Madu Hutan Amfoang has 6 jars here on consignment (16 on hand in all)."""
    with outlet.store.write() as session:
        record_movements(
            session,
            stamp,
            [MovementRequest(products["madu"].id, MovementKind.CONSIGN_IN, 6, reference="titip")],
        )


async def open_returns(pilot) -> None:  # type: ignore[no-untyped-def]
    await open_menu(pilot)
    await pilot.press(entry_key("returns"))
    await pilot.pause()


@pytest.mark.usefixtures("consigned")
async def test_goods_go_back_to_their_producer(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_returns(pilot)
        assert isinstance(app.screen, ChoiceDialog)  # only producers with consignment goods
        assert [label for _, label in app.screen.choices] == ["Madu Hutan Amfoang"]
        await fill(pilot, "amfoang")
        screen = app.screen
        assert isinstance(screen, ReturnsScreen)
        await pilot.press("f12")  # no reason yet
        assert "alasannya" in screen.message()
        await pilot.press("f4")
        await fill(pilot, "kedaluwarsa")
        await fill(pilot, f"3*{MADU_EAN}", "KOP-BJW-250")
        assert [(line.sku, line.quantity) for line in screen.lines] == [
            ("MDU-AMF-250", 3),
            ("KOP-BJW-250", 1),
        ]
        before = journal_kinds(app.context.store)
        await pilot.press("f12")  # kopi is not Amfoang's: refused, nothing stored
        assert "bukan barang titip jual" in screen.message()
        assert journal_kinds(app.context.store) == before
        screen.query_one("#ret-lines").move_cursor(row=1)  # type: ignore[attr-defined]
        await pilot.press("f6")
        await fill(pilot, f"2*{MADU_EAN}")  # five jars in all
        await pilot.press("f12")
        assert "5 barang dikembalikan ke Madu Hutan Amfoang" in screen.message()
        assert screen.lines == []

    assert journal_kinds(app.context.store)[-1] == "consignment.return"
    assert stock_of(app, "MDU-AMF-250") == 11
    with app.context.store.read() as session:
        (returned,) = session.exec(select(ProducerReturn)).all()
        movement = session.exec(
            select(StockMovement).where(StockMovement.kind == MovementKind.RETURN_TO_PRODUCER)
        ).one()
    assert returned.reason == "expired"
    assert (movement.quantity, movement.reference) == (-5, returned.number)


@pytest.mark.usefixtures("consigned")
async def test_more_than_on_hand_is_refused(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_returns(pilot)
        await fill(pilot, "amfoang")
        await pilot.press("f4")
        await fill(pilot, "tidak laku", f"20*{MADU_EAN}")
        before = journal_kinds(app.context.store)
        await pilot.press("f12")
        screen = app.screen
        assert isinstance(screen, ReturnsScreen)
        assert "stok hanya 16" in screen.message()
        assert journal_kinds(app.context.store) == before
        assert stock_of(app, "MDU-AMF-250") == 16


@pytest.mark.usefixtures("consigned")
def test_snapshot(snap_compare, app: PosApp) -> None:  # type: ignore[no-untyped-def]
    """Retur ke produsen: Amfoang, expired, three jars scanned, before F12."""
    from textual.widgets import Input

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await open_returns(pilot)
        await fill(pilot, "amfoang")
        await pilot.press("f4")
        await fill(pilot, "kedaluwarsa", f"3*{MADU_EAN}")
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
