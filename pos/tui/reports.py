"""Where the till keeps the Z reports it saves as PDF at each shift close."""

from __future__ import annotations

from pathlib import Path

from pos.context import OutletContext
from pos.reports import write_pdf
from pos.shifts import ShiftReport


def reports_dir(context: OutletContext) -> Path:
    """``reports/`` beside the outlet database."""
    return context.store.path.parent / "reports"


def save_z_report(context: OutletContext, report: ShiftReport) -> Path:
    """Save ``report`` as ``reports/Z-<OUTLET>-<number>.pdf``; returns the path."""
    folder = reports_dir(context)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"Z-{context.outlet}-{report.shift.number:04d}.pdf"
    return write_pdf(report, context.settings, path)
