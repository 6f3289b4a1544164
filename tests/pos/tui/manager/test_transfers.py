"""Transfers through the screens: sending goods, and confirming what arrived of an incoming
transfer (more than was sent is refused and changes nothing)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select
from textual.widgets import DataTable

from inventory.documents import TransferDoc, TransferLineDoc
from inventory.ids import new_id
from inventory.manager_models import StockTransfer, StockTransferLine, TransferStatus
from inventory.stamp import Stamp
from inventory.transfers import import_transfer
from pos.context import OutletContext
from pos.tui.app import PosApp
from pos.tui.manager.transfers import (
    TransferConfirmScreen,
    TransferSendScreen,
    TransfersScreen,
)
from tests.factories import KOPI_EAN, MADU_EAN
from tests.inventory.manager.support import db_state
from tests.pos.tui.conftest import SIZE, journal_kinds, type_text
from tests.pos.tui.manager.conftest import entry_key, fill, message, open_menu, stock_of

pytestmark = pytest.mark.timeout(60)
INCOMING = "KPG-TRF-20261121-0001"


@pytest.fixture
def incoming(outlet: OutletContext, stamp: Stamp, products: object) -> None:
    """6 kopi and 4 madu sent from Kupang yesterday, waiting for confirmation here."""
    doc = TransferDoc(
        id=new_id(),
        number=INCOMING,
        from_outlet="KPG",
        to_outlet="BLU",
        actor="budi",
        sent_at=datetime(2026, 11, 21, 1, 0, tzinfo=UTC),
        lines=[
            TransferLineDoc(
                product_id=new_id(),
                sku="KOP-BJW-250",
                name="Kopi Arabika Flores Bajawa 250g",
                barcodes=[KOPI_EAN],
                quantity=6,
            ),
            TransferLineDoc(
                product_id=new_id(),
                sku="MDU-AMF-250",
                name="Madu Hutan Amfoang 250ml",
                barcodes=[MADU_EAN],
                quantity=4,
            ),
        ],
    )
    with outlet.store.write() as session:
        import_transfer(session, stamp, doc)


async def open_transfers(pilot) -> TransfersScreen:  # type: ignore[no-untyped-def]
    await open_menu(pilot)
    await pilot.press(entry_key("transfers"))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, TransfersScreen)
    return screen


async def test_send_goods_to_another_outlet(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_transfers(pilot)
        assert message(app) == "Belum ada transfer."
        await pilot.press("f2")
        assert isinstance(app.screen, TransferSendScreen)
        await fill(pilot, "kpg", KOPI_EAN, KOPI_EAN, "3*MDU-AMF-250")
        await pilot.press("f12")
        assert message(app) == (
            "Transfer BLU-TRF-20261122-0001 dikirim ke KPG; barang dalam perjalanan sampai "
            "dikonfirmasi."
        )
        await pilot.press("escape")
        table = app.screen.query_one(DataTable)
        assert [str(c) for c in table.get_row_at(0)][:3] == [
            "BLU-TRF-20261122-0001",
            "Keluar",
            "BLU → KPG",
        ]
    with app.context.store.read() as session:
        lines = session.exec(select(StockTransferLine).order_by(StockTransferLine.line_no)).all()
    assert [line.sent for line in lines] == [2, 3]
    assert stock_of(app, "KOP-BJW-250") == 18 and stock_of(app, "MDU-AMF-250") == 7
    assert journal_kinds(app.context.store)[-1] == "transfer.sent"


async def test_sending_more_than_on_hand_is_refused(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_transfers(pilot)
        await pilot.press("f2")
        before = db_state(app.context.store)
        await fill(pilot, "KPG", "25*KOP-BJW-250")
        await pilot.press("f12")
        assert message(app).startswith("Kopi Arabika Flores Bajawa 250g")
        assert "20" in message(app)
        assert db_state(app.context.store) == before


@pytest.mark.usefixtures("incoming")
async def test_confirm_what_arrived(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_transfers(pilot)
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, TransferConfirmScreen)
        before = db_state(app.context.store)
        await type_text(pilot, "7", enter=True)  # more kopi than was sent: refused at F12
        await pilot.press("f12")
        assert message(app) == (
            "Kopi Arabika Flores Bajawa 250g: diterima 7 melebihi yang dikirim (6); "
            "tidak bisa dikonfirmasi."
        )
        assert db_state(app.context.store) == before
        await pilot.press("up")
        await fill(pilot, "5")  # five kopi arrived; madu as sent
        await pilot.press("f12")
        assert message(app) == (f"Transfer {INCOMING} dikonfirmasi; 1 baris berselisih dicatat.")
    with app.context.store.read() as session:
        transfer = session.exec(select(StockTransfer)).one()
        lines = session.exec(select(StockTransferLine).order_by(StockTransferLine.line_no)).all()
    assert transfer.status is TransferStatus.RECEIVED and transfer.confirmed_by == "manajer"
    assert [(line.sent, line.received) for line in lines] == [(6, 5), (4, 4)]
    assert stock_of(app, "KOP-BJW-250") == 25 and stock_of(app, "MDU-AMF-250") == 14
    assert journal_kinds(app.context.store)[-1] == "transfer.received"


@pytest.mark.usefixtures("incoming")
async def test_a_negative_arrival_is_refused(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_transfers(pilot)
        await pilot.press("enter")
        await type_text(pilot, "-1*MDU-AMF-250", enter=True)
        assert message(app) == "Baris MDU-AMF-250: jumlah tidak boleh negatif (-1)."
