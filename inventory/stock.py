"""The stock ledger: movements are the truth, ``stock_level`` is their running sum.

On-hand of a product is the sum of its movements (DESIGN.md invariant 7). Every movement updates
the cached ``stock_level`` row and is journaled in the same transaction, so the cache can never
disagree with the ledger and the centre can rebuild any outlet's stock as a union of movements.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from inventory.db import db_time
from inventory.documents import KIND_STOCK, StockMovementDoc, StockMovements
from inventory.errors import InvalidInputError, NotFoundError
from inventory.ids import new_id
from inventory.models import MovementKind, Product, StockLevel, StockMovement
from inventory.quantity import Unit
from inventory.stamp import Stamp
from sync import journal

# The sign each kind of movement must have: +1 adds stock, -1 removes it, 0 either way.
DIRECTION: dict[MovementKind, int] = {
    MovementKind.SALE: -1,
    MovementKind.REFUND: +1,
    MovementKind.RECEIVE: +1,
    MovementKind.CONSIGN_IN: +1,
    MovementKind.RETURN_TO_PRODUCER: -1,
    MovementKind.ADJUST: 0,
    MovementKind.COUNT_CORRECTION: 0,
    MovementKind.TRANSFER_OUT: -1,
    MovementKind.TRANSFER_IN: +1,
}


@dataclass(frozen=True, slots=True)
class MovementRequest:
    """One movement to record: a signed quantity in the product's base unit."""

    product_id: str
    kind: MovementKind
    quantity: int
    reason: str | None = None
    reference: str | None = None
    amount: int | None = None
    """Net Rupiah amount of a sale (negative quantity, positive amount) or refund line."""


def _check(request: MovementRequest) -> None:
    if isinstance(request.quantity, bool) or not isinstance(request.quantity, int):
        raise InvalidInputError("stock.quantity_not_integer", quantity=request.quantity)
    if request.quantity == 0:
        raise InvalidInputError("stock.quantity_zero")
    direction = DIRECTION[request.kind]
    if direction and (request.quantity > 0) != (direction > 0):
        raise InvalidInputError(
            "stock.wrong_sign", kind=request.kind.value, quantity=request.quantity
        )
    if request.amount is not None and (
        isinstance(request.amount, bool) or not isinstance(request.amount, int)
    ):
        raise InvalidInputError("stock.amount_not_integer", amount=request.amount)


def movement_data(stamp: Stamp, requests: Sequence[MovementRequest]) -> list[dict[str, object]]:
    """Check ``requests`` and give the fields of their documents, with fresh ids, for a caller
    that validates them inside its own document (a sale); see :func:`prepare_movements`."""
    for request in requests:
        _check(request)
    return [
        {
            "id": new_id(),
            "product_id": request.product_id,
            "kind": request.kind,
            "quantity": request.quantity,
            "reason": request.reason,
            "reference": request.reference,
            "actor": stamp.actor,
            "occurred_at": stamp.at,
            "amount": request.amount,
        }
        for request in requests
    ]


def prepare_movements(stamp: Stamp, requests: Sequence[MovementRequest]) -> list[StockMovementDoc]:
    """Check ``requests`` and build their (validated) documents, with fresh ids.

    Nothing is written: :func:`record_movements` or :func:`write_movements_sql` store them.
    """
    return [StockMovementDoc.model_validate(data) for data in movement_data(stamp, requests)]


def record_movements(
    session: Session,
    stamp: Stamp,
    requests: Sequence[MovementRequest],
    *,
    write_journal: bool = True,
) -> list[StockMovementDoc]:
    """Record ``requests`` in the caller's write transaction and return their documents.

    With ``write_journal`` (the default) one ``stock.movements`` entry carries them all; a caller
    whose own journal entry already describes the movements (a sale) passes ``False`` and embeds
    the returned documents in its entry instead.
    """
    if not requests:
        return []
    docs = prepare_movements(stamp, requests)
    # The same statements as the checkout's, on the driver connection of the session's own
    # transaction: the ledger is written on every receipt, count and transfer.
    driver = session.connection().connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    write_movements_sql(driver, docs)
    if write_journal:
        journal.append_sql(
            driver,
            outlet=stamp.outlet,
            kind=KIND_STOCK,
            payload_json=journal.canonical_json(StockMovements(movements=docs)),
            at=stamp.at,
        )
    return docs


