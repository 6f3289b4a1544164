"""Consignment (titip jual): producers' consignment stock and returns to producers.

Goods received with ``consign_in`` belong to their producer until sold. A product counts as
consignment from its first ``consign_in`` movement on; its sales and refunds from then on are
what settlements pay out. Everything is read from the stock ledger.

Settlements of consignment sales and their payouts are in :mod:`inventory.settlements`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from inventory.catalog import clean_text
from inventory.documents import (
    KIND_PRODUCER_RETURN,
    ProducerReturnDoc,
)
from inventory.errors import InvalidInputError, NotFoundError
from inventory.manager_common import (
    PRODUCER_RETURN,
    check_quantity,
    document_number,
    resolve_product,
)
from inventory.manager_models import (
    ProducerReturn,
    ReturnReason,
)
from inventory.models import MovementKind, Producer, Product, StockMovement
from inventory.quantity import Unit
from inventory.stamp import Stamp
from inventory.stock import MovementRequest, on_hand, record_movements
from sync import journal

_M = StockMovement.__table__.c  # type: ignore[attr-defined]
_P = Product.__table__.c  # type: ignore[attr-defined]


def producer(session: Session, producer_id: str) -> Producer:
    """The producer with ``producer_id``; raises naming it when unknown."""
    found = session.get(Producer, producer_id)
    if found is None:
        raise NotFoundError("manager.unknown_producer", producer=producer_id)
    return found


def producer_by_name(session: Session, name: str) -> Producer:
    """The producer called ``name`` (case-insensitive); raises naming it when unknown."""
    found = session.exec(select(Producer).where(Producer.name == name.strip())).one_or_none()
    if found is None:
        raise NotFoundError("manager.unknown_producer", producer=name)
    return found


def consignment_since(session: Session, producer_id: str) -> dict[str, datetime]:
    """The producer's consignment products, each with the time of its first ``consign_in``."""
    query = (
        sa_select(_M.product_id, func.min(_M.occurred_at))
        .join(Product.__table__, _P.id == _M.product_id)  # type: ignore[attr-defined]
        .where(_P.producer_id == producer_id, _M.kind == MovementKind.CONSIGN_IN.value)
        .group_by(_M.product_id)
    )
    return {product_id: first for product_id, first in session.execute(query).all()}


# ---------------------------------------------------------------- stock per producer


@dataclass(frozen=True, slots=True)
class ConsignmentStockRow:
    """A consignment product's movements over a span: opening + the rest = closing."""

    product_id: str
    sku: str
    name: str
    unit: Unit
    opening: int
    received: int
    sold: int
    """Net quantity sold (sales minus refunds)."""
    returned: dict[str, int]
    """Quantity returned to the producer, by reason (unsold, damaged, expired)."""
    other: int
    """Adjustments, count corrections and transfers (signed)."""
    closing: int

    @property
    def returned_total(self) -> int:
        """Everything returned to the producer."""
        return sum(self.returned.values())


