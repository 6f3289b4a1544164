"""The stock ledger: movements, their running sum and their journal entries."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from inventory import stock
from inventory.db import Store
from inventory.documents import KIND_STOCK, StockMovements
from inventory.errors import InvalidInputError, NotFoundError
from inventory.models import MovementKind, StockMovement
from inventory.stamp import Stamp
from inventory.stock import DIRECTION, MovementRequest
from sync.journal import JournalEntry
from tests.factories import ean, make_product


def test_movement_updates_level_and_journal_together(store: Store, stamp: Stamp) -> None:
    with store.write() as session:
        product = make_product(session, stamp)
        stock.record_movement(
            session, stamp, product_id=product.id, kind=MovementKind.RECEIVE, quantity=24
        )
        stock.record_movement(
            session, stamp, product_id=product.id, kind=MovementKind.SALE, quantity=-3
        )
    with store.read() as session:
        assert stock.on_hand(session, product.id) == 21
        assert stock.ledger_sum(session, product.id) == 21
        entries = session.exec(select(JournalEntry).where(JournalEntry.kind == KIND_STOCK)).all()
    docs = [StockMovements.model_validate_json(e.payload) for e in entries]
    assert [d.movements[0].quantity for d in docs] == [24, -3]
    assert docs[0].movements[0].actor == "maria"


@pytest.mark.parametrize(
    ("kind", "quantity", "key"),
    [
        (MovementKind.SALE, 2, "stock.wrong_sign"),
        (MovementKind.RECEIVE, -1, "stock.wrong_sign"),
        (MovementKind.ADJUST, 0, "stock.quantity_zero"),
    ],
)
def test_bad_movements_write_nothing(
    store: Store, stamp: Stamp, kind: MovementKind, quantity: int, key: str
) -> None:
    with store.write() as session:
        product = make_product(session, stamp)
    with pytest.raises(InvalidInputError) as raised, store.write() as session:
        stock.record_movements(
            session,
            stamp,
            [
                MovementRequest(product.id, MovementKind.RECEIVE, 5),
                MovementRequest(product.id, kind, quantity),
            ],
        )
    assert raised.value.key == key
    with store.read() as session:
        assert session.exec(select(StockMovement)).all() == []
        assert stock.on_hand(session, product.id) == 0


def test_adjust_needs_a_known_sku_and_a_reason(store: Store, stamp: Stamp) -> None:
    with store.write() as session:
        make_product(session, stamp)
    with pytest.raises(NotFoundError, match="NOPE"), store.write() as session:
        stock.adjust(session, stamp, sku="NOPE", quantity=1, reason="found")
    with pytest.raises(InvalidInputError), store.write() as session:
        stock.adjust(session, stamp, sku="KOP-BJW-250", quantity=1, reason="  ")
    with store.write() as session:
        doc = stock.adjust(session, stamp, sku="KOP-BJW-250", quantity=-2, reason="rusak")
    assert doc.kind is MovementKind.ADJUST and doc.reason == "rusak"


def test_low_stock_listing(store: Store, stamp: Stamp) -> None:
    with store.write() as session:
        low = make_product(session, stamp, sku="A", name="Madu", barcodes=[ean(1)], min_stock=10)
        make_product(session, stamp, sku="B", name="Garam", barcodes=[ean(2)], min_stock=0)
        stock.record_movement(
            session, stamp, product_id=low.id, kind=MovementKind.RECEIVE, quantity=4
        )
    with store.read() as session:
        rows = stock.stock_rows(session, low_only=True)
        everything = stock.stock_rows(session)
    assert [(r.sku, r.on_hand, r.low) for r in rows] == [("A", 4, True)]
    assert [r.sku for r in everything] == ["A", "B"]


def _signed(kind: MovementKind, magnitude: int, negative: bool) -> int:
    direction = DIRECTION[kind] or (-1 if negative else 1)
    return direction * magnitude


movement = st.tuples(
    st.integers(0, 2),  # which product
    st.sampled_from(list(MovementKind)),
    st.integers(1, 10_000),
    st.booleans(),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batches=st.lists(st.lists(movement, min_size=1, max_size=6), min_size=1, max_size=8))
def test_projection_always_equals_the_sum_of_movements(
    store: Store, stamp: Stamp, batches: list[list[tuple[int, MovementKind, int, bool]]]
) -> None:
    with store.write() as session:
        products = [
            make_product(session, stamp, sku=f"P{n}", name=f"Produk {n}", barcodes=[ean(100 + n)])
            for n in range(3)
        ]
        before = {p.id: stock.on_hand(session, p.id) for p in products}
        assert all(before[p.id] == stock.ledger_sum(session, p.id) for p in products)
    for batch in batches:
        with store.write() as session:
            stock.record_movements(
                session,
                stamp,
                [
                    MovementRequest(products[i].id, kind, _signed(kind, size, negative))
                    for i, kind, size, negative in batch
                ],
            )
    with store.read() as session:
        for product in products:
            assert stock.on_hand(session, product.id) == stock.ledger_sum(session, product.id)
        journaled = sum(
            len(json.loads(e.payload)["movements"])
            for e in session.exec(select(JournalEntry).where(JournalEntry.kind == KIND_STOCK))
        )
        assert journaled == len(session.exec(select(StockMovement)).all())
