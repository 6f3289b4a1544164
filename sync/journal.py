"""The outbox: every change that must reach the centre, in the transaction that makes it.

Each entry has a UUID and a per-outlet gapless sequence number ``seq`` (DESIGN.md invariant 3).
Gaplessness comes from allocating ``seq`` as ``max(seq) + 1`` inside the caller's write
transaction, which holds SQLite's write lock (``BEGIN IMMEDIATE``): a rolled-back transaction
takes its number with it. Entries are never deleted to sync (invariant 5); the centre's answer
moves ``acked_seq`` in :class:`JournalState`.

Payloads are JSON in a canonical form (sorted keys, no spaces) so the same entry always has the
same bytes, which lets the centre tell a harmless resend from a conflicting one.
"""

import json
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
from pydantic import BaseModel
from sqlalchemy import func, text, update
from sqlmodel import Field, Session, SQLModel, select

from inventory.ids import new_id


class JournalEntry(SQLModel, table=True):
    """One change to send to the centre."""

    __tablename__ = "journal"

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    id: str = Field(unique=True, max_length=36)
    outlet: str = Field(max_length=8)
    kind: str = Field(max_length=64)
    schema_version: int = 1
    payload: str
    # ISO 8601 in UTC: the journal is a wire format as much as a table.
    created_at: str


class JournalState(SQLModel, table=True):
    """How far the centre has acknowledged this outlet's journal, and how the last try went."""

    __tablename__ = "journal_state"

    outlet: str = Field(primary_key=True, max_length=8)
    acked_seq: int = 0
    last_attempt_at: str | None = None
    last_success_at: str | None = None
    last_error: str | None = None


def canonical_json(payload: Mapping[str, Any] | BaseModel) -> str:
    """The canonical JSON text of a payload: sorted keys, compact separators, UTF-8 as is."""
    data = payload.model_dump(mode="json") if isinstance(payload, BaseModel) else payload
    return canonical_dumps(data)


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_dumps(data: Mapping[str, Any]) -> str:
    """The canonical JSON text of plain JSON data (as ``model_dump(mode="json")`` gives it).

    orjson writes the same text as ``json.dumps(sort_keys=True, separators=(",", ":"),
    ensure_ascii=False)`` for strings, integers, booleans and nulls (payloads carry no floats:
    money is integer Rupiah), several times faster; what orjson refuses (an integer beyond 64
    bits, a lone surrogate) goes through the standard library.
    """
    try:
        return orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode()
    except orjson.JSONEncodeError:
        return _CANONICAL.encode(data)


_APPEND = text(
    "INSERT INTO journal (seq, id, outlet, kind, schema_version, payload, created_at) "
    "SELECT COALESCE(MAX(seq), 0) + 1, :id, :outlet, :kind, :schema_version, :payload, :created_at "
    "FROM journal RETURNING seq"
)


def append(
    session: Session,
    *,
    outlet: str,
    kind: str,
    payload: Mapping[str, Any] | BaseModel,
    at: datetime,
    schema_version: int = 1,
) -> JournalEntry:
    """Add one entry in the caller's (write) transaction and return it with its ``seq``.

    One statement allocates ``max(seq) + 1`` and inserts, on the session's connection, so the
    entry commits or rolls back with the change it describes.
    """
    entry = JournalEntry(
        seq=0,
        id=new_id(),
        outlet=outlet,
        kind=kind,
        schema_version=schema_version,
        payload=canonical_json(payload),
        created_at=at.astimezone(UTC).isoformat(),
    )
    values = entry.model_dump(exclude={"seq"})
    entry.seq = session.connection().execute(_APPEND, values).scalar_one()
    return entry


_APPEND_SQL = (
    "INSERT INTO journal (seq, id, outlet, kind, schema_version, payload, created_at) "
    "SELECT COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ?, ? FROM journal RETURNING seq"
)


