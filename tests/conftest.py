"""Shared fixtures: an outlet database in a temp dir, a frozen clock, and the message language."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inventory.clock import FixedClock
from inventory.db import Store
from inventory.i18n import set_language
from inventory.outlet import open_store
from inventory.stamp import Stamp

# One folder for python-escpos's pickle for the whole run (pos.devices would otherwise put it
# beside the first test outlet's database, a folder that a later test no longer has).
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", tempfile.mkdtemp(prefix="nttmart-escpos-"))
# The parsed message catalogs (inventory.i18n) are cached in a folder of the run's own, not in
# the user's ~/.cache.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="nttmart-cache-")

# 22 November 2026, 14:00 WITA.
FROZEN_NOW = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)
OUTLET = "BLU"


@pytest.fixture(autouse=True)
def _indonesian_by_default() -> Iterator[None]:
    set_language("id")
    yield
    set_language("id")


@pytest.fixture
def english() -> Iterator[None]:
    """Render messages in English for the test."""
    set_language("en")
    yield


@pytest.fixture
def clock() -> FixedClock:
    """A clock frozen at 22/11/2026 14:00 WITA."""
    return FixedClock(FROZEN_NOW)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh, migrated outlet database file for outlet BLU."""
    opened = open_store(
        tmp_path / "outlet.db",
        outlet_code=OUTLET,
        outlet_name="NTT Mart Atambua",
        now=FROZEN_NOW,
        create=True,
    )
    yield opened
    opened.close()


@pytest.fixture
def stamp(clock: FixedClock) -> Stamp:
    """A change made by manager 'maria' at outlet BLU, now."""
    return Stamp(outlet=OUTLET, actor="maria", at=clock.now())
