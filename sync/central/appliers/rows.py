"""Helpers the appliers share: embedded stock movements, JSON columns, and idempotent upserts.

Facts (a sale, a receiving) are new rows, written with ``COPY`` through
:meth:`ApplyContext.insert`. A few rows are *states* that two entries fill in, in either order
(a shift opened and closed; a transfer sent by one outlet and received by another): those are
upserts keyed on the document's id, each kind writing only its own columns.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from inventory.documents import StockMovementDoc
from sync.central import tables
from sync.central.appliers.inventory import MOVEMENT_COLUMNS
from sync.central.db import is_postgres
from sync.central.registry import Applied, ApplyContext

D = TypeVar("D", bound=BaseModel)
Row = tuple[Any, ...]
"""One row for :meth:`ApplyContext.insert`, values in its columns' order."""


def insert_movements(
    context: ApplyContext,
    entries: Sequence[Applied[D]],
    movements_of: Callable[[D], Iterable[StockMovementDoc]],
) -> None:
    """Write the stock movements embedded in ``entries`` into the central stock ledger."""
    rows = [
        (
            m.id,
            e.outlet,
            e.seq,
            m.product_id,
            m.kind.value,
            m.quantity,
            m.reason,
            m.reference,
            m.actor,
            m.occurred_at,
            m.amount,
        )
        for e in entries
        for m in movements_of(e.doc)
    ]
    context.insert(tables.stock_movement, MOVEMENT_COLUMNS, rows)


def to_json(value: Any) -> str:
    """Compact, key-sorted JSON text of ``value`` (pydantic models dumped in JSON mode)."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    elif isinstance(value, list):
        value = [v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value]
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def upsert(
    context: ApplyContext,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    keys: Sequence[str],
    update: Sequence[str],
    where: Callable[[Any], ColumnElement[bool]] | None = None,
) -> None:
    """Insert ``rows``, or on a clash of ``keys`` set only the ``update`` columns.

    ``where(excluded)`` limits which existing rows are updated (e.g. only by a newer ``seq``).
    The caller passes at most one row per key: one statement may not touch a row twice.
    """
    if not rows:
        return
    insert = pg_insert if is_postgres(context.connection) else sqlite_insert
    statement = insert(table)
    excluded = statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={name: excluded[name] for name in update},
        where=where(excluded) if where is not None else None,
    )
    context.connection.execute(statement, [dict(row) for row in rows])