def append_sql(
    connection: sqlite3.Connection,
    *,
    outlet: str,
    kind: str,
    payload_json: str,
    at: datetime,
    schema_version: int = 1,
) -> int:
    """:func:`append` for a caller holding the driver connection of its write transaction.

    ``payload_json`` must already be canonical (:func:`canonical_json` or :func:`canonical_dumps`
    of a validated document). The same single statement allocates the gapless ``seq``, so the
    entry commits or rolls back with the caller's transaction. Returns the ``seq``.
    """
    row = connection.execute(
        _APPEND_SQL,
        (new_id(), outlet, kind, schema_version, payload_json, at.astimezone(UTC).isoformat()),
    ).fetchone()
    return int(row[0])


def last_seq(session: Session) -> int:
    """The highest ``seq`` written (0 for an empty journal)."""
    return session.execute(select(func.max(JournalEntry.seq))).scalar_one() or 0


def state(session: Session, outlet: str) -> JournalState:
    """The acknowledgement state of ``outlet`` (all zero before the first sync)."""
    found = session.get(JournalState, outlet)
    return found if found is not None else JournalState(outlet=outlet)


def pending(
    session: Session, *, outlet: str, limit: int, after: int | None = None
) -> Sequence[JournalEntry]:
    """Up to ``limit`` entries after ``after`` (default: after the acknowledged ``seq``)."""
    start = state(session, outlet).acked_seq if after is None else after
    query = (
        select(JournalEntry)
        .where(JournalEntry.seq > start)
        .order_by(JournalEntry.seq)  # type: ignore[arg-type]
        .limit(limit)
    )
    return session.execute(query).scalars().all()


def acknowledge(session: Session, *, outlet: str, seq: int, at: datetime) -> None:
    """Record that the centre durably holds every entry up to ``seq``; never moves backwards."""
    current = session.get(JournalState, outlet)
    stamp = at.astimezone(UTC).isoformat()
    if current is None:
        session.add(JournalState(outlet=outlet, acked_seq=seq, last_success_at=stamp))
    else:
        session.execute(
            update(JournalState)
            .where(JournalState.outlet == outlet)  # type: ignore[arg-type]
            .values(acked_seq=func.max(JournalState.acked_seq, seq), last_success_at=stamp)
        )
    session.flush()


def record_attempt(session: Session, *, outlet: str, at: datetime, error: str | None) -> None:
    """Record a try to reach the centre: ``error`` is ``None`` when it succeeded."""
    stamp = at.astimezone(UTC).isoformat()
    current = session.get(JournalState, outlet)
    if current is None:
        current = JournalState(outlet=outlet)
        session.add(current)
    current.last_attempt_at = stamp
    current.last_error = None if error is None else error[:500]
    if error is None:
        current.last_success_at = stamp
    session.flush()


def rewind(session: Session, *, outlet: str, seq: int) -> None:
    """Lower the acknowledged ``seq`` to ``seq``: the centre says it lost entries above it.

    Only for a centre restored from an older backup; entries are then sent again (the centre
    stores them once). :func:`acknowledge` alone never moves backwards.
    """
    session.execute(
        update(JournalState)
        .where(JournalState.outlet == outlet)  # type: ignore[arg-type]
        .where(JournalState.acked_seq > seq)  # type: ignore[arg-type]
        .values(acked_seq=seq)
    )
    session.flush()


def open_catalog_conflicts(session: Session) -> list[tuple[str, str, str]]:
    """The catalog changes pulled from the centre and held back (``(entity, name, reason)``,
    oldest first), for the till's manager warnings; ``nttmart sync conflicts`` shows them in full.

    Here because the till reaches the sync state only through this module.
    """
    from sync.outlet_state import CatalogConflict

    rows = session.exec(
        select(CatalogConflict)
        .where(CatalogConflict.resolved_at == None)  # noqa: E711
        .order_by(CatalogConflict.detected_at)  # type: ignore[arg-type]
    ).all()
    found = []
    for row in rows:
        try:
            name = str(json.loads(row.central_doc).get("name") or row.entity_id)
        except (ValueError, AttributeError):
            name = row.entity_id
        found.append((row.entity, name, row.reason))
    return found
