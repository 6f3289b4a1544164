"""Words and cells of the console in the reader's language, without switching the process language
(one service process answers Indonesian and English readers at the same time). Cells are
formatted by the renderers' own :func:`format_cell`, so a page shows the text of its PDF."""

from __future__ import annotations

from inventory.i18n import DEFAULT_LANGUAGE, LANGUAGES, catalog
from sync.central.reports.base import Kind
from sync.central.reports.render.cells import format_cell

__all__ = ["NUMERIC", "format_cell", "language_of", "msg"]

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
