"""CLI fixtures: an initialised outlet folder and a runner that calls ``nttmart`` in-process."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pos.cli import main

Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    """Run ``nttmart ARGS...`` and return the click result (stdout and stderr apart)."""
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        return runner.invoke(main, list(args), env=env or {}, input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def outlet_dir(tmp_path: Path, run: Run) -> Path:
    """An outlet BLU initialised with ``nttmart init``."""
    data = tmp_path / "blu"
    result = run("init", "--data-dir", str(data), "--outlet", "BLU", "--name", "NTT Mart Atambua")
    assert result.exit_code == 0, result.output
    return data


@pytest.fixture
def cfg(outlet_dir: Path) -> list[str]:
    """The ``--config`` option for the outlet."""
    return ["--config", str(outlet_dir / "config.toml")]
