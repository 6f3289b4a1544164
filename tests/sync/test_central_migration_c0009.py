"""Central migration c0009 (proposal base version) goes down and up again, keeping proposals."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import Engine, inspect, text

from sync.central import migrate
from sync.central.db import make_engine


def _columns(engine: Engine) -> set[str]:
    return {str(c["name"]) for c in inspect(engine).get_columns("central_catalog_proposal")}


def test_c0009_downgrades_and_upgrades(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    migrate.upgrade(engine)
    assert "base_version" in _columns(engine)
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "c0008")
        connection.execute(
            text(
                "INSERT INTO central_catalog_proposal "
                "(outlet, seq, entity, entity_id, doc, received_at) "
                "VALUES ('BLU', 7, 'product', 'p-1', '{}', :at)"
            ),
            {"at": datetime(2026, 11, 22, tzinfo=UTC)},
        )
    assert "base_version" not in _columns(engine)
    assert migrate.upgrade(engine) == migrate.current_revision(engine) == migrate.HEAD
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT outlet, seq, base_version FROM central_catalog_proposal")
        ).one()
    # A proposal from before c0009 has no base version: adopted as before, without a check.
    assert tuple(row) == ("BLU", 7, None)
    engine.dispose()
