"""The shape every central report takes, and the registry of reports by name.

A report is data, not layout: titled tables of typed cells and optional charts. Renderers (PDF,
CSV, XLSX, HTML) turn the same :class:`Report` into each format, so the figures never differ
between a download and a page. Money is whole Rupiah (``int``); quantities are the project's
integer quantities; labels are already translated in ``params.lang`` when the report is built.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy.engine import Engine


class ReportError(ValueError):
    """Bad report input (unknown report, backwards range, unknown outlet): a clear message that
    the CLI prints and the web console shows; nothing is changed."""


class Kind(StrEnum):
    """How a column's cells are formatted: ``money`` as ``Rp125.000``, ``quantity`` by the
    project's quantity rules, ``percent`` from basis points, ``date``/``datetime`` in WITA."""

    TEXT = "text"
    INT = "int"
    MONEY = "money"
    QUANTITY = "quantity"
    PERCENT = "percent"
    DATE = "date"
    DATETIME = "datetime"
    BOOL = "bool"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: Kind = Kind.TEXT


@dataclass(frozen=True)
class Table:
    """One titled table. ``rows`` hold raw values (``int`` Rupiah, ``date``, ``datetime`` in UTC,
    ``str``, ``bool``, ``None``) in column order; ``totals`` is an optional last row."""

    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    totals: Sequence[Any] | None = None
    note: str | None = None


@dataclass(frozen=True)
class Chart:
    """A bar or line chart: one label per point on the x axis, one list of values per series."""

    kind: str  # "bar" | "line"
    title: str
    labels: Sequence[str]
    series: dict[str, Sequence[int]]
    value_kind: Kind = Kind.INT


@dataclass(frozen=True)
class Report:
    name: str
    title: str
    params: ReportParams
    facts: Sequence[tuple[str, str]] = ()
    tables: Sequence[Table] = ()
    charts: Sequence[Chart] = ()


@dataclass(frozen=True)
class ReportParams:
    """What a report is asked for. ``outlet`` restricts it to one outlet (an ``outlet`` user of
    the web console only ever gets reports built with their own outlet here)."""

    date_from: date
    date_to: date
    outlet: str | None = None
    lang: str = "id"
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.date_to < self.date_from:
            raise ReportError(
                f"the date range is backwards: {self.date_from.isoformat()} is after "
                f"{self.date_to.isoformat()}"
            )


Builder = Callable[[Engine, ReportParams], Report]


@dataclass(frozen=True)
class ReportSpec:
    name: str
    title_key: str  # i18n key of the report's title
    build: Builder


REGISTRY: dict[str, ReportSpec] = {}


def register(name: str, title_key: str) -> Callable[[Builder], Builder]:
    """Decorator: make ``build`` available as report ``name``."""

    def wrap(build: Builder) -> Builder:
        if name in REGISTRY:
            raise ValueError(f"report {name!r} is registered twice")
        REGISTRY[name] = ReportSpec(name, title_key, build)
        return build

    return wrap


def get(name: str) -> ReportSpec:
    try:
        return REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(REGISTRY)) or "none"
        raise ReportError(f"unknown report {name!r}; known reports: {known}") from None
