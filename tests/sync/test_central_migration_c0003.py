"""Central migration c0003 gives existing products a created_at from their updated_at."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from sync.central import migrate
from sync.central.db import make_engine
from tests.conftest import FROZEN_NOW


def test_c0003_fills_created_at_and_goes_down_and_up(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "c0002")
        connection.execute(
            text(
                "INSERT INTO central_product (id, sku, name, unit, price, min_stock, active, "
                "version, catalog_version, updated_at) "
                "VALUES ('p1', 'KOP', 'Kopi', 'pcs', 50000, 0, 1, 1, 1, :at)"
            ),
            {"at": FROZEN_NOW.replace(tzinfo=None)},
        )
    assert migrate.upgrade(engine) == migrate.HEAD
    with engine.connect() as connection:
        created, updated = connection.execute(
            text("SELECT created_at, updated_at FROM central_product")
        ).one()
    assert created == updated and created is not None
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "c0002")
    columns = {c["name"] for c in inspect(engine).get_columns("central_product")}
    assert "created_at" not in columns and "updated_at" in columns
    assert migrate.upgrade(engine) == migrate.HEAD
    engine.dispose()
