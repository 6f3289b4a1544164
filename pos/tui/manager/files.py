"""Where the manager screens save the PDFs and CSV files they make: ``reports/`` beside the
outlet database, the folder the till keeps its Z reports in."""

from __future__ import annotations

from pathlib import Path

from inventory.clock import to_wita
from pos.context import OutletContext
from pos.tui.reports import reports_dir


def output_path(context: OutletContext, name: str, suffix: str) -> Path:
    """``reports/<name>-<YYYYMMDD-HHMMSS WITA>.<suffix>``, its folder created."""
    folder = reports_dir(context)
    folder.mkdir(parents=True, exist_ok=True)
    moment = to_wita(context.clock.now()).strftime("%Y%m%d-%H%M%S")
    return folder / f"{name}-{moment}.{suffix}"


def save(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path``; returns the path."""
    path.write_bytes(data)
    return path
