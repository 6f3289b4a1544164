"""Bringing the central database to the current schema (``nttmart central migrate``).

The central migrations live apart from the outlet's (``sync/central/migrations``) and keep their
own version table, ``central_alembic_version``. On PostgreSQL the upgrade holds an advisory lock,
so several service processes starting at once migrate one after the other.
"""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, MetaData, inspect, text

from sync.central.db import is_postgres

# The newest central migration (a test keeps the two in step).
HEAD = "c0009"
_LOCK_KEY = 0x4E54544D  # "NTTM": the advisory lock of central migrations


def alembic_config(connection: Connection, metadata: MetaData | None = None) -> Config:
    """An Alembic config running the packaged central migrations on ``connection``."""
    config = Config()
    location = resources.files("sync.central") / "migrations"
    config.set_main_option("script_location", str(location))
    config.attributes["connection"] = connection
    config.attributes["metadata"] = metadata
    return config


def current_revision(engine: Engine) -> str | None:
    """The schema revision of the central database (``None`` before the first migration)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("central_alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM central_alembic_version")).scalar()


def upgrade(engine: Engine) -> str:
    """Migrate the central database to :data:`HEAD` and return the revision."""
    with engine.begin() as connection:
        if is_postgres(connection):
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        config = alembic_config(connection)
        heads = list(ScriptDirectory.from_config(config).get_heads())
        if heads != [HEAD]:
            raise RuntimeError(f"central migration HEAD {HEAD} disagrees with {heads}")
        command.upgrade(config, "head")
    return HEAD
