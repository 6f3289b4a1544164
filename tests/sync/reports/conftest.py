"""The province with known figures, built once for the package on the session's PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

import sync.central.reports.catalog_of_reports  # noqa: F401 - fills the registry
from tests.sync.conftest import reset_central
from tests.sync.reports.province import Province, build_province


@pytest.fixture(scope="package")
def province(
    migrated_engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Province]:
    """BLU and KPG's November at the centre (see :mod:`tests.sync.reports.province`)."""
    reset_central(migrated_engine)
    built = build_province(migrated_engine, Path(tmp_path_factory.mktemp("province")))
    yield built
    built.blu.close()
    built.kpg.close()
