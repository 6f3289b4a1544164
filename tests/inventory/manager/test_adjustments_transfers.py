"""Adjustments with reasons and approval; transfers sent, imported and confirmed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from inventory import stock
from inventory.adjustments import adjust_stock
from inventory.db import Store
from inventory.documents import (
    KIND_ADJUSTMENT,
    KIND_TRANSFER_IN,
    KIND_TRANSFER_OUT,
    AdjustmentDoc,
    TransferDoc,
    TransferReceiptDoc,
)
from inventory.errors import NttMartError
from inventory.manager_models import AdjustmentReason, ReceivingMode, TransferStatus
from inventory.models import MovementKind, StockMovement
from inventory.outlet import open_store
from inventory.receiving import ReceivingLineInput, receive
from inventory.stamp import Stamp
from inventory.transfers import confirm_transfer, import_transfer, send_transfer, transfer_view
from sync.journal import JournalEntry
from tests.conftest import FROZEN_NOW
from tests.factories import KOPI_EAN, MADU_EAN, ean
from tests.inventory.manager.support import db_state, make_item

LIMIT = 250_000


@pytest.fixture
def kupang(tmp_path: Path) -> Iterator[Store]:
    """The database of a second outlet, KPG."""
    opened = open_store(
        tmp_path / "kpg.db",
        outlet_code="KPG",
        outlet_name="NTT Mart Kupang",
        now=FROZEN_NOW,
        create=True,
    )
    yield opened
    opened.close()


def _stocked(store: Store, stamp: Stamp) -> None:
    with store.write() as session:
        make_item(session, stamp, "KOP", name="Kopi Bajawa", cost=45_000, barcodes=[KOPI_EAN])
        make_item(session, stamp, "MADU", name="Madu Hutan", price=85_000, barcodes=[MADU_EAN])
        receive(
            session,
            stamp,
            mode=ReceivingMode.PURCHASE,
            lines=[
                ReceivingLineInput("KOP", 20, unit_price=45_000),
                ReceivingLineInput("MADU", 6, unit_price=60_000),
            ],
        )


def test_adjustment_reasons_values_and_approval(store: Store, stamp: Stamp) -> None:
    _stocked(store, stamp)
    with store.write() as session:
        damaged = adjust_stock(
            session,
            stamp,
            code=KOPI_EAN,
            quantity=-2,
            reason=AdjustmentReason.DAMAGED,
            approval_above=LIMIT,
            note="kemasan sobek",
        )
    assert (damaged.number, damaged.value, damaged.valued_at, damaged.on_hand) == (
        "BLU-ADJ-20261122-0001",
        90_000,
        "cost",
        18,
    )
    before = db_state(store)
    # Six bags lost are worth Rp270.000, above the Rp250.000 limit: an approver is needed.
    with pytest.raises(NttMartError) as raised, store.write() as session:
        adjust_stock(
            session,
            stamp,
            code="KOP",
            quantity=-6,
            reason=AdjustmentReason.LOST,
            approval_above=LIMIT,
        )
    assert raised.value.key == "adjustment.approval_required"
    assert "Rp270.000" in str(raised.value) and "Rp250.000" in str(raised.value)
    for quantity, reason, key in [
        (2, AdjustmentReason.EXPIRED, "adjustment.wrong_direction"),
        (-1, AdjustmentReason.FOUND, "adjustment.wrong_direction"),
        (0, AdjustmentReason.SAMPLE, "stock.quantity_zero"),
    ]:
        with pytest.raises(NttMartError) as bad, store.write() as session:
            adjust_stock(
                session, stamp, code="KOP", quantity=quantity, reason=reason, approval_above=LIMIT
            )
        assert bad.value.key == key
    assert db_state(store) == before
    with store.write() as session:
        lost = adjust_stock(
            session,
            stamp,
            code="KOP",
            quantity=-6,
            reason=AdjustmentReason.LOST,
            approval_above=LIMIT,
            approver="pak-yosef",
        )
        found = adjust_stock(
            session,
            stamp,
            code="MADU",
            quantity=1,
            reason=AdjustmentReason.FOUND,
            approval_above=LIMIT,
        )
    assert (lost.approver, lost.on_hand) == ("pak-yosef", 12)
    assert (found.value, found.valued_at, found.on_hand) == (85_000, "price", 7)
    with store.read() as session:
        docs = [
            AdjustmentDoc.model_validate_json(e.payload)
            for e in session.exec(select(JournalEntry).where(JournalEntry.kind == KIND_ADJUSTMENT))
        ]
        reasons = [
            m.reason
            for m in session.exec(
                select(StockMovement).where(StockMovement.kind == MovementKind.ADJUST)
            )
        ]
    assert [d.reason for d in docs] == ["damaged", "lost", "found"]
    assert docs[1].approver == "pak-yosef" and docs[0].note == "kemasan sobek"
    assert reasons == ["damaged", "lost", "found"]


def test_transfer_from_atambua_to_kupang_with_a_difference(
    store: Store, kupang: Store, stamp: Stamp
) -> None:
    _stocked(store, stamp)
    with kupang.write() as session:
        kpg = Stamp(outlet="KPG", actor="yanti", at=stamp.at)
        # Same SKU; the honey is known in Kupang only by its barcode.
        make_item(session, kpg, "KOP", name="Kopi Bajawa", cost=45_000)
        madu = make_item(session, kpg, "MADU-KPG", name="Madu Hutan", barcodes=[MADU_EAN])
    with store.write() as session:
        doc = send_transfer(
            session, stamp, to_outlet="kpg", lines=[("KOP", 10), (MADU_EAN, 4), ("KOP", 2)]
        )
    assert doc.number == "BLU-TRF-20261122-0001" and doc.to_outlet == "KPG"
    assert [(line.sku, line.quantity) for line in doc.lines] == [("KOP", 12), ("MADU", 4)]
    with store.read() as session:
        entry = session.exec(
            select(JournalEntry).where(JournalEntry.kind == KIND_TRANSFER_OUT)
        ).one()
        assert stock.ledger_sum(session, doc.lines[0].product_id) == 8
    assert TransferDoc.model_validate_json(entry.payload) == doc

    # Kupang receives the document through sync (here: its JSON) and imports it twice.
    with kupang.write() as session:
        first = import_transfer(session, kpg, entry.payload)
        again = import_transfer(session, kpg, doc.model_dump(mode="json"))
    assert first.id == again.id == doc.id and first.status == TransferStatus.PENDING
    before = db_state(kupang)
    for received, key in [
        ({"KOP": 13}, "transfer.more_than_sent"),
        ({"KOP": -1}, "manager.quantity_negative"),
        ({ean(5): 1}, "catalog.unknown_barcode"),
    ]:
        with pytest.raises(NttMartError) as refused, kupang.write() as session:
            confirm_transfer(session, kpg, number=doc.number, received=received)
        assert refused.value.key == key
        assert "{" not in str(refused.value)
    assert db_state(kupang) == before
    with pytest.raises(NttMartError, match="Kopi Bajawa: diterima 13"), kupang.write() as session:
        confirm_transfer(session, kpg, number=doc.number, received={"KOP": 13})
    with kupang.write() as session:
        receipt = confirm_transfer(
            session, kpg, number=doc.number, received={"KOP": 12, MADU_EAN: 3}
        )
    assert [(line.sent, line.received, line.difference) for line in receipt.lines] == [
        (12, 12, 0),
        (4, 3, 1),
    ]
    with kupang.read() as session:
        assert stock.on_hand(session, madu.id) == 3
        view = transfer_view(session, doc.number)
        entry_in = session.exec(
            select(JournalEntry).where(JournalEntry.kind == KIND_TRANSFER_IN)
        ).one()
    assert [line.difference for line in view.lines] == [0, 1]
    assert TransferReceiptDoc.model_validate_json(entry_in.payload).lines[1].difference == 1
    with pytest.raises(NttMartError) as twice, kupang.write() as session:
        confirm_transfer(session, kpg, number=doc.number)
    assert twice.value.key == "transfer.already_confirmed"


def test_bad_transfers_are_refused(store: Store, kupang: Store, stamp: Stamp) -> None:
    _stocked(store, stamp)
    before = db_state(store)
    for outlet, lines, key in [
        ("KPG", [("KOP", 21)], "transfer.exceeds_stock"),
        ("KPG", [("KOP", 0)], "manager.quantity_zero"),
        ("BLU", [("KOP", 1)], "transfer.same_outlet"),
        ("kupang!", [("KOP", 1)], "transfer.bad_outlet"),
        ("KPG", [], "transfer.no_lines"),
    ]:
        with pytest.raises(NttMartError) as raised, store.write() as session:
            send_transfer(session, stamp, to_outlet=outlet, lines=lines)
        assert raised.value.key == key
    assert db_state(store) == before
    with store.write() as session:
        doc = send_transfer(session, stamp, to_outlet="ATB", lines=[("KOP", 1)])
    kpg = Stamp(outlet="KPG", actor="yanti", at=stamp.at)
    before_kpg = db_state(kupang)
    with pytest.raises(NttMartError) as wrong, kupang.write() as session:
        import_transfer(session, kpg, doc)
    assert wrong.value.key == "transfer.not_for_us"
    with pytest.raises(NttMartError) as broken, kupang.write() as session:
        import_transfer(session, kpg, '{"id": "x", "lines": []}')
    assert broken.value.key == "transfer.bad_document"
    with store.write() as session:
        doc = send_transfer(session, stamp, to_outlet="KPG", lines=[("KOP", 1)])
    with pytest.raises(NttMartError) as unknown, kupang.write() as session:
        import_transfer(session, kpg, doc)
    assert unknown.value.key == "transfer.unknown_product" and "Kopi Bajawa" in str(unknown.value)
    assert db_state(kupang) == before_kpg
