"""One cell of a report as people read it (PDF, HTML) and as machines read it (CSV).

:func:`format_cell` is the one place that turns a raw value into text by its column's
:class:`~sync.central.reports.base.Kind`: ``Rp125.000``, ``1.250``, ``12,5%``, ``22/11/2026``,
``22/11/2026 14:05`` (WITA). The web console uses it for its HTML tables, so a page and its PDF
show the same text. :func:`raw_cell` is the CSV form: integers, ISO dates, ``true``/``false``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from inventory.clock import format_wita
from inventory.money import format_number, format_rupiah
from inventory.pdf.common import msg, percent
from sync.central.reports.base import Kind

EMPTY = "-"


def format_cell(value: Any, kind: Kind, lang: str = "id") -> str:
    """``value`` formatted for reading by ``kind``, labels in ``lang``; ``None`` reads ``-``."""
    if value is None:
        return EMPTY
    if kind is Kind.MONEY:
        return format_rupiah(int(value))
    if kind in (Kind.INT, Kind.QUANTITY):
        return format_number(int(value))
    if kind is Kind.PERCENT:
        return percent(int(value))
    if kind is Kind.DATETIME and isinstance(value, datetime):
        return format_wita(value)
    if kind is Kind.DATE and isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if kind is Kind.BOOL:
        return msg(lang, "reports.yes" if value else "reports.no")
    return str(value)


def raw_cell(value: Any, kind: Kind) -> str:
    """``value`` for machines: Rupiah and quantities as integers, basis points as they are,
    dates ``2026-11-22``, instants ISO 8601 in UTC, booleans ``true``/``false``, ``None`` empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if kind in (Kind.MONEY, Kind.INT, Kind.QUANTITY, Kind.PERCENT):
        return str(int(value))
    return str(value)
