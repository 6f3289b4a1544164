"""``payouts`` and the producer statement: every figure of the known province, by hand.

BLU: the cooperative (15%) sold 3 + 2 coffee at Rp50.000 less 1 refunded, and 2 teas at
Rp30.000: 6 pieces, Rp260.000, commission Rp39.000, payable Rp221.000, settled and paid by bank
transfer. KPG: 9 coffees, Rp450.000, commission Rp67.500, payable Rp382.500, unpaid. The
tenun group (20%) sold one Rp250.000 selendang at BLU: commission Rp50.000, payable Rp200.000.
Salt has no producer and is no consignment.
"""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader
from sqlalchemy import Engine, text

from sync.central.reports import payouts
from sync.central.reports.base import ReportError, ReportParams
from sync.central.reports.render import to_pdf
from sync.central.reports.statement import render_producer_statement
from tests.sync.reports.province import Province

NOVEMBER = ReportParams(date(2026, 11, 1), date(2026, 11, 30))
BAJAWA, SUMBA = "Koperasi Kopi Fa Masa Bajawa", "Kelompok Tenun Lambanapu"


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_per_producer_and_outlet(province: Province, migrated_engine: Engine) -> None:
    report = payouts.build(migrated_engine, NOVEMBER)
    per_producer, per_outlet, register = report.tables
    assert [list(row) for row in per_outlet.rows] == [
        [SUMBA, "BLU", 1, 250_000, 2000, 50_000, 200_000, 0, 200_000],
        [BAJAWA, "BLU", 6, 260_000, 1500, 39_000, 221_000, 221_000, 0],
        [BAJAWA, "KPG", 9, 450_000, 1500, 67_500, 382_500, 0, 382_500],
    ]
    assert list(per_outlet.totals or []) == [
        "Total",
        None,
        16,
        960_000,
        None,
        156_500,
        803_500,
        221_000,
        582_500,
    ]
    assert [list(row) for row in per_producer.rows] == [
        [SUMBA, "OCOP", "Sumba Timur", 1, 1, 250_000, 50_000, 200_000, 0, 200_000],
        [BAJAWA, "OVOP", "Ngada", 2, 15, 710_000, 106_500, 603_500, 221_000, 382_500],
    ]
    assert [list(row) for row in register.rows] == [
        [
            date(2026, 11, 21),
            "BLU",
            BAJAWA,
            register.rows[0][3],
            date(2026, 11, 1),
            date(2026, 11, 20),
            "Transfer bank",
            "BRI 0098123",
            221_000,
        ],
    ]
    assert str(register.rows[0][3]).startswith("BLU-")
    assert dict(report.facts)["Belum dibayar"] == "Rp582.500"


def test_one_outlet_and_a_period_before_the_sales(
    province: Province, migrated_engine: Engine
) -> None:
    kpg = payouts.build(migrated_engine, ReportParams(date(2026, 11, 1), date(2026, 11, 30), "KPG"))
    assert [list(row) for row in kpg.tables[1].rows] == [
        [BAJAWA, "KPG", 9, 450_000, 1500, 67_500, 382_500, 0, 382_500]
    ]
    assert kpg.tables[2].rows == []  # BLU's payout is not KPG's
    # Up to the 12th: BLU's first sale only (3 coffees, 1 tenun, 2 teas); nothing paid yet.
    early = payouts.build(migrated_engine, ReportParams(date(2026, 11, 1), date(2026, 11, 12)))
    assert [list(row)[:4] for row in early.tables[1].rows] == [
        [SUMBA, "BLU", 1, 250_000],
        [BAJAWA, "BLU", 5, 210_000],
    ]
    assert early.tables[2].rows == []


def test_unknown_outlet_is_refused(province: Province, migrated_engine: Engine) -> None:
    try:
        payouts.build(migrated_engine, ReportParams(date(2026, 11, 1), date(2026, 11, 30), "XYZ"))
    except ReportError as error:
        assert "XYZ" in str(error) and "BLU, KPG" in str(error)
    else:
        raise AssertionError("an unknown outlet was accepted")


def test_pdf_shows_the_figures(province: Province, migrated_engine: Engine) -> None:
    report = payouts.build(migrated_engine, NOVEMBER)
    pdf = to_pdf(report)
    assert pdf == to_pdf(payouts.build(migrated_engine, NOVEMBER))  # deterministic bytes
    text = _text(pdf)
    for expected in (
        "Pembayaran Produsen Titip Jual",
        "01/11/2026 - 30/11/2026",
        "Rp382.500",
        "Rp156.500",
        "Rp582.500",
        "21/11/2026",
        "BRI 0098123",
        "15%",
        "20%",
    ):
        assert expected in text, expected


def test_statement_for_the_cooperative(province: Province, migrated_engine: Engine) -> None:
    pdf = render_producer_statement(migrated_engine, province.bajawa, NOVEMBER)
    text = _text(pdf)
    for expected in (
        "Laporan Penjualan Titipan di Semua Outlet NTT Mart",
        BAJAWA,
        "Were, Golewa, Ngada",
        "OVOP",
        "NTT Mart BLU (BLU)",
        "NTT Mart KPG (KPG)",
        "Rp710.000",  # total sales
        "-Rp106.500",  # commission
        "Rp603.500",  # payable
        "-Rp221.000",  # already paid
        "Rp382.500",  # still unpaid
        "Kopi Arabika Bajawa 250 g (KOP-BJW-250)",
        "Teh Kelor 50 g (TEH-KLR-50)",
        "Rp650.000",  # coffee: 13 pieces
        "BRI 0098123",
        "Transfer bank",
    ):
        assert expected in text, expected
    english = render_producer_statement(
        migrated_engine,
        province.bajawa,
        ReportParams(date(2026, 11, 1), date(2026, 11, 30), lang="en"),
    )
    assert "Still unpaid" in _text(english)


def test_statement_of_an_unknown_producer_is_refused(
    province: Province, migrated_engine: Engine
) -> None:
    try:
        render_producer_statement(migrated_engine, "no-such-producer", NOVEMBER)
    except ReportError as error:
        assert "no-such-producer" in str(error)
    else:
        raise AssertionError("an unknown producer was accepted")


def test_a_producer_missing_from_the_master_keeps_its_settled_rate(
    province: Province, migrated_engine: Engine
) -> None:
    """Without its master row the cooperative shows by id, at its settlement's 15%."""
    with migrated_engine.begin() as connection:
        saved = (
            connection.execute(
                text("SELECT * FROM central_producer WHERE id = :id"), {"id": province.bajawa}
            )
            .mappings()
            .one()
        )
        connection.execute(
            text("DELETE FROM central_producer WHERE id = :id"), {"id": province.bajawa}
        )
    try:
        rows = payouts.build(migrated_engine, NOVEMBER).tables[1].rows
        assert [list(row)[:6] for row in rows if row[0] == province.bajawa] == [
            [province.bajawa, "BLU", 6, 260_000, 1500, 39_000],
            [province.bajawa, "KPG", 9, 450_000, 1500, 67_500],
        ]
    finally:
        with migrated_engine.begin() as connection:
            columns = ", ".join(saved)
            connection.execute(
                text(
                    f"INSERT INTO central_producer ({columns}) VALUES "
                    f"({', '.join(':' + c for c in saved)})"
                ),
                dict(saved),
            )
