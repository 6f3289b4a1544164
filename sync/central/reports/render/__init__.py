"""Renderers of a :class:`~sync.central.reports.base.Report`: PDF, CSV, XLSX, and cell text.

:func:`render` picks the format from a file extension, as ``nttmart central report --out``
does; the web console uses :func:`format_cell` for its HTML tables and these functions for
downloads, so every format shows the same figures.
"""

from __future__ import annotations

from collections.abc import Callable

from sync.central.reports.base import Report
from sync.central.reports.render.cells import format_cell, raw_cell
from sync.central.reports.render.pdf import to_pdf
from sync.central.reports.render.tabular import to_csv, to_xlsx

FORMATS: dict[str, Callable[[Report], bytes]] = {
    "pdf": to_pdf,
    "csv": to_csv,
    "xlsx": to_xlsx,
}
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render(report: Report, fmt: str) -> bytes:
    """``report`` in format ``fmt`` (``pdf``, ``csv`` or ``xlsx``)."""
    try:
        renderer = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown report format {fmt!r}; choose pdf, csv or xlsx") from None
    return renderer(report)


__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "format_cell",
    "raw_cell",
    "render",
    "to_csv",
    "to_pdf",
    "to_xlsx",
]
