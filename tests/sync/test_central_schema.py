"""The central schema: migrations agree with the table definitions, and the head constant holds."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from sync.central import migrate
from sync.central.tables import metadata


def test_migrations_and_tables_agree(central: Engine) -> None:
    with central.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": "central_alembic_version"}
        )
        assert compare_metadata(context, metadata) == []
        scripts = ScriptDirectory.from_config(migrate.alembic_config(connection))
        assert list(scripts.get_heads()) == [migrate.HEAD]
    assert migrate.current_revision(central) == migrate.HEAD
    # Migrating again is harmless (several service processes may start at once).
    assert migrate.upgrade(central) == migrate.HEAD
