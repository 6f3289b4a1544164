"""Outlet migration 0006 (campaign tags of sales) goes down and up again on a real file."""

from __future__ import annotations

import sqlite3

from alembic import command

from inventory.db import Store
from inventory.migrate import HEAD, alembic_config, current_revision


def _tables(store: Store) -> set[str]:
    with sqlite3.connect(store.path) as db:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_0006_downgrades_and_upgrades(store: Store) -> None:
    assert current_revision(store) == HEAD
    assert "sale_campaign" in _tables(store)
    with store.write_engine.begin() as connection:
        # Down to just before 0006 (whatever comes after it goes first).
        command.downgrade(alembic_config(connection), "0005")
    assert current_revision(store) == "0005"
    assert "sale_campaign" not in _tables(store) and "sale" in _tables(store)
    with store.write_engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    assert current_revision(store) == HEAD and "sale_campaign" in _tables(store)
