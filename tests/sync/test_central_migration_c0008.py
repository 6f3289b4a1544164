"""Central migration c0008 (report statistics) goes down and up again, and on PostgreSQL the
planner sees how few (outlet, product) pairs the stock ledger holds."""

from __future__ import annotations

import json
from pathlib import Path

from alembic import command
from sqlalchemy import Engine, inspect, text

from sync.central import migrate
from sync.central.db import make_engine

INDEXES = {"ix_central_stock_movement_consign_in", "ix_central_stock_movement_unpriced"}


def _indexes(engine: Engine) -> set[str]:
    return {str(i["name"]) for i in inspect(engine).get_indexes("central_stock_movement")}


def test_c0008_downgrades_and_upgrades(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    assert migrate.upgrade(engine) == migrate.HEAD
    assert _indexes(engine) >= INDEXES
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "c0007")
    assert migrate.current_revision(engine) == "c0007"
    assert not _indexes(engine) & INDEXES
    assert migrate.upgrade(engine) == migrate.current_revision(engine) == migrate.HEAD
    assert _indexes(engine) >= INDEXES
    engine.dispose()


def test_the_planner_expects_the_true_number_of_pairs(central: Engine) -> None:
    """20 outlets, each with its own 50 products, 40 movements each: 1,000 pairs in 40,000
    rows. Taking outlet and product as independent, the planner would expect 4,000 groups
    (its cap: a tenth of the rows)."""
    with central.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO central_stock_movement (id, outlet, seq, product_id, kind, quantity, "
                "actor, occurred_at) "
                "SELECT o || '-' || p || '-' || n, 'O' || o, n, 'P' || o || '-' || p, 'sale', -1, "
                "'kasir', timestamptz '2026-11-01 08:00+08' + n * interval '1 hour' "
                "FROM generate_series(1, 20) o, generate_series(1, 50) p, generate_series(1, 40) n"
            )
        )
    with central.connect() as connection:
        connection.execute(text("ANALYZE central_stock_movement"))
        plan = connection.execute(
            text(
                "EXPLAIN (FORMAT JSON) SELECT outlet, product_id, SUM(quantity) "
                "FROM central_stock_movement GROUP BY outlet, product_id"
            )
        ).scalar_one()
    estimated = (plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"]["Plan Rows"]
    assert 800 <= estimated <= 1_200, estimated
