"""The outlet database: a SQLite file opened the one safe way, and its column types.

Every connection runs in WAL mode with ``synchronous=FULL`` (a committed transaction survives a
power cut), foreign keys on and a busy timeout. pysqlite's own transaction handling is switched off
so that SQLAlchemy's ``begin`` event emits the ``BEGIN`` itself: reads use a deferred ``BEGIN``,
writes use ``BEGIN IMMEDIATE`` so a transaction that reads and then writes can never fail half way
with ``SQLITE_BUSY_SNAPSHOT`` (DESIGN.md, known quirks).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, String, create_engine, event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.types import DateTime, TypeDecorator
from sqlmodel import Session

BUSY_TIMEOUT_MS = 5_000
# Page size of a newly created outlet database (SQLite's default is 4096).
PAGE_SIZE = 1024


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored as naive UTC; naive values are refused on the way in."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store timezone-aware UTC times only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class StrEnumType(TypeDecorator[StrEnum]):
    """A :class:`StrEnum` stored by its value (``"pcs"``), not by its member name."""

    impl = String(24)
    cache_ok = True

    def __init__(self, enum_class: type[StrEnum]) -> None:
        super().__init__()
        self.enum_class = enum_class

    def process_bind_param(self, value: StrEnum | str | None, dialect: Any) -> str | None:
        return None if value is None else self.enum_class(value).value

    def process_result_value(self, value: str | None, dialect: Any) -> StrEnum | None:
        return None if value is None else self.enum_class(value)


def db_time(moment: datetime) -> str:
    """A timezone-aware time as :class:`UTCDateTime` columns store it in SQLite (naive UTC text),
    for statements sent to the driver directly."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: store timezone-aware UTC times only")
    # SQLAlchemy's SQLite format, "%Y-%m-%d %H:%M:%S.%f": isoformat is several times faster
    # than strftime; the slice drops the "+00:00".
    return moment.astimezone(UTC).isoformat(" ", "microseconds")[:26]


def _on_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    assert isinstance(dbapi_connection, sqlite3.Connection)
    _apply_pragmas(dbapi_connection)


def _apply_pragmas(connection: sqlite3.Connection) -> None:
    # Take transaction control away from pysqlite: the begin event below emits BEGIN.
    connection.isolation_level = None
    with closing(connection.cursor()) as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Small pages for a new file (an existing one keeps its own): a sale touches a dozen
        # B-trees, each one page of the commit's WAL write and sync, and its rows are small.
        # Must come before WAL mode, which writes the file's header.
        cursor.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")


def _on_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def sqlite_engine(path: Path) -> Engine:
    """An engine for the SQLite file at ``path`` with the outlet's pragmas on every connection."""
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


class Store:
    """The outlet database file: read sessions and ``BEGIN IMMEDIATE`` write transactions."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.engine = sqlite_engine(self.path)
        self.write_engine = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self._writer: sqlite3.Connection | None = None
        self._writer_pid = 0
        self._writer_lock = threading.Lock()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; whatever it sees is one consistent snapshot per transaction."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: everything inside commits together or not at all.

        The transaction holds the write lock from its first statement, so nothing it read can
        change before it commits. Leaving the block commits; an exception rolls back.
        """
        with Session(self.write_engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def write_sql(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` write transaction on the store's own driver connection.

        For the hottest write, the checkout: statements go straight to sqlite3, whose
        per-connection cache keeps them prepared, without an ORM session or a pool checkout
        around them. The connection has the engine's pragmas; one transaction at a time uses it
        (a lock; SQLite lets one writer in at a time anyway). Leaving the block commits; an
        exception rolls back. A connection whose COMMIT or ROLLBACK failed is dropped, not reused.
        """
        with self._writer_lock:
            connection = self._writer_connection()
            try:
                connection.execute("BEGIN IMMEDIATE")
                try:
                    yield connection
                except BaseException:
                    connection.rollback()
                    raise
                connection.commit()
            except BaseException:
                if connection.in_transaction:
                    self._drop_writer()
                raise

    def _writer_connection(self) -> sqlite3.Connection:
        # A connection must not cross a fork: a child process opens its own.
        if self._writer is None or self._writer_pid != os.getpid():
            connection = sqlite3.connect(
                self.path, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
            )
            _apply_pragmas(connection)
            self._writer, self._writer_pid = connection, os.getpid()
        return self._writer

    def _drop_writer(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None and self._writer_pid == os.getpid():
            writer.close()

    def close(self) -> None:
        """Release every connection."""
        with self._writer_lock:
            self._drop_writer()
        self.engine.dispose()


def backup_database(source: Path, target: Path) -> None:
    """Copy the SQLite database at ``source`` to ``target`` consistently, while it may be in use.

    Uses SQLite's online backup API into a temporary file beside ``target``, checks it, then
    renames it into place, so ``target`` is either the old file or a complete copy.
    """
    target = Path(target)
    temporary = target.with_name(f".{target.name}.partial")
    temporary.unlink(missing_ok=True)
    with closing(sqlite3.connect(source)) as src:
        src.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        with closing(sqlite3.connect(temporary)) as dst:
            src.backup(dst)
            (result,) = dst.execute("PRAGMA quick_check").fetchone()
            if result != "ok":
                raise RuntimeError(f"backup of {source} failed its integrity check: {result}")
            # A backup copy is a single self-contained file, not a WAL database.
            dst.execute("PRAGMA journal_mode = DELETE")
    os.replace(temporary, target)
