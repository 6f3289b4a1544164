"""Renderers: cells by kind, CSV and XLSX read back to the report's raw values, PDF text."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import Engine

from sync.central.reports import programs
from sync.central.reports.base import Chart, Column, Kind, Report, ReportParams, Table
from sync.central.reports.render import format_cell, render, to_csv, to_pdf, to_xlsx
from sync.central.reports.render.tabular import sheet_names
from tests.sync.reports.province import Province

PARAMS = ReportParams(date(2026, 11, 1), date(2026, 11, 30))


def _sample() -> Report:
    table = Table(
        title="Contoh: [uji]/1",
        columns=[
            Column("name", "Nama"),
            Column("amount", "Jumlah", Kind.MONEY),
            Column("quantity", "Banyak", Kind.QUANTITY),
            Column("share", "Bagian", Kind.PERCENT),
            Column("day", "Tanggal", Kind.DATE),
            Column("at", "Waktu", Kind.DATETIME),
            Column("ok", "Lunas", Kind.BOOL),
        ],
        rows=[
            [
                "Kopi & Teh <Bajawa>",
                125_000,
                1_250,
                1250,
                date(2026, 11, 22),
                datetime(2026, 11, 22, 6, 5, tzinfo=UTC),
                True,
            ],
            ["Tenun", -5_000, 3, 10_000, None, None, False],
        ],
        totals=["Total", 120_000, 1_253, None, None, None, None],
    )
    chart = Chart("bar", "Per hari", ["01/11", "02/11"], {"Kopi": [1, 2], "Teh": [3, 0]})
    return Report(
        "sample",
        "Laporan Contoh",
        PARAMS,
        facts=[("Catatan", "uji")],
        tables=[table],
        charts=[chart],
    )


def test_format_cell_by_kind() -> None:
    assert format_cell(125_000, Kind.MONEY) == "Rp125.000"
    assert format_cell(-5_000, Kind.MONEY) == "-Rp5.000"
    assert format_cell(1_250, Kind.QUANTITY) == "1.250"
    assert format_cell(1250, Kind.PERCENT) == "12,5%"
    assert format_cell(date(2026, 11, 2), Kind.DATE) == "02/11/2026"
    # 23:30 UTC is 07:30 WITA on the next day.
    assert format_cell(datetime(2026, 11, 22, 23, 30, tzinfo=UTC), Kind.DATETIME) == (
        "23/11/2026 07:30"
    )
    assert format_cell(True, Kind.BOOL) == "ya" and format_cell(False, Kind.BOOL, "en") == "no"
    assert format_cell(None, Kind.MONEY) == "-"


def test_csv_reads_back_to_raw_values() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(_sample()).decode("utf-8"))))
    assert rows[:5] == [
        ["report", "sample"],
        ["title", "Laporan Contoh"],
        ["from", "2026-11-01"],
        ["to", "2026-11-30"],
        ["outlet", ""],
    ]
    assert rows[5:] == [
        [],
        ["table", "Contoh: [uji]/1"],
        ["name", "amount", "quantity", "share", "day", "at", "ok"],
        [
            "Kopi & Teh <Bajawa>",
            "125000",
            "1250",
            "1250",
            "2026-11-22",
            "2026-11-22T06:05:00+00:00",
            "true",
        ],
        ["Tenun", "-5000", "3", "10000", "", "", "false"],
        ["Total", "120000", "1253", "", "", "", ""],
    ]


def test_xlsx_reads_back_with_number_formats() -> None:
    workbook = load_workbook(io.BytesIO(to_xlsx(_sample())))
    assert workbook.sheetnames == ["Info", "Contoh   uji  1"]
    info = workbook["Info"]
    assert info["A1"].value == "Laporan Contoh" and info["A3"].value == "Catatan"
    sheet = workbook["Contoh   uji  1"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values == [
        ["Nama", "Jumlah", "Banyak", "Bagian", "Tanggal", "Waktu", "Lunas"],
        [
            "Kopi & Teh <Bajawa>",
            125_000,
            1_250,
            0.125,
            datetime(2026, 11, 22),
            datetime(2026, 11, 22, 14, 5),
            True,
        ],  # WITA wall clock
        ["Tenun", -5_000, 3, 1, None, None, False],
        ["Total", 120_000, 1_253, None, None, None, None],
    ]
    assert sheet["B2"].number_format == '"Rp"#,##0;-"Rp"#,##0'
    assert sheet["D2"].number_format == "0.00%" and sheet["E2"].number_format == "DD/MM/YYYY"
    assert to_xlsx(_sample()) == to_xlsx(_sample())


def test_sheet_names_are_unique_and_short() -> None:
    tables = [Table(title="A" * 40, columns=[], rows=[]) for _ in range(3)]
    names = sheet_names(tables)
    assert len(set(names)) == 3 and all(len(name) <= 31 for name in names)


def test_pdf_has_title_facts_chart_and_cells() -> None:
    pdf = to_pdf(_sample())
    assert pdf == to_pdf(_sample()) and pdf.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for expected in (
        "Laporan Contoh",
        "01/11/2026 - 30/11/2026",
        "Semua outlet",
        "Per hari",
        "Kopi & Teh <Bajawa>",
        "Rp125.000",
        "-Rp5.000",
        "1.250",
        "12,5%",
        "22/11/2026 14:05",
        "ya",
        "Rp120.000",
    ):
        assert expected in text, expected


def test_a_real_report_in_every_format(province: Province, migrated_engine: Engine) -> None:
    report = programs.build(migrated_engine, PARAMS)
    pdf = render(report, "pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Penjualan bersih per program" in text and "Rp1.010.000" in text
    assert "Rp710.000" in text and "70,3%" in text
    rows = list(csv.reader(io.StringIO(render(report, "csv").decode("utf-8"))))
    at = rows.index(["table", "Penjualan per program"])
    assert rows[at + 1 : at + 6] == [
        ["program", "quantity", "net_sales", "share"],
        ["OVOP", "15", "710000", "7030"],
        ["OCOP", "1", "250000", "2475"],
        ["Tanpa program", "5", "50000", "495"],
        ["Total", "21", "1010000", "10000"],
    ]
    workbook = load_workbook(io.BytesIO(render(report, "xlsx")))
    assert len(workbook.sheetnames) == 1 + len(report.tables)
    first = workbook[workbook.sheetnames[1]]
    assert [c.value for c in first[2]] == ["OVOP", 15, 710_000, 0.703]
