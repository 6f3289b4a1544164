"""Central migration c0002 (the outlet documents' tables) goes down and up again with data."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from sync.central import migrate
from sync.central.db import make_engine
from tests.conftest import FROZEN_NOW


def test_c0002_downgrades_and_upgrades_keeping_shifts(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    assert migrate.upgrade(engine) == migrate.HEAD
    with engine.begin() as connection:
        # A shift known only from its close: no opened_seq yet.
        connection.execute(
            text(
                "INSERT INTO central_shift (id, outlet, closed_seq, cashier, opened_at, "
                "opening_float, net) VALUES ('s1', 'BLU', 9, 'kasir', :at, 500000, 125000)"
            ),
            {"at": FROZEN_NOW.replace(tzinfo=None)},
        )
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "c0001")
    assert migrate.current_revision(engine) == "c0001"
    names = set(inspect(engine).get_table_names())
    assert "central_transfer" not in names and "central_sale" in names
    with engine.connect() as connection:
        assert connection.execute(text("SELECT opened_seq FROM central_shift")).scalar() == 9
    assert migrate.upgrade(engine) == migrate.current_revision(engine) == migrate.HEAD
    assert {"central_transfer", "central_approval"} <= set(inspect(engine).get_table_names())
    engine.dispose()