def producer_stock(
    session: Session,
    producer_id: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[ConsignmentStockRow]:
    """Received, sold, returned and on hand of each consignment product of the producer.

    Without bounds it covers the whole ledger (``closing`` is the on-hand now); with ``since``
    and ``until`` it covers ``[since, until)`` and ``opening`` is the stock at ``since``.
    """
    products = consignment_since(session, producer_id)
    if not products:
        return []
    conditions = [_M.product_id.in_(list(products))]
    if until is not None:
        conditions.append(_M.occurred_at < until)
    rows = session.execute(
        sa_select(_M.product_id, _M.kind, _M.reason, _M.occurred_at, _M.quantity).where(*conditions)
    ).all()
    totals: dict[str, dict[str, int]] = {pid: {} for pid in products}
    for product_id, kind, reason, occurred_at, quantity in rows:
        sign = 1
        if since is not None and occurred_at < since:
            key = "opening"
        elif kind in (MovementKind.CONSIGN_IN, MovementKind.RECEIVE):
            key = "received"
        elif kind in (MovementKind.SALE, MovementKind.REFUND):
            key, sign = "sold", -1
        elif kind == MovementKind.RETURN_TO_PRODUCER:
            key, sign = f"returned:{reason or ReturnReason.UNSOLD.value}", -1
        else:
            key = "other"
        bucket = totals[product_id]
        bucket[key] = bucket.get(key, 0) + sign * quantity
    result = []
    catalog = {
        p.id: p
        for p in session.exec(select(Product).where(col(Product.id).in_(list(products)))).all()
    }
    for product_id, bucket in totals.items():
        product = catalog[product_id]
        returned = {
            key.split(":", 1)[1]: value
            for key, value in bucket.items()
            if key.startswith("returned:") and value
        }
        opening = bucket.get("opening", 0)
        closing = (
            opening
            + bucket.get("received", 0)
            - bucket.get("sold", 0)
            - sum(returned.values())
            + bucket.get("other", 0)
        )
        result.append(
            ConsignmentStockRow(
                product_id=product_id,
                sku=product.sku,
                name=product.name,
                unit=product.unit,
                opening=opening,
                received=bucket.get("received", 0),
                sold=bucket.get("sold", 0),
                returned=returned,
                other=bucket.get("other", 0),
                closing=closing,
            )
        )
    return sorted(result, key=lambda row: (row.name.casefold(), row.sku))


# ---------------------------------------------------------------- returns to the producer


@dataclass(frozen=True, slots=True)
class ProducerReturnResult:
    """A return to a producer: its number and the quantities per product."""

    number: str
    producer_name: str
    reason: ReturnReason
    lines: tuple[tuple[str, str, int], ...]
    """``(sku, name, quantity)`` for each product returned."""


def return_to_producer(
    session: Session,
    stamp: Stamp,
    *,
    producer_id: str,
    reason: ReturnReason,
    lines: Sequence[tuple[str, int]],
    note: str | None = None,
) -> ProducerReturnResult:
    """Give consignment goods back to their producer: ``(barcode or SKU, quantity)`` lines.

    Only the producer's consignment products, and no more than is on hand, can go back.
    """
    owner = producer(session, producer_id)
    if not lines:
        raise InvalidInputError("consignment.no_lines")
    consigned = consignment_since(session, owner.id)
    wanted: dict[str, int] = {}
    products: dict[str, Product] = {}
    for position, (code, quantity) in enumerate(lines, start=1):
        product = resolve_product(session, code)
        check_quantity(quantity, where=str(position))
        if product.id not in consigned:
            raise InvalidInputError(
                "consignment.not_consigned", name=product.name, producer=owner.name
            )
        wanted[product.id] = wanted.get(product.id, 0) + quantity
        products[product.id] = product
    for product_id, quantity in wanted.items():
        available = on_hand(session, product_id)
        if quantity > available:
            raise InvalidInputError(
                "consignment.return_exceeds_stock",
                name=products[product_id].name,
                quantity=quantity,
                on_hand=available,
            )
    cleaned = clean_text(note, field_name="note", max_length=500, required=False) if note else None
    number = document_number(session, stamp, PRODUCER_RETURN)
    movements = record_movements(
        session,
        stamp,
        [
            MovementRequest(
                pid, MovementKind.RETURN_TO_PRODUCER, -qty, reason=reason.value, reference=number
            )
            for pid, qty in wanted.items()
        ],
        write_journal=False,
    )
    row = ProducerReturn(
        number=number,
        producer_id=owner.id,
        reason=reason,
        note=cleaned or None,
        actor=stamp.actor,
        returned_at=stamp.at,
    )
    session.add(row)
    session.flush()
    journal.append(
        session,
        outlet=stamp.outlet,
        kind=KIND_PRODUCER_RETURN,
        payload=ProducerReturnDoc(
            id=row.id,
            number=number,
            producer_id=owner.id,
            reason=reason,
            note=row.note,
            actor=stamp.actor,
            returned_at=stamp.at,
            movements=movements,
        ),
        at=stamp.at,
    )
    return ProducerReturnResult(
        number=number,
        producer_name=owner.name,
        reason=reason,
        lines=tuple((products[p].sku, products[p].name, q) for p, q in wanted.items()),
    )
