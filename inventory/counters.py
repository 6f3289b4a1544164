"""Named counters that only go up: in-store barcode sequence, document numbers."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

_BUMP = text("UPDATE counter SET value = value + 1 WHERE name = :name RETURNING value")
_START = text("INSERT INTO counter (name, value) VALUES (:name, 1)")


def next_value(session: Session, name: str) -> int:
    """The next value of counter ``name`` (1 the first time), in the caller's write transaction."""
    value = session.execute(_BUMP, {"name": name}).scalar()
    if value is None:
        session.execute(_START, {"name": name})
        return 1
    return int(value)
