"""A report as an A4 PDF: title, facts, charts (reportlab.graphics), then each table.

Built on the manager PDFs' style (:mod:`inventory.pdf.common`): the same fonts, ruled tables
with a shaded header repeated on every page, footer with page numbers, and ``invariant`` set so
the same report always gives the same bytes. Tables of more than six columns are laid out on
landscape pages. Cells are formatted by :func:`~sync.central.reports.render.cells.format_cell`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer

from inventory.money import format_number, format_rupiah
from inventory.pdf.common import build, day, facts, msg, para, styles, table, usable_width
from sync.central.reports.base import Chart, Kind, Report, Table
from sync.central.reports.render.cells import format_cell

MIN_TEXT = 22 * mm
BLOCK_ROWS = 40
WIDE_FROM = 7  # columns: from this many on, the report is laid out on landscape pages
PALETTE = (
    colors.HexColor("#1F5F8B"),
    colors.HexColor("#D98C1F"),
    colors.HexColor("#3C8D5A"),
    colors.HexColor("#A33B3B"),
    colors.HexColor("#6B4C9A"),
    colors.HexColor("#7F7F7F"),
)
_NUMERIC = (Kind.MONEY, Kind.INT, Kind.QUANTITY, Kind.PERCENT)


def _axis_label(kind: Kind) -> Any:
    def label(value: float) -> str:
        amount = round(value)
        return format_rupiah(amount) if kind is Kind.MONEY else format_number(amount)

    return label


def chart_drawing(
    chart: Chart, width: float, height: float = 62 * mm, *, lang: str = "id"
) -> Drawing:
    """``chart`` drawn with reportlab.graphics: a vertical bar chart or a line chart."""
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 10, chart.title, fontName="Helvetica-Bold", fontSize=9))
    names = list(chart.series)
    data = [[int(v) for v in chart.series[name]] for name in names]
    if not chart.labels or not any(data):
        drawing.height = 24
        drawing.contents[0].y = 14
        drawing.add(String(0, 2, msg(lang, "reports.no_rows"), fontName="Helvetica", fontSize=8))
        return drawing
    plot: VerticalBarChart | HorizontalLineChart
    plot = VerticalBarChart() if chart.kind == "bar" else HorizontalLineChart()
    legend_room = 16 if len(names) > 1 else 0
    plot.x = 62
    plot.y = 28 + legend_room
    plot.width = width - plot.x - 8
    plot.height = height - plot.y - 18
    plot.data = data or [[0]]
    labels = list(chart.labels) or [""]
    plot.categoryAxis.categoryNames = labels
    plot.categoryAxis.labels.fontName = "Helvetica"
    plot.categoryAxis.labels.fontSize = 6 if len(labels) > 12 else 7
    if len(labels) > 12:
        plot.categoryAxis.labels.angle = 90
        plot.categoryAxis.labels.boxAnchor = "e"
        plot.categoryAxis.labels.dy = -2
    else:
        plot.categoryAxis.labels.boxAnchor = "n"
    plot.valueAxis.valueMin = 0
    plot.valueAxis.labels.fontName = "Helvetica"
    plot.valueAxis.labels.fontSize = 6
    plot.valueAxis.labelTextFormat = _axis_label(chart.value_kind)
    plot.valueAxis.visibleGrid = True
    plot.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
    for index in range(len(plot.data)):
        color = PALETTE[index % len(PALETTE)]
        if isinstance(plot, VerticalBarChart):
            plot.bars[index].fillColor = color
            plot.bars[index].strokeColor = None
        else:
            plot.lines[index].strokeColor = color
            plot.lines[index].strokeWidth = 1.5
    if isinstance(plot, VerticalBarChart):
        plot.barSpacing = 1
        plot.groupSpacing = 6
    drawing.add(plot)
    if len(names) > 1:
        legend = Legend()
        legend.x, legend.y = plot.x, 6
        legend.alignment = "right"
        legend.fontName, legend.fontSize = "Helvetica", 7
        legend.columnMaximum = 1
        legend.dx = legend.dy = 6
        legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], n) for i, n in enumerate(names)]
        drawing.add(legend)
    return drawing


def _widths(columns: Sequence[Any], body: Sequence[Sequence[Any]], width: float) -> list[float]:
    """Number, date and yes/no columns as wide as their widest cell (they never wrap); text
    columns share the rest, at least :data:`MIN_TEXT` each (their cells wrap)."""
    fixed: dict[int, float] = {}
    for index, column in enumerate(columns):
        if column.kind is Kind.TEXT:
            continue
        widest = max(
            (
                stringWidth(row[index], "Helvetica-Bold", 9)
                for row in body
                if isinstance(row[index], str)
            ),
            default=0.0,
        )
        # A header wraps between words, never inside one.
        word = max(stringWidth(w, "Helvetica-Bold", 8.5) for w in column.label.split() or [""])
        fixed[index] = max(widest + 14, word + 14, 14 * mm)
    text_columns = [i for i, column in enumerate(columns) if column.kind is Kind.TEXT]
    room = width - sum(fixed.values())
    if text_columns and room < MIN_TEXT * len(text_columns):
        # Too many wide numbers: shrink them alike so the table still fits the page.
        scale = max(width - MIN_TEXT * len(text_columns), width / 3) / sum(fixed.values())
        fixed = {i: w * scale for i, w in fixed.items()}
        room = width - sum(fixed.values())
    if not text_columns:
        scale = width / sum(fixed.values())
        return [fixed[i] * scale for i in range(len(columns))]
    share = room / len(text_columns)
    return [fixed.get(i, share) for i in range(len(columns))]


def table_flowables(report_table: Table, lang: str, width: float) -> list[Flowable]:
    """One report table: its title, the ruled table (or a "no data" line), its note."""
    s = styles()
    out: list[Flowable] = [para(report_table.title, s["Heading4"])]
    columns = report_table.columns
    right = tuple(i for i, column in enumerate(columns) if column.kind in _NUMERIC)
    if not report_table.rows:
        out.append(para(msg(lang, "reports.no_rows"), s["Small"]))
    else:
        rows = list(report_table.rows)
        if report_table.totals is not None:
            rows.append([("" if v is None else v) for v in report_table.totals])
        texts = [
            [
                format_cell(value, column.kind, lang) if value != "" else ""
                for column, value in zip(columns, row, strict=True)
            ]
            for row in rows
        ]
        widths = _widths(columns, texts, width)
        body: list[list[Any]] = [[column.label for column in columns]]
        for row_texts in texts:
            # Only text too wide for its column becomes a (wrapping, slower) paragraph.
            body.append(
                [
                    para(text, s["Cell"])
                    if columns[index].kind is Kind.TEXT
                    and stringWidth(text, "Helvetica", 9) > widths[index] - 6
                    else text
                    for index, text in enumerate(row_texts)
                ]
            )
        header, data = body[0], body[1:]
        # Long tables go in blocks, each with its header: reportlab splits one long table over
        # pages in time that grows with the square of its rows.
        for start in range(0, len(data), BLOCK_ROWS):
            block = data[start : start + BLOCK_ROWS]
            last = start + BLOCK_ROWS >= len(data)
            out.append(
                table(
                    [header, *block],
                    widths,
                    right=right,
                    total_row=last and report_table.totals is not None,
                )
            )
    if report_table.note:
        out.append(para(report_table.note, s["Small"]))
    out.append(Spacer(1, 5 * mm))
    return out


def to_pdf(report: Report) -> bytes:
    """The report as PDF bytes (deterministic for the same report)."""
    lang = report.params.lang
    wide = any(len(t.columns) >= WIDE_FROM for t in report.tables)
    width = usable_width(wide=wide)
    s = styles()
    params = report.params
    period = f"{day(params.date_from)} - {day(params.date_to)}"
    header = [(msg(lang, "reports.period"), period)]
    header.append((msg(lang, "reports.outlet"), params.outlet or msg(lang, "reports.all_outlets")))
    header.extend(report.facts)
    story: list[Flowable] = [
        para(report.title, s["Title"]),
        facts(header, width, label_width=55 * mm),
        Spacer(1, 4 * mm),
    ]
    for chart in report.charts:
        story.append(chart_drawing(chart, width, lang=lang))
        story.append(Spacer(1, 4 * mm))
    for report_table in report.tables:
        flowables = table_flowables(report_table, lang, width)
        # A short table stays with its title; a long one flows over pages (header repeated).
        story.extend([KeepTogether(flowables)] if len(report_table.rows) <= 15 else flowables)
    footer = f"NTT Mart - {report.title} - {period}"
    return build(story, title=report.title, footer=footer, wide=wide)
