"""The outlet database: pragmas, write transactions, UTC times and online backups."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from inventory.db import PAGE_SIZE, Store, backup_database
from inventory.models import Counter
from tests.factories import make_product


def test_every_connection_has_the_durability_pragmas(store: Store) -> None:
    with store.read() as session:
        pragma = lambda name: session.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000
        assert pragma("page_size") == PAGE_SIZE == 1024  # small pages: a sale's WAL write


def test_an_existing_database_keeps_its_page_size(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with closing(sqlite3.connect(path)) as old:
        old.execute("CREATE TABLE t (x)")  # created with SQLite's default pages
        (default,) = old.execute("PRAGMA page_size").fetchone()
    assert default != PAGE_SIZE
    store = Store(path)
    with store.read() as session:
        assert session.execute(text("PRAGMA page_size")).scalar() == default
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    store.close()


def test_write_takes_the_lock_at_begin(store: Store) -> None:
    """A write transaction holds SQLite's write lock from its first statement (BEGIN IMMEDIATE)."""
    other = sqlite3.connect(store.path, timeout=0, isolation_level=None)
    with store.write() as session:
        session.execute(text("SELECT 1"))  # only reads, yet already holds the lock
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    other.close()


def test_a_failed_write_leaves_nothing(store: Store, stamp) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError), store.write() as session:
        session.add(Counter(name="x", value=1))
        session.flush()
        raise RuntimeError("power cut")
    with store.read() as session:
        assert session.get(Counter, "x") is None


def test_naive_datetimes_are_refused(store: Store, stamp) -> None:  # type: ignore[no-untyped-def]
    from inventory.models import OutletInfo

    with pytest.raises(Exception, match="naive"), store.write() as session:
        session.add(OutletInfo(code="X", name="x", created_at=datetime(2026, 1, 1)))
        session.flush()


def test_times_come_back_in_utc(store: Store, stamp) -> None:  # type: ignore[no-untyped-def]
    with store.write() as session:
        product = make_product(session, stamp)
    with store.read() as session:
        from sqlmodel import select

        from inventory.models import Product

        loaded = session.exec(select(Product).where(Product.id == product.id)).one()
    assert loaded.created_at == stamp.at
    assert loaded.created_at.utcoffset() is not None


def test_backup_is_consistent_while_a_writer_is_busy(store: Store, stamp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with store.write() as session:
        make_product(session, stamp)
    started = threading.Event()
    release = threading.Event()

    def writer() -> None:
        with store.write() as session:
            session.add(Counter(name="in-flight", value=1))
            session.flush()
            started.set()
            release.wait(10)

    thread = threading.Thread(target=writer)
    thread.start()
    started.wait(10)
    target = tmp_path / "copy.db"
    try:
        backup_database(store.path, target)
    finally:
        release.set()
        thread.join()
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("SELECT count(*) FROM product").fetchone() == (1,)
    # The uncommitted row of the writer is not in the copy.
    assert copy.execute("SELECT count(*) FROM counter WHERE name = 'in-flight'").fetchone() == (0,)
    copy.close()
    assert not (tmp_path / ".copy.db.partial").exists()


def test_store_on_a_new_file(tmp_path: Path) -> None:
    plain = Store(tmp_path / "plain.db")
    with plain.write() as session:
        session.execute(text("CREATE TABLE t (x)"))
    with plain.read() as session:
        assert session.execute(text("SELECT count(*) FROM t")).scalar() == 0
    plain.close()


def _counter(store: Store, name: str) -> int | None:
    with closing(sqlite3.connect(store.path)) as db:
        row = db.execute("SELECT value FROM counter WHERE name = ?", (name,)).fetchone()
    return None if row is None else row[0]


def test_driver_write_has_the_pragmas_and_takes_the_lock_at_begin(store: Store) -> None:
    other = sqlite3.connect(store.path, timeout=0, isolation_level=None)
    with store.write_sql() as connection:
        pragma = lambda name: connection.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        assert (pragma("synchronous"), pragma("foreign_keys"), pragma("busy_timeout")) == (
            2,
            1,
            5000,
        )
        assert pragma("journal_mode") == "wal"
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO counter (name, value) VALUES ('t', 1)")
    other.close()
    assert _counter(store, "t") == 1


def test_driver_write_rolls_back_on_error_and_survives_a_failed_commit(store: Store) -> None:
    with pytest.raises(RuntimeError), store.write_sql() as connection:
        connection.execute("INSERT INTO counter (name, value) VALUES ('gone', 1)")
        raise RuntimeError("cash drawer jammed")
    assert _counter(store, "gone") is None
    # A deferred foreign key makes COMMIT itself fail, leaving the transaction open: the
    # connection is dropped (rolling back) and the next write gets a fresh one.
    with pytest.raises(sqlite3.IntegrityError), store.write_sql() as connection:
        connection.execute("PRAGMA defer_foreign_keys = ON")
        connection.execute(
            "INSERT INTO stock_level (product_id, on_hand, updated_at) "
            "VALUES ('no-such-product', 1, '2026-11-22 06:00:00.000000')"
        )
    with store.write_sql() as connection:
        assert connection.execute("SELECT count(*) FROM stock_level").fetchone() == (0,)
        connection.execute("INSERT INTO counter (name, value) VALUES ('after', 1)")
    assert _counter(store, "after") == 1


def test_driver_writes_from_threads_take_turns(store: Store) -> None:
    def bump(name: str) -> None:
        for _ in range(25):
            with store.write_sql() as connection:
                connection.execute(
                    "INSERT INTO counter (name, value) VALUES (?, 1) "
                    "ON CONFLICT (name) DO UPDATE SET value = value + 1",
                    (name,),
                )

    threads = [threading.Thread(target=bump, args=("turns",)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert _counter(store, "turns") == 100
    store.close()
    with store.write_sql() as connection:  # a closed store opens a new connection on demand
        connection.execute("UPDATE counter SET value = 0 WHERE name = 'turns'")
    assert _counter(store, "turns") == 0
