"""Bringing an outlet database to the current schema, with a backup before any upgrade.

Opening a database of an older version writes a backup copy next to it first, then applies the
Alembic migrations in one transaction. The expected head revision is a constant, so opening an
up-to-date database costs one query on a plain connection: Alembic itself (a tenth of a second
to import) is loaded only when there is something to migrate.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, MetaData, inspect, text

from inventory.clock import to_wita
from inventory.db import Store, backup_database
from inventory.errors import NttMartError

if TYPE_CHECKING:
    from alembic.config import Config

# The newest migration in inventory/migrations/versions (a test keeps the two in step).
HEAD = "0007"


def alembic_config(connection: Connection, metadata: MetaData | None = None) -> Config:
    """An Alembic config that runs on ``connection`` with the packaged migration scripts."""
    from alembic.config import Config

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


def _schema_state(path: Path) -> tuple[bool, str | None]:
    """Whether the file at ``path`` is empty or ours, and its revision, in one plain connection.

    No outlet pragmas: probing a foreign file must not change it (switching it to WAL would).
    """
    if not path.exists():
        return True, None
    with closing(sqlite3.connect(path)) as connection:
        names = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in names:
            return not names, None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return True, None if row is None else str(row[0])


def upgrade(store: Store, *, now: datetime) -> Path | None:
    """Migrate ``store`` to :data:`HEAD`; return the backup written first, if any.

    A brand-new (empty) file is created without a backup; a database of an unknown or newer
    schema is refused rather than touched.
    """
    usable, revision = _schema_state(store.path)
    if not usable:
        raise NttMartError("db.not_ours", path=str(store.path))
    if revision == HEAD:
        return None
    from alembic import command

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
