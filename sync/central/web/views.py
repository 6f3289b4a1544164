"""What the console's pages show, as plain values for the templates: report tables with formatted
cells, charts as bar geometry for inline SVG, and the outlets overview with sync health."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from inventory.clock import format_wita
from inventory.money import format_number, format_rupiah
from sync.central.reports.base import Chart, Report, Table
from sync.central.summary import OutletSummary
from sync.central.web.text import NUMERIC, format_cell, msg

# Series colours of the charts (colour-blind safe, from the Okabe-Ito palette).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
CHART_WIDTH = 640
LABEL_WIDTH = 170
BAR_HEIGHT = 16
# Rows of one table a page shows: a phone on a slow link should not load 13,000 rows (the
# downloads carry them all; the totals row always covers every row).
PAGE_ROWS = 500


@dataclass(frozen=True, slots=True)
class Cell:
    key: str
    text: str
    numeric: bool


@dataclass(frozen=True, slots=True)
class TableView:
    title: str
    headers: list[Cell]
    rows: list[list[Cell]]
    totals: list[Cell] | None
    note: str | None


@dataclass(frozen=True, slots=True)
class Bar:
    y: int
    width: int
    colour: str
    text: str


@dataclass(frozen=True, slots=True)
class ChartRow:
    label: str
    y: int
    bars: list[Bar]


@dataclass(frozen=True, slots=True)
class ChartView:
    title: str
    height: int
    rows: list[ChartRow]
    legend: list[tuple[str, str]]
    label_width: int = LABEL_WIDTH
    width: int = CHART_WIDTH


def _cells(values: Sequence[Any], table: Table, lang: str) -> list[Cell]:
    return [
        Cell(column.key, format_cell(value, column.kind, lang), column.kind in NUMERIC)
        for column, value in zip(table.columns, values, strict=False)
    ]


def table_view(table: Table, lang: str, limit: int = PAGE_ROWS) -> TableView:
    """One report table with every cell formatted for ``lang``; a page shows the first
    ``limit`` rows (and the totals of all), the downloads have every row."""
    headers = [Cell(c.key, c.label, c.kind in NUMERIC) for c in table.columns]
    rows = [_cells(row, table, lang) for row in table.rows[:limit]]
    totals = _cells(table.totals, table, lang) if table.totals is not None else None
    note = table.note
    if len(table.rows) > limit:
        shown = msg(
            lang,
            "web.report.first_rows",
            shown=format_number(limit),
            total=format_number(len(table.rows)),
        )
        note = f"{note} {shown}" if note else shown
    return TableView(table.title, headers, rows, totals, note)


def chart_view(chart: Chart, lang: str) -> ChartView:
    """Horizontal grouped bars (a line chart is drawn as bars too: one per point)."""
    series = list(chart.series.items())
    values = [v for _, points in series for v in points]
    top = max([abs(v) for v in values] or [0]) or 1
    room = CHART_WIDTH - LABEL_WIDTH - 90
    group = BAR_HEIGHT * max(len(series), 1) + 8
    rows: list[ChartRow] = []
    for index, label in enumerate(chart.labels):
        y = 8 + index * group
        bars = []
        for number, (_, points) in enumerate(series):
            value = points[index] if index < len(points) else 0
            text = format_cell(value, chart.value_kind, lang)
            bars.append(
                Bar(
                    y=y + number * BAR_HEIGHT,
                    width=max(1, round(abs(value) * room / top)) if value else 0,
                    colour=PALETTE[number % len(PALETTE)],
                    text=text,
                )
            )
        rows.append(ChartRow(label=label, y=y, bars=bars))
    legend = [(name, PALETTE[n % len(PALETTE)]) for n, (name, _) in enumerate(series)]
    return ChartView(
        title=chart.title, height=16 + len(chart.labels) * group, rows=rows, legend=legend
    )


@dataclass(frozen=True, slots=True)
class ReportView:
    title: str
    facts: list[tuple[str, str]]
    tables: list[TableView]
    charts: list[ChartView]


def report_view(report: Report, lang: str) -> ReportView:
    """A whole report for the page."""
    return ReportView(
        title=report.title,
        facts=list(report.facts),
        tables=[table_view(table, lang) for table in report.tables],
        charts=[chart_view(chart, lang) for chart in report.charts if chart.labels],
    )


@dataclass(frozen=True, slots=True)
class OutletHealth:
    """One outlet's line of the overview."""

    code: str
    name: str
    kabupaten: str
    enabled: bool
    entries: str
    last_seq: int
    contiguous_seq: int
    gaps: str
    gap_count: int
    last_heard: str
    silent: bool
    sales: int
    sales_text: str
    net_total: int
    net_text: str
    conflicts: int
    state: str  # ok | gaps | silent | disabled
    state_text: str


def outlet_health(
    summary: OutletSummary, *, now: datetime, silent_after: timedelta, lang: str
) -> OutletHealth:
    """Sync health of one outlet: gaps, silence (never heard, or not for ``silent_after``)."""
    heard = summary.last_heard_at
    silent = heard is None or now - heard > silent_after
    if not summary.enabled:
        state = "disabled"
    elif silent:
        state = "silent"
    elif summary.gaps or summary.open_conflicts:
        state = "gaps"
    else:
        state = "ok"
    gaps = ", ".join(
        str(g.first) if g.first == g.last else f"{g.first}–{g.last}" for g in summary.gaps[:5]
    )
    if len(summary.gaps) > 5:
        gaps += ", …"
    return OutletHealth(
        code=summary.code,
        name=summary.name,
        kabupaten=summary.kabupaten,
        enabled=summary.enabled,
        entries=format_number(summary.entries),
        last_seq=summary.last_seq,
        contiguous_seq=summary.contiguous_seq,
        gaps=gaps,
        gap_count=len(summary.gaps),
        last_heard=format_wita(heard) if heard else msg(lang, "web.overview.never"),
        silent=silent,
        sales=summary.sales,
        sales_text=format_number(summary.sales),
        net_total=summary.net_total,
        net_text=format_rupiah(summary.net_total),
        conflicts=summary.open_conflicts,
        state=state,
        state_text=msg(lang, f"web.overview.state_{state}"),
    )
