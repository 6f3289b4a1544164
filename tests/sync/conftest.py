"""Sync fixtures: a fresh PostgreSQL database per test session, the central app served by a real
uvicorn on a loopback port, and outlets (SQLite files) registered at the centre.

PostgreSQL must be reachable at 127.0.0.1:5432 (user postgres, trust auth): if it is not, the
tests fail with a message saying so; they never skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, text

from inventory.db import Store
from inventory.outlet import open_store
from sync.central import migrate, outlets, tables
from sync.central.api import create_app
from sync.central.db import make_engine
from tests.conftest import FROZEN_NOW
from tests.sync.servers import ServerThread

ADMIN_DSN = os.environ.get("NTTMART_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
MAX_ENTRIES = 200
MAX_BYTES = 512 * 1024


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A new, empty PostgreSQL database for this test session, dropped at the end."""
    name = f"nttmart_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(ADMIN_DSN, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(
            f"PostgreSQL is not reachable at {ADMIN_DSN} ({error}). The sync tests need a real "
            "PostgreSQL server (trust auth, user postgres) on 127.0.0.1:5432.",
            pytrace=False,
        )
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        base = ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
        try:
            yield f"{base}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def migrated_engine(postgres_url: str) -> Iterator[Engine]:
    """An engine on the session database, migrated to the central head."""
    engine = make_engine(postgres_url, pool_size=10)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


def reset_central(engine: Engine) -> None:
    """Empty every central table and restart the catalog version."""
    names = ", ".join(table.name for table in reversed(tables.metadata.sorted_tables))
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        connection.execute(
            text("INSERT INTO central_counter (name, value) VALUES ('catalog_version', 0)")
        )


@pytest.fixture
def central(migrated_engine: Engine) -> Engine:
    """The central database, emptied for this test."""
    reset_central(migrated_engine)
    return migrated_engine


@pytest.fixture
def server(central: Engine) -> Iterator[ServerThread]:
    """The central API on a real uvicorn (small batch limits so tests can reach them)."""
    app = create_app(
        central, max_batch_entries=MAX_ENTRIES, max_batch_bytes=MAX_BYTES, catalog_page=50
    )
    running = ServerThread(app).start()
    yield running
    running.stop()


@dataclass
class OutletUnderTest:
    """An outlet database registered at the centre, with its token."""

    code: str
    store: Store
    token: str
    path: Path


@pytest.fixture
def make_outlet(tmp_path: Path, central: Engine) -> Iterator[Callable[[str], OutletUnderTest]]:
    """Create outlet CODE: a migrated SQLite file and a registration at the centre."""
    made: list[OutletUnderTest] = []

    def make(code: str) -> OutletUnderTest:
        path = tmp_path / code / "outlet.db"
        store = open_store(
            path, outlet_code=code, outlet_name=f"NTT Mart {code}", now=FROZEN_NOW, create=True
        )
        token = outlets.add_outlet(
            central, code=code, name=f"NTT Mart {code}", kabupaten="Belu", now=FROZEN_NOW
        )
        outlet = OutletUnderTest(code=code, store=store, token=token, path=path)
        made.append(outlet)
        return outlet

    yield make
    for outlet in made:
        outlet.store.close()
