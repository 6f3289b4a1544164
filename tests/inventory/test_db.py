"""The outlet database: pragmas, write transactions, UTC times and online backups."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from inventory.db import Store, backup_database
from inventory.models import Counter
from tests.factories import make_product


def test_every_connection_has_the_durability_pragmas(store: Store) -> None:
    with store.read() as session:
        pragma = lambda name: session.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000


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
