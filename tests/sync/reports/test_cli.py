"""``nttmart central report`` and ``statement``: files by extension, and clear refusals."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner, Result
from openpyxl import load_workbook
from pypdf import PdfReader

from pos.cli import main
from tests.sync.reports.province import Province


def run(postgres_url: str, *args: str) -> Result:
    env = {"NTTMART_CENTRAL__DATABASE_URL": postgres_url}
    return CliRunner().invoke(main, ["central", *args], env=env, catch_exceptions=False)


def test_list_names_every_report(province: Province, postgres_url: str) -> None:
    result = run(postgres_url, "report", "list")
    assert result.exit_code == 0
    # Other modules register reports too: these three are ours, with their titles.
    assert {
        "payouts\tPembayaran Produsen Titip Jual",
        "programs\tLaporan Program OVOP/OSOP/OCOP",
        "stock\tStok di Semua Outlet",
    } <= set(result.output.splitlines())
    names = [line.split("\t")[0] for line in result.output.splitlines()]
    assert names == sorted(names)


def test_each_report_in_each_format(province: Province, postgres_url: str, tmp_path: Path) -> None:
    for name in ("payouts", "stock", "programs"):
        for ext in ("pdf", "csv", "xlsx"):
            out = tmp_path / f"{name}.{ext}"
            result = run(
                postgres_url,
                "report",
                name,
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-30",
                "--out",
                str(out),
            )
            assert result.exit_code == 0, result.output
            assert str(out) in result.output
    assert PdfReader(io.BytesIO((tmp_path / "stock.pdf").read_bytes())).pages
    rows = list(csv.reader(io.StringIO((tmp_path / "payouts.csv").read_text("utf-8"))))
    assert [
        "Koperasi Kopi Fa Masa Bajawa",
        "KPG",
        "9",
        "450000",
        "1500",
        "67500",
        "382500",
        "0",
        "382500",
    ] in rows
    assert load_workbook(tmp_path / "programs.xlsx").sheetnames[0] == "Info"


def test_one_outlet_in_english(province: Province, postgres_url: str, tmp_path: Path) -> None:
    out = tmp_path / "kpg.pdf"
    result = run(
        postgres_url,
        "report",
        "payouts",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--outlet",
        "KPG",
        "--lang",
        "en",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    text = PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text()
    assert "Consignment Producer Payouts" in text and "Rp382.500" in text
    assert "NTT Mart BLU" not in text and "Rp221.000" not in text


def test_bad_input_is_refused_and_writes_nothing(
    province: Province, postgres_url: str, tmp_path: Path
) -> None:
    period = ["--from", "2026-11-01", "--to", "2026-11-30"]
    out = str(tmp_path / "r.pdf")
    cases = [
        (["report", "omzet", *period, "--out", out], 2, "Laporan 'omzet' tidak ada"),
        (
            ["report", "stock", "--from", "2026-11-30", "--to", "2026-11-01", "--out", out],
            2,
            "Periode terbalik: 2026-11-30 sesudah 2026-11-01",
        ),
        (
            ["report", "stock", "--from", "30-11-2026", "--to", "2026-11-30", "--out", out],
            2,
            "--from 30-11-2026",
        ),
        (
            ["report", "stock", *period, "--outlet", "XYZ", "--out", out],
            2,
            "Outlet XYZ tidak terdaftar",
        ),
        (
            ["report", "stock", *period, "--out", str(tmp_path / "r.docx")],
            2,
            "akhiran harus salah satu dari pdf, csv, xlsx",
        ),
        (["report", "stock", *period], 2, "--out FILE.pdf"),
        (
            ["report", "programs", "--from", "2025-01-01", "--to", "2025-01-31", "--out", out],
            1,
            "tidak ada data pada periode ini",
        ),
        (["statement", "no-such-id", *period, "--out", out], 2, "Produsen no-such-id tidak ada"),
        (
            ["statement", province.bajawa, *period, "--out", str(tmp_path / "s.csv")],
            2,
            "akhiran harus salah satu dari pdf",
        ),
    ]
    for args, code, message in cases:
        result = run(postgres_url, *args)
        assert result.exit_code == code, (args, result.output)
        assert message in result.output, (args, result.output)
    assert list(tmp_path.iterdir()) == []


def test_an_empty_period_can_be_written_on_request(
    province: Province, postgres_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "empty.pdf"
    result = run(
        postgres_url,
        "report",
        "programs",
        "--from",
        "2025-01-01",
        "--to",
        "2025-01-31",
        "--allow-empty",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    text = PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text()
    assert "Tidak ada data pada periode ini." in text


def test_statement_command(province: Province, postgres_url: str, tmp_path: Path) -> None:
    out = tmp_path / "bajawa.pdf"
    result = run(
        postgres_url,
        "statement",
        province.bajawa,
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Sisa yang belum dibayar" in text and "Rp382.500" in text
