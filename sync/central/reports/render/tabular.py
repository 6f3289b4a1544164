"""CSV and XLSX downloads of a report: the same tables, as values a spreadsheet can compute with.

CSV (UTF-8, comma separated) is one file of sections: the report's name and period, then per
table a line naming it, a header of column keys, the rows and the totals row, and a blank line.
Cells are raw (:func:`~sync.central.reports.render.cells.raw_cell`): Rupiah as integers, ISO
dates. XLSX has an ``Info`` sheet (title, period, facts) and one sheet per table with typed
cells: Rupiah with a ``Rp#,##0`` number format, dates as dates, times in WITA.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import UTC, date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from inventory.clock import to_wita
from inventory.pdf.common import msg
from sync.central.reports.base import Kind, Report, Table
from sync.central.reports.render.cells import raw_cell

RUPIAH_FORMAT = '"Rp"#,##0;-"Rp"#,##0'
NUMBER_FORMAT = "#,##0"
PERCENT_FORMAT = "0.00%"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
# A fixed document time keeps the XLSX bytes the same for the same report.
_STAMP = datetime(2026, 1, 1, tzinfo=UTC).replace(tzinfo=None)


def to_csv(report: Report) -> bytes:
    """The report as UTF-8 CSV sections (see the module docstring)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    params = report.params
    writer.writerow(["report", report.name])
    writer.writerow(["title", report.title])
    writer.writerow(["from", params.date_from.isoformat()])
    writer.writerow(["to", params.date_to.isoformat()])
    writer.writerow(["outlet", params.outlet or ""])
    for table in report.tables:
        writer.writerow([])
        writer.writerow(["table", table.title])
        writer.writerow([column.key for column in table.columns])
        for row in table.rows:
            writer.writerow(_raw_row(table.columns, row))
        if table.totals is not None:
            writer.writerow(_raw_row(table.columns, table.totals))
    return buffer.getvalue().encode("utf-8")


def _raw_row(columns: Any, row: Any) -> list[str]:
    return [raw_cell(value, column.kind) for column, value in zip(columns, row, strict=True)]


def sheet_names(tables: Any) -> list[str]:
    """Unique sheet names (at most 31 characters, none of ``[]:*?/\\``) for ``tables``."""
    names: list[str] = []
    for table in tables:
        base = re.sub(r"[\[\]:*?/\\]", " ", table.title).strip()[:28] or "Sheet"
        name, n = base, 2
        while name.casefold() in {existing.casefold() for existing in names} or name == "Info":
            name, n = f"{base[:27]} {n}", n + 1
        names.append(name)
    return names


def _xlsx_value(value: Any, kind: Kind) -> tuple[Any, str | None]:
    if value is None:
        return None, None
    if kind is Kind.MONEY:
        return int(value), RUPIAH_FORMAT
    if kind in (Kind.INT, Kind.QUANTITY):
        return int(value), NUMBER_FORMAT
    if kind is Kind.PERCENT:
        return int(value) / 10_000, PERCENT_FORMAT
    if isinstance(value, datetime):
        # Spreadsheets have no time zones: the WITA wall clock, as everywhere people read.
        return to_wita(value).replace(tzinfo=None), DATETIME_FORMAT
    if isinstance(value, date):
        return value, DATE_FORMAT
    if isinstance(value, bool):
        return value, None
    return str(value), None


def _fill(sheet: Any, table: Table) -> None:
    for index, column in enumerate(table.columns, start=1):
        sheet.cell(row=1, column=index, value=column.label).font = Font(bold=True)
    rows = list(table.rows) + ([table.totals] if table.totals is not None else [])
    bold = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        # Cells by position: ``sheet.max_row`` scans the whole sheet, once per row it is asked.
        is_total = table.totals is not None and number == len(rows) + 1
        for index, (column, value) in enumerate(zip(table.columns, row, strict=True), start=1):
            converted, number_format = _xlsx_value(value, column.kind)
            cell = sheet.cell(row=number, column=index, value=converted)
            if number_format:
                cell.number_format = number_format
            if is_total:
                cell.font = bold
    for index, column in enumerate(table.columns, start=1):
        width = 14 if column.kind is not Kind.TEXT else 28
        sheet.column_dimensions[get_column_letter(index)].width = max(width, len(column.label) + 2)
    sheet.freeze_panes = "A2"


def to_xlsx(report: Report) -> bytes:
    """The report as an XLSX workbook: an ``Info`` sheet, then one sheet per table."""
    workbook = Workbook()
    info = workbook.active
    info.title = "Info"
    lang = report.params.lang
    info.append([report.title])
    info["A1"].font = Font(bold=True, size=14)
    info.append([msg(lang, "reports.period"), report.params.date_from, report.params.date_to])
    info["B2"].number_format = DATE_FORMAT
    info["C2"].number_format = DATE_FORMAT
    for label, value in report.facts:
        info.append([label, value])
    info.column_dimensions["A"].width = 30
    info.column_dimensions["B"].width = 40
    for table, name in zip(report.tables, sheet_names(report.tables), strict=True):
        _fill(workbook.create_sheet(name), table)
    workbook.properties.created = _STAMP
    workbook.properties.modified = _STAMP
    workbook.properties.creator = "NTT Mart POS"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _steady_zip(buffer.getvalue())


def _steady_zip(data: bytes) -> bytes:
    """The same archive with fixed member times, so the same report gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            steady = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            steady.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time into the document properties.
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>2026-01-01T00:00:00Z\g<2>",
                    content,
                )
            target.writestr(steady, content)
    return out.getvalue()
