"""Migration 0005: an outlet database of the first schema keeps its data, search and triggers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command

from inventory import catalog
from inventory.db import Store
from inventory.errors import InvalidInputError
from inventory.migrate import HEAD, alembic_config, current_revision, upgrade
from inventory.models import MovementKind
from inventory.stamp import Stamp
from inventory.stock import MovementRequest, record_movements
from tests.conftest import FROZEN_NOW


def test_upgrade_from_0001_keeps_products_and_their_search(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store = Store(path)
    with store.write_engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO product (num, id, sku, name, unit, price, min_stock, active, local, "
            "version, created_at, updated_at) VALUES (1, 'p1', 'KOP', 'Kopi Bajawa', 'pcs', "
            "65000, 0, 1, 1, 1, '2026-11-01 00:00:00', '2026-11-01 00:00:00')"
        )
    backup = upgrade(store, now=FROZEN_NOW)
    assert backup is not None and backup.exists()
    assert current_revision(store) == HEAD
    stamp = Stamp(outlet="BLU", actor="maria", at=FROZEN_NOW)
    with store.write() as session:
        assert [p.sku for p in catalog.search(session, "kopi baja")] == ["KOP"]
        product = catalog.get_by_sku(session, "KOP")
        assert product.shelf is None
        product.name = "Kopi Arabika Bajawa"  # the FTS update trigger survived the migration
        session.add(product)
        session.flush()
        (doc,) = record_movements(
            session, stamp, [MovementRequest("p1", MovementKind.SALE, -1, amount=65_000)]
        )
    assert doc.amount == 65_000
    with store.read() as session:
        assert [p.sku for p in catalog.search(session, "arabika")] == ["KOP"]
    with store.write_engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0001")
    with sqlite3.connect(path) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(product)")]
        triggers = {
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
    assert "shelf" not in columns and len(triggers) == 3
    store.close()


def test_movement_amounts_must_be_whole_rupiah(store: Store, stamp: Stamp) -> None:
    with store.write() as session:
        product = catalog.save_product(
            session, stamp, catalog.ProductInput(sku="KOP", name="Kopi", price=65_000)
        )
    with pytest.raises(InvalidInputError) as raised, store.write() as session:
        record_movements(
            session,
            stamp,
            [MovementRequest(product.id, MovementKind.SALE, -1, amount=65_000.5)],  # type: ignore[arg-type]
        )
    assert raised.value.key == "stock.amount_not_integer"
