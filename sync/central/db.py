"""The central database: engines for PostgreSQL (production) and SQLite (one-machine demo).

PostgreSQL runs at ``READ COMMITTED``; ingest serializes the batches of one outlet with a row
lock on its registry row, and catalog versions with a row lock on their counter, so several
service processes can share one database. On SQLite every write transaction takes the database
write lock (``BEGIN IMMEDIATE``), which gives the same guarantees on one machine.

Bulk writes go through :func:`insert_rows`: ``COPY`` on PostgreSQL, ``executemany`` elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, text
from sqlalchemy.engine import make_url

from inventory.db import sqlite_engine


def make_engine(url: str, *, pool_size: int = 5) -> Engine:
    """An engine for the central database at ``url`` (``postgresql+psycopg://`` or ``sqlite:///``).

    A SQLite engine already begins write transactions with ``BEGIN IMMEDIATE`` (see
    :func:`write`).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if not database or database == ":memory:":
            raise ValueError("the central SQLite database must be a file")
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        return sqlite_engine(Path(database)).execution_options(sqlite_begin="IMMEDIATE")
    return create_engine(
        url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True, future=True
    )


def is_postgres(connection: Connection | Engine) -> bool:
    """Whether ``connection`` talks to PostgreSQL."""
    return connection.dialect.name == "postgresql"


@contextmanager
def write(engine: Engine) -> Iterator[Connection]:
    """One write transaction: commits when the block ends, rolls back on an exception."""
    with engine.begin() as connection:
        yield connection


def insert_rows(
    connection: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table`` in the open transaction.

    On PostgreSQL this is one ``COPY``, the fastest way in; values go as text, so timestamps may
    be ISO strings. The caller makes sure the rows are new (``COPY`` has no ``ON CONFLICT``).
    """
    if not rows:
        return
    if is_postgres(connection):
        raw = connection.connection.driver_connection
        assert raw is not None
        names = ", ".join(columns)
        with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    connection.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in rows])


def lock_outlet_row(connection: Connection, code: str) -> Any:
    """The registry row of outlet ``code``, locked until the transaction ends (or ``None``)."""
    suffix = " FOR UPDATE" if is_postgres(connection) else ""
    return connection.execute(
        text(
            "SELECT code, enabled, contiguous_seq, last_seq, entry_count, export_key "
            f"FROM central_outlet WHERE code = :code{suffix}"
        ),
        {"code": code},
    ).one_or_none()
