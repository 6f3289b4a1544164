"""Words and cells of the console in the reader's language, without switching the process language
(one service process answers Indonesian and English readers at the same time)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from inventory.clock import format_wita
from inventory.i18n import DEFAULT_LANGUAGE, LANGUAGES, catalog
from inventory.money import format_number, format_rupiah
from sync.central.reports.base import Kind

NUMERIC = frozenset({Kind.INT, Kind.MONEY, Kind.QUANTITY, Kind.PERCENT})


def language_of(value: str | None) -> str:
    """``value`` if it is a known language, else the default (Indonesian)."""
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def msg(lang: str, key: str, /, **params: object) -> str:
    """Message ``key`` in ``lang``; falls back to English, then to the key itself."""
    text = catalog(lang).get(key) or catalog("en").get(key) or key
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def percent(basis_points: int, lang: str) -> str:
    """``1250`` basis points -> ``12,5%`` (``12.5%`` in English)."""
    whole, rest = divmod(abs(basis_points), 100)
    sign = "-" if basis_points < 0 else ""
    text = f"{whole}" if rest == 0 else f"{whole}.{rest:02d}".rstrip("0")
    if lang == "id":
        text = text.replace(".", ",")
    return f"{sign}{text}%"


def format_cell(value: Any, kind: Kind, lang: str) -> str:
    """One report cell as the page shows it: the same rules as the downloads (Rupiah as
    ``Rp125.000``, times in WITA, dates ``dd/mm/yyyy``)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or kind is Kind.BOOL:
        return msg(lang, "web.yes" if value else "web.no")
    if kind is Kind.MONEY and isinstance(value, int):
        return format_rupiah(value)
    if kind in (Kind.INT, Kind.QUANTITY) and isinstance(value, int):
        return format_number(value)
    if kind is Kind.PERCENT and isinstance(value, int):
        return percent(value, lang)
    if isinstance(value, datetime):
        return format_wita(value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)
