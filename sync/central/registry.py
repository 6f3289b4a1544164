"""The apply step: journal ``kind`` → (payload schema, applier into the normalized tables).

Ingest validates each entry's payload with its kind's schema (the same pydantic model the outlet
wrote it with), stores the raw entry, then hands the new entries of each kind to that kind's
applier, in ``seq`` order, inside the same transaction. An applier writes rows derived from its
entries through :class:`ApplyContext`; it never commits and never reads the request.

A kind the registry does not know is refused with HTTP 422, so an outlet newer than its centre
keeps its entries until the centre is upgraded; nothing is stored half-understood.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import Connection, Table, text

from sync.central.db import insert_rows

D = TypeVar("D", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Applied(Generic[D]):
    """One new entry handed to an applier: where it came from and its validated document."""

    outlet: str
    seq: int
    id: str
    created_at: datetime
    doc: D


@dataclass
class ApplyContext:
    """What an applier may use: the open transaction, the sending outlet and the time."""

    connection: Connection
    outlet: str
    now: datetime

    def insert(self, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Bulk-insert new rows (``COPY`` on PostgreSQL) in the open transaction."""
        insert_rows(self.connection, table, columns, rows)

    def next_catalog_versions(self, count: int) -> int:
        """Reserve ``count`` consecutive catalog versions and return the first.

        The counter row stays locked until the transaction ends, so catalog changes commit in
        version order and an outlet pulling ``since=V`` can never miss a lower version that
        commits later.
        """
        value = self.connection.execute(
            text(
                "UPDATE central_counter SET value = value + :n "
                "WHERE name = 'catalog_version' RETURNING value"
            ),
            {"n": count},
        ).scalar_one()
        return int(value) - count + 1


Applier = Callable[[ApplyContext, Sequence[Applied[D]]], None]


@dataclass(frozen=True, slots=True)
class KindHandler(Generic[D]):
    """How the centre understands one journal kind."""

    kind: str
    schema: type[D]
    apply: Applier[D]
    versions: frozenset[int] = field(default=frozenset({1}))
    """Payload schema versions this handler reads."""


class Registry:
    """The kinds the centre accepts, each with its schema and applier."""

    def __init__(self, handlers: Iterable[KindHandler[Any]]) -> None:
        self._handlers: dict[str, KindHandler[Any]] = {}
        for handler in handlers:
            if handler.kind in self._handlers:
                raise ValueError(f"journal kind {handler.kind!r} registered twice")
            self._handlers[handler.kind] = handler

    def get(self, kind: str) -> KindHandler[Any] | None:
        """The handler of ``kind``, or ``None`` for a kind the centre does not know."""
        return self._handlers.get(kind)

    @property
    def kinds(self) -> list[str]:
        """Every accepted kind, sorted."""
        return sorted(self._handlers)
