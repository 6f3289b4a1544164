"""Central migration c0006 (campaign tags of sales) goes down and up again."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect

from sync.central import migrate
from sync.central.db import make_engine


def test_c0006_downgrades_and_upgrades(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    assert migrate.upgrade(engine) == migrate.HEAD
    assert "central_sale_campaign" in inspect(engine).get_table_names()
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "c0002")
    assert migrate.current_revision(engine) == "c0002"
    names = set(inspect(engine).get_table_names())
    assert "central_sale_campaign" not in names and "central_sale" in names
    assert migrate.upgrade(engine) == migrate.current_revision(engine) == migrate.HEAD
    assert "central_sale_campaign" in inspect(engine).get_table_names()
    engine.dispose()
