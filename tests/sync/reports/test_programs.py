"""``programs``: net sales by program, origin, producer, day and product; new listings.

Coffee (OVOP, Ngada) 3 + 9 + 2 - 1 = 13 pieces, Rp650.000; tea (OVOP, Ngada) 2, Rp60.000;
tenun (OCOP, Sumba Timur) 1, Rp250.000; salt (no producer) 4 + 1, Rp50.000. Total Rp1.010.000.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, text

from sync.central.reports import programs
from sync.central.reports.base import ReportParams
from tests.sync.reports.province import INGESTED_AT, Province

NOVEMBER = ReportParams(date(2026, 11, 1), date(2026, 11, 30))


def test_sales_by_program_origin_and_producer(province: Province, migrated_engine: Engine) -> None:
    report = programs.build(migrated_engine, NOVEMBER)
    by_program, by_kabupaten, by_producer, listings, top_amount, top_quantity, by_day = (
        report.tables
    )
    assert [list(r) for r in by_program.rows] == [
        ["OVOP", 15, 710_000, 7030],
        ["OCOP", 1, 250_000, 2475],
        ["Tanpa program", 5, 50_000, 495],
    ]
    assert list(by_program.totals or []) == ["Total", 21, 1_010_000, 10_000]
    assert [list(r) for r in by_kabupaten.rows] == [
        ["Ngada", 1, 15, 710_000, 7030],
        ["Sumba Timur", 1, 1, 250_000, 2475],
        ["(asal tidak diketahui)", 0, 5, 50_000, 495],
    ]
    assert [list(r) for r in by_producer.rows] == [
        ["Koperasi Kopi Fa Masa Bajawa", "OVOP", "Ngada", 15, 710_000, 7030],
        ["Kelompok Tenun Lambanapu", "OCOP", "Sumba Timur", 1, 250_000, 2475],
        ["(tanpa produsen)", "-", "-", 5, 50_000, 495],
    ]
    assert [[r[1], r[4], r[5]] for r in top_amount.rows] == [
        ["KOP-BJW-250", 13, 650_000],
        ["TEN-SMB-01", 1, 250_000],
        ["TEH-KLR-50", 2, 60_000],
        ["GRM-KPG-500", 5, 50_000],
    ]
    assert [r[1] for r in top_quantity.rows] == [
        "KOP-BJW-250",
        "GRM-KPG-500",
        "TEH-KLR-50",
        "TEN-SMB-01",
    ]
    assert [list(r) for r in by_day.rows] == [
        [date(2026, 11, 12), 10, 500_000],
        [date(2026, 11, 13), 10, 460_000],
        [date(2026, 11, 15), 1, 50_000],  # 2 coffees sold, 1 refunded
    ]
    # Products first reached the centre when BLU's journal was ingested (25 November).
    assert INGESTED_AT.month == 11
    assert [list(r) for r in listings.rows] == [
        ["(asal tidak diketahui)", "2026-11", 1, 2, False],
        ["Ngada", "2026-11", 2, 2, True],
        ["Sumba Timur", "2026-11", 1, 2, False],
    ]


def test_charts_carry_the_same_figures(province: Province, migrated_engine: Engine) -> None:
    report = programs.build(migrated_engine, NOVEMBER)
    bar, line = report.charts
    assert (bar.kind, list(bar.labels)) == ("bar", ["OVOP", "OCOP", "Tanpa program"])
    assert list(bar.series.values()) == [[710_000, 250_000, 50_000]]
    assert line.kind == "line" and len(line.labels) == 30 and line.labels[11] == "12/11"
    (daily,) = line.series.values()
    assert sum(daily) == 1_010_000 and daily[11] == 500_000 and daily[14] == 50_000


def test_one_outlet_and_english(province: Province, migrated_engine: Engine) -> None:
    report = programs.build(
        migrated_engine,
        ReportParams(date(2026, 11, 1), date(2026, 11, 30), outlet="KPG", lang="en"),
    )
    assert report.title == "OVOP/OSOP/OCOP Program Report"
    assert [list(r) for r in report.tables[0].rows] == [
        ["OVOP", 9, 450_000, 9783],
        ["No program", 1, 10_000, 217],
    ]


def test_listings_count_created_at_not_later_edits(
    province: Province, migrated_engine: Engine
) -> None:
    """A product edited in December was still listed in November."""
    with migrated_engine.connect() as connection:
        stamps = set(connection.execute(text("SELECT created_at FROM central_product")).scalars())
    assert stamps == {INGESTED_AT}  # set by the catalog applier when the product arrived
    with migrated_engine.begin() as connection:
        connection.execute(
            text("UPDATE central_product SET updated_at = updated_at + interval '20 days'")
        )
    try:
        report = programs.build(migrated_engine, NOVEMBER)
        assert [r[2] for r in report.tables[3].rows] == [1, 2, 1]
    finally:
        with migrated_engine.begin() as connection:
            connection.execute(
                text("UPDATE central_product SET updated_at = updated_at - interval '20 days'")
            )
