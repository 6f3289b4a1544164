"""Small helpers of the sync tests: posting batches, reading central and outlet state."""

from __future__ import annotations

import gzip
import json
from typing import Any

import httpx
from sqlalchemy import Engine, func, select
from sqlmodel import select as sm_select

from inventory.db import Store
from sync.central import outlet_tables, tables
from sync.journal import JournalEntry
from sync.wire import batch_body


def entries_of(store: Store, after: int = 0, limit: int = 10_000) -> list[JournalEntry]:
    """Journal rows of an outlet database, in seq order."""
    with store.read() as session:
        return list(
            session.exec(
                sm_select(JournalEntry)
                .where(JournalEntry.seq > after)
                .order_by(JournalEntry.seq)  # type: ignore[arg-type]
                .limit(limit)
            ).all()
        )


def wire(entries: list[JournalEntry]) -> dict[str, Any]:
    """The parsed request body for ``entries``."""
    return json.loads(batch_body(entries))


def post(
    url: str, token: str | None, body: Any, *, gzipped: bool = False, raw: bytes | None = None
) -> httpx.Response:
    """POST a batch to ``url``/v1/journal with ``token``."""
    data = raw if raw is not None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if gzipped:
        data = gzip.compress(data)
        headers["Content-Encoding"] = "gzip"
    return httpx.post(f"{url}/v1/journal", content=data, headers=headers, timeout=30)


def central_counts(engine: Engine) -> dict[str, int]:
    """Rows in every central table that ingest writes."""
    with engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (tables.journal, *tables.BOOKS, *outlet_tables.OUTLET_BOOKS)
        }


def central_seqs(engine: Engine, outlet: str) -> list[int]:
    """Seqs of ``outlet`` in the central raw journal."""
    with engine.connect() as connection:
        return list(
            connection.execute(
                select(tables.journal.c.seq)
                .where(tables.journal.c.outlet == outlet)
                .order_by(tables.journal.c.seq)
            ).scalars()
        )
