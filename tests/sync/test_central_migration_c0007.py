"""Central migration c0007 (admin decisions) goes down and up again."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect

from sync.central import migrate
from sync.central.db import make_engine

TABLES = {"central_catalog_proposal_decision", "central_transfer_refusal"}


def test_c0007_downgrades_and_upgrades(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    assert migrate.upgrade(engine) == migrate.HEAD
    assert set(inspect(engine).get_table_names()) >= TABLES
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "c0002")
    assert migrate.current_revision(engine) == "c0002"
    names = set(inspect(engine).get_table_names())
    assert not TABLES & names and "central_catalog_proposal" in names
    assert migrate.upgrade(engine) == migrate.HEAD
    assert set(inspect(engine).get_table_names()) >= TABLES
    engine.dispose()