_INSERT_MOVEMENT_SQL = (
    "INSERT INTO stock_movement "
    "(id, product_id, kind, quantity, reason, reference, actor, occurred_at, amount) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPSERT_LEVEL_SQL = (
    "INSERT INTO stock_level (product_id, on_hand, updated_at) VALUES (?, ?, ?) "
    "ON CONFLICT (product_id) DO UPDATE SET on_hand = on_hand + excluded.on_hand, "
    "updated_at = excluded.updated_at"
)


def write_movements_sql(connection: sqlite3.Connection, docs: Sequence[StockMovementDoc]) -> None:
    """Store prepared movements and move the ``stock_level`` cache, on the driver connection of
    the caller's write transaction (:meth:`inventory.db.Store.write_sql`); no journal entry (the
    caller's own entry embeds ``docs``)."""
    rows = []
    levels = []
    for doc in docs:
        at = db_time(doc.occurred_at)
        rows.append(
            (
                doc.id,
                doc.product_id,
                doc.kind.value,
                doc.quantity,
                doc.reason,
                doc.reference,
                doc.actor,
                at,
                doc.amount,
            )
        )
        levels.append((doc.product_id, doc.quantity, at))
    connection.executemany(_INSERT_MOVEMENT_SQL, rows)
    connection.executemany(_UPSERT_LEVEL_SQL, levels)


def record_movement(
    session: Session,
    stamp: Stamp,
    *,
    product_id: str,
    kind: MovementKind,
    quantity: int,
    reason: str | None = None,
    reference: str | None = None,
) -> StockMovementDoc:
    """Record a single movement (see :func:`record_movements`)."""
    request = MovementRequest(product_id, kind, quantity, reason, reference)
    return record_movements(session, stamp, [request])[0]


def on_hand(session: Session, product_id: str) -> int:
    """The cached on-hand quantity of a product (0 if it never moved)."""
    level = session.get(StockLevel, product_id)
    return 0 if level is None else level.on_hand


def ledger_sum(session: Session, product_id: str) -> int:
    """On-hand recomputed from the ledger itself: the sum of the product's movements."""
    total = session.execute(
        select(func.coalesce(func.sum(StockMovement.quantity), 0)).where(
            StockMovement.product_id == product_id
        )
    ).scalar_one()
    return int(total)


@dataclass(frozen=True, slots=True)
class StockRow:
    """A product's stock for listings."""

    sku: str
    name: str
    unit: Unit
    on_hand: int
    min_stock: int

    @property
    def low(self) -> bool:
        """Below (or at zero under) its minimum stock."""
        return self.on_hand < self.min_stock


def stock_rows(
    session: Session, *, low_only: bool = False, limit: int | None = None
) -> list[StockRow]:
    """Active products with their on-hand, by name; ``low_only`` keeps those under minimum."""
    level = func.coalesce(col(StockLevel.on_hand), 0)
    query = (
        sa_select(
            col(Product.sku), col(Product.name), col(Product.unit), level, col(Product.min_stock)
        )
        .outerjoin(StockLevel, col(StockLevel.product_id) == col(Product.id))
        .where(col(Product.active))
        .order_by(case((level < col(Product.min_stock), 0), else_=1), col(Product.name))
    )
    if low_only:
        query = query.where(level < col(Product.min_stock))
    if limit is not None:
        query = query.limit(limit)
    return [StockRow(*row) for row in session.execute(query).all()]


def adjust(
    session: Session, stamp: Stamp, *, sku: str, quantity: int, reason: str
) -> StockMovementDoc:
    """A manual adjustment of ``quantity`` (signed) for the product ``sku`` with a reason."""
    product = session.execute(select(Product).where(Product.sku == sku)).scalar_one_or_none()
    if product is None:
        raise NotFoundError("catalog.unknown_sku", sku=sku)
    if not reason.strip():
        raise InvalidInputError("stock.reason_required")
    return record_movement(
        session,
        stamp,
        product_id=product.id,
        kind=MovementKind.ADJUST,
        quantity=quantity,
        reason=reason.strip(),
    )
