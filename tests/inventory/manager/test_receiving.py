"""Receiving goods: documents, movements, journal, in-store barcodes and refused input."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from inventory import stock
from inventory.catalog import barcodes_of
from inventory.db import Store
from inventory.documents import KIND_RECEIVING, ReceivingDoc
from inventory.errors import InvalidInputError, NotFoundError, NttMartError
from inventory.manager_common import InstoreNumbering
from inventory.manager_models import ReceivingMode
from inventory.models import MovementKind, StockMovement
from inventory.receiving import ReceivingLineInput, receive, receiving_document
from inventory.stamp import Stamp
from inventory.units import UnitInput, mark_refunded, mark_sold, unit_by_code
from sync.journal import JournalEntry
from tests.factories import KOPI_EAN, MADU_EAN
from tests.inventory.manager.support import db_state, make_item, make_producer

NUMBERING = InstoreNumbering(prefix="20", outlet_number=2)


def test_consignment_receiving_writes_document_movements_and_one_journal_entry(
    store: Store, stamp: Stamp
) -> None:
    with store.write() as session:
        bajawa = make_producer(session, stamp)
        kopi = make_item(session, stamp, "KOP", producer=bajawa, barcodes=[KOPI_EAN])
        madu = make_item(session, stamp, "MADU", producer=bajawa, price=85_000)
    with store.write() as session:
        before = session.exec(select(JournalEntry)).all()
        result = receive(
            session,
            stamp,
            mode=ReceivingMode.CONSIGNMENT,
            producer_id=bajawa.id,
            lines=[
                ReceivingLineInput(KOPI_EAN, 24, unit_price=52_000, expiry_date=date(2027, 6, 30)),
                ReceivingLineInput("MADU", 6, batch=" B-12 "),
            ],
            numbering=NUMBERING,
        )
    assert result.number == "BLU-RCV-20261122-0001"
    assert result.producer_name == "Koperasi Kopi Fa Masa Bajawa"
    assert [(line.sku, line.quantity, line.amount) for line in result.lines] == [
        ("KOP", 24, 24 * 52_000),
        ("MADU", 6, None),
    ]
    assert result.lines[1].batch == "B-12"
    assert result.total == 24 * 52_000
    # MADU had no barcode: it got an in-store EAN-13 of outlet 002 on the spot.
    new_code = result.new_barcodes["MADU"]
    assert new_code.startswith("20002") and len(new_code) == 13
    assert result.lines[1].barcode == new_code
    with store.read() as session:
        assert stock.on_hand(session, kopi.id) == 24
        assert stock.on_hand(session, madu.id) == 6
        assert barcodes_of(session, madu.id) == [new_code]
        movements = session.exec(select(StockMovement)).all()
        entries = session.exec(select(JournalEntry)).all()[len(before) :]
    assert {m.kind for m in movements} == {MovementKind.CONSIGN_IN}
    assert {m.reference for m in movements} == {result.number}
    kinds = [e.kind for e in entries]
    # One catalog change for the new barcode, one receiving entry embedding both movements.
    assert kinds == ["catalog.change", KIND_RECEIVING]
    doc = ReceivingDoc.model_validate_json(entries[-1].payload)
    assert doc.number == result.number and len(doc.movements) == 2
    assert doc.lines[0].expiry_date == date(2027, 6, 30)
    assert {m.id for m in doc.movements} == {line.movement_id for line in doc.lines}


def test_purchase_needs_cost_and_numbers_count_up(store: Store, stamp: Stamp) -> None:
    with store.write() as session:
        kopi = make_item(session, stamp, "KOP", barcodes=[KOPI_EAN])
    with pytest.raises(InvalidInputError) as raised, store.write() as session:
        receive(session, stamp, mode=ReceivingMode.PURCHASE, lines=[ReceivingLineInput("KOP", 2)])
    assert raised.value.key == "receiving.cost_required"
    numbers = []
    for _ in range(2):
        with store.write() as session:
            numbers.append(
                receive(
                    session,
                    stamp,
                    mode=ReceivingMode.PURCHASE,
                    lines=[ReceivingLineInput("KOP", 2, unit_price=40_000)],
                ).number
            )
    assert numbers == ["BLU-RCV-20261122-0001", "BLU-RCV-20261122-0002"]
    with store.read() as session:
        assert stock.on_hand(session, kopi.id) == 4
        kinds = {m.kind for m in session.exec(select(StockMovement))}
        again = receiving_document(session, numbers[1])
    assert kinds == {MovementKind.RECEIVE}
    assert again.total == 80_000 and again.mode is ReceivingMode.PURCHASE


@pytest.mark.parametrize(
    ("line", "key"),
    [
        (ReceivingLineInput(KOPI_EAN, -3, unit_price=1), "manager.quantity_negative"),
        (ReceivingLineInput(KOPI_EAN, 0, unit_price=1), "manager.quantity_zero"),
        (ReceivingLineInput(KOPI_EAN, 2, unit_price=-1), "receiving.price_negative"),
        (ReceivingLineInput("8991234567892", 2, unit_price=1), "barcode.bad_check"),
        (ReceivingLineInput(MADU_EAN, 2, unit_price=1), "catalog.unknown_barcode"),
        (ReceivingLineInput("NOPE", 2, unit_price=1), "manager.unknown_code"),
        (
            ReceivingLineInput(KOPI_EAN, 2, unit_price=1, expiry_date=date(2026, 11, 21)),
            "receiving.already_expired",
        ),
    ],
)
def test_bad_lines_are_refused_and_nothing_changes(
    store: Store, stamp: Stamp, line: ReceivingLineInput, key: str
) -> None:
    with store.write() as session:
        bajawa = make_producer(session, stamp)
        make_item(session, stamp, "KOP", producer=bajawa, barcodes=[KOPI_EAN])
        # Without a barcode: a refused receiving must not keep the in-store code it made.
        make_item(session, stamp, "MADU", producer=bajawa)
    before = db_state(store)
    with pytest.raises(NttMartError) as raised, store.write() as session:
        receive(
            session,
            stamp,
            mode=ReceivingMode.CONSIGNMENT,
            producer_id=bajawa.id,
            lines=[ReceivingLineInput("MADU", 1), line],
        )
    assert raised.value.key == key
    assert str(raised.value) != key  # translated
    assert db_state(store) == before


def test_consignment_of_another_producers_goods_is_refused(store: Store, stamp: Stamp) -> None:
    with store.write() as session:
        bajawa = make_producer(session, stamp)
        colol = make_producer(session, stamp, "Koperasi Kopi Colol")
        make_item(session, stamp, "KOP", producer=bajawa, barcodes=[KOPI_EAN])
    before = db_state(store)
    with pytest.raises(InvalidInputError) as raised, store.write() as session:
        receive(
            session,
            stamp,
            mode=ReceivingMode.CONSIGNMENT,
            producer_id=colol.id,
            lines=[ReceivingLineInput(KOPI_EAN, 1)],
        )
    assert "Koperasi Kopi Fa Masa Bajawa" in str(raised.value)
    with pytest.raises(InvalidInputError, match="produsen"), store.write() as session:
        receive(
            session, stamp, mode=ReceivingMode.CONSIGNMENT, lines=[ReceivingLineInput("KOP", 1)]
        )
    with pytest.raises(InvalidInputError) as empty, store.write() as session:
        receive(session, stamp, mode=ReceivingMode.PURCHASE, lines=[])
    assert empty.value.key == "receiving.no_lines"
    assert db_state(store) == before


def test_tenun_units_are_received_with_their_own_codes(store: Store, stamp: Stamp) -> None:
    with store.write() as session:
        sumba = make_producer(session, stamp, "Sanggar Tenun Praiyawang", kabupaten="Sumba Timur")
        tenun = make_item(session, stamp, "TEN-SMB", price=1_500_000, producer=sumba)
    with store.write() as session:
        result = receive(
            session,
            stamp,
            mode=ReceivingMode.CONSIGNMENT,
            producer_id=sumba.id,
            lines=[
                ReceivingLineInput(
                    "TEN-SMB",
                    2,
                    units=[
                        UnitInput(motif="Kuda", weaver="Ina Rambu", village="Praiyawang"),
                        UnitInput(motif="Andung", weaver="Ina Hana", village="Praiyawang"),
                    ],
                )
            ],
            numbering=NUMBERING,
        )
    codes = result.lines[0].unit_codes
    assert len(codes) == 2 and len(set(codes)) == 2
    assert result.lines[0].barcode == result.new_barcodes["TEN-SMB"]
    assert result.lines[0].barcode not in codes
    # A product tracked by unit cannot be received without describing each piece.
    with pytest.raises(InvalidInputError) as raised, store.write() as session:
        receive(
            session,
            stamp,
            mode=ReceivingMode.CONSIGNMENT,
            producer_id=sumba.id,
            lines=[ReceivingLineInput("TEN-SMB", 1)],
        )
    assert raised.value.key == "receiving.units_required"
    # The checkout marks units sold and refunded by their code.
    with store.write() as session:
        sold = mark_sold(session, stamp, code=codes[0], reference="BLU-20261122-0009")
        assert sold.weaver == "Ina Rambu"
    with pytest.raises(NttMartError) as twice, store.write() as session:
        mark_sold(session, stamp, code=codes[0], reference="BLU-20261122-0010")
    assert twice.value.key == "units.already_sold" and "BLU-20261122-0009" in str(twice.value)
    with store.write() as session:
        mark_refunded(session, stamp, code=codes[0])
    with store.read() as session:
        assert unit_by_code(session, codes[0]).status == "in_stock"
        assert stock.on_hand(session, tenun.id) == 2
    with pytest.raises(NotFoundError), store.read() as session:
        unit_by_code(session, "2000000000008")
