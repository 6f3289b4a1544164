"""Schema migrations: the head constant, models in step with migrations, foreign files refused."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import inventory.manager_models
import inventory.models
import pos.models
import pos.print_job
import sync.journal
import sync.outlet_state
from inventory.db import Store
from inventory.errors import NttMartError
from inventory.migrate import HEAD, alembic_config, current_revision, upgrade
from inventory.outlet import open_store
from tests.conftest import FROZEN_NOW

MODEL_MODULES = (
    inventory.models,
    inventory.manager_models,
    sync.journal,
    sync.outlet_state,
    pos.models,
    pos.print_job,
)


def test_head_constant_matches_the_scripts(store: Store) -> None:
    with store.engine.connect() as connection:
        scripts = ScriptDirectory.from_config(alembic_config(connection))
        assert list(scripts.get_heads()) == [HEAD]
    assert current_revision(store) == HEAD


def test_models_and_migrations_agree(store: Store) -> None:
    assert MODEL_MODULES  # the table modules must be imported for the metadata to be complete
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"render_as_batch": True})
        differences = compare_metadata(context, SQLModel.metadata)
    # The full-text index is created by raw SQL and is not a model.
    differences = [d for d in differences if "product_fts" not in str(d)]
    assert differences == []


def test_a_foreign_sqlite_file_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (text)")
    before = path.read_bytes()
    store = Store(path)
    with pytest.raises(NttMartError) as raised:
        upgrade(store, now=FROZEN_NOW)
    store.close()
    assert raised.value.key == "db.not_ours"
    assert path.read_bytes() == before


def test_a_newer_schema_is_refused(store: Store) -> None:
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(NttMartError) as raised:
        upgrade(store, now=FROZEN_NOW)
    assert raised.value.key == "db.newer_schema"


def test_an_older_database_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "outlet.db"
    old = Store(path)
    with old.write_engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO outlet (code, name, created_at) VALUES ('BLU', 'Atambua', ?)",
            ("2026-11-01 00:00:00.000000",),
        )
    old.close()
    assert HEAD != "0001"

    store = open_store(path, outlet_code="BLU", outlet_name="Atambua", now=FROZEN_NOW)
    try:
        assert current_revision(store) == HEAD
        backup = path.with_name(f"outlet.db.before-{HEAD}-20261122-140000.bak")
        with closing(sqlite3.connect(backup)) as copy:
            assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
            assert copy.execute("SELECT name FROM outlet").fetchall() == [("Atambua",)]
        with closing(sqlite3.connect(path)) as db:
            assert db.execute("SELECT name FROM outlet").fetchall() == [("Atambua",)]
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        store.close()
