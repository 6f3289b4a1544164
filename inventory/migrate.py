"""Bringing an outlet database to the current schema, with a backup before any upgrade.

Opening a database of an older version writes a backup copy next to it first, then applies the
Alembic migrations in one transaction. The expected head revision is a constant, so opening an
up-to-date database costs one query rather than loading every migration script.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, MetaData, inspect, text

from inventory.clock import to_wita
from inventory.db import Store, backup_database
from inventory.errors import NttMartError

# The newest migration in inventory/migrations/versions (a test keeps the two in step).
HEAD = "0007"


def alembic_config(connection: Connection, metadata: MetaData | None = None) -> Config:
    """An Alembic config that runs on ``connection`` with the packaged migration scripts."""
    config = Config()
    config.set_main_option("script_location", str(resources.files("inventory") / "migrations"))
    config.attributes["connection"] = connection
    config.attributes["metadata"] = metadata
    return config


def current_revision(store: Store) -> str | None:
    """The schema revision of the database, or ``None`` for a database never migrated."""
    with store.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _is_empty(path: Path) -> bool:
    # A plain connection without the outlet pragmas: probing a foreign file must not change it
    # (switching it to WAL would).
    if not path.exists():
        return True
    with closing(sqlite3.connect(path)) as connection:
        (tables,) = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return bool(tables == 0)


def _has_our_version_table(path: Path) -> bool:
    if not path.exists():
        return False
    with closing(sqlite3.connect(path)) as connection:
        found = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
    return found is not None


def upgrade(store: Store, *, now: datetime) -> Path | None:
    """Migrate ``store`` to :data:`HEAD`; return the backup written first, if any.

    A brand-new (empty) file is created without a backup; a database of an unknown or newer
    schema is refused rather than touched.
    """
    if not _has_our_version_table(store.path) and not _is_empty(store.path):
        raise NttMartError("db.not_ours", path=str(store.path))
    revision = current_revision(store)
    if revision == HEAD:
        return None
    backup: Path | None = None
    if revision is not None:
        stamp = to_wita(now).strftime("%Y%m%d-%H%M%S")
        backup = store.path.with_name(f"{store.path.name}.before-{HEAD}-{stamp}.bak")
        backup_database(store.path, backup)
    with store.write_engine.begin() as connection:
        config = alembic_config(connection)
        script_heads = _script_heads(config)
        if revision is not None and revision not in _known_revisions(config):
            raise NttMartError("db.newer_schema", path=str(store.path), revision=revision)
        if script_heads != [HEAD]:
            raise RuntimeError(f"migration HEAD constant {HEAD} disagrees with {script_heads}")
        command.upgrade(config, "head")
    return backup


def _script_heads(config: Config) -> list[str]:
    from alembic.script import ScriptDirectory

    return list(ScriptDirectory.from_config(config).get_heads())


def _known_revisions(config: Config) -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
