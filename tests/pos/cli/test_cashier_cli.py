"""``nttmart staff``, ``simulate``, ``report``, ``sales summary`` and ``qris inspect``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from pypdf import PdfReader

from tests.pos.cli.conftest import Run
from tests.pos.test_qris import STATIC


def test_staff_commands(cfg: list[str], run: Run, outlet_dir: Path) -> None:
    added = run(*cfg, "staff", "add", "yohana", "--name", "Yohana Bria", "--pin", "2580")
    assert added.exit_code == 0, added.output
    piped = run(
        *cfg,
        "staff",
        "add",
        "maria",
        "--name",
        "Maria",
        "--role",
        "manager",
        "--pin-stdin",
        input="7777\n",
    )
    assert piped.exit_code == 0, piped.output
    listed = json.loads(run(*cfg, "staff", "list", "--json").stdout)
    assert [(m["username"], m["role"], m["disabled"]) for m in listed] == [
        ("maria", "manager", False),
        ("yohana", "cashier", False),
    ]
    bad = run(*cfg, "staff", "add", "budi", "--name", "Budi", "--pin", "12")
    assert bad.exit_code == 1 and "4 sampai 8 angka" in bad.stderr
    assert run(*cfg, "staff", "disable", "yohana").exit_code == 0
    assert run(*cfg, "staff", "reset-pin", "maria", "--pin", "1357").exit_code == 0
    listed = json.loads(run(*cfg, "staff", "list", "--json").stdout)
    assert listed[1]["disabled"] is True
    with sqlite3.connect(outlet_dir / "outlet.db") as db:
        hashes = [row[0] for row in db.execute("SELECT pin_hash FROM staff")]
        audited = [row[0] for row in db.execute("SELECT action FROM audit_event ORDER BY at")]
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert audited.count("staff.add") == 2 and "staff.disable" in audited
    assert run(*cfg, "staff", "disable", "nobody").exit_code == 1


def test_simulate_reports_and_summary(
    cfg: list[str], run: Run, outlet_dir: Path, tmp_path: Path
) -> None:
    empty = run(*cfg, "simulate", "--sales", "3")
    assert empty.exit_code == 1 and "Katalog kosong" in empty.stderr
    no_shift = run(*cfg, "report", "x")
    assert no_shift.exit_code == 1 and "shift" in no_shift.stderr
    from tests.factories import HEADER, KOPI_EAN, write_csv

    csv = write_csv(
        outlet_dir / "k.csv",
        f"KOP-1,Kopi Bajawa,{KOPI_EAN},65000,pcs,Kopi,Koperasi Fa Masa,Ngada,OVOP,1",
        "MDU-1,Madu Amfoang,,85000,pcs,Madu,KSU Madu,Kupang,OVOP,1",
        header=HEADER,
    )
    assert run(*cfg, "catalog", "import", str(csv)).exit_code == 0
    simulated = run(*cfg, "simulate", "--sales", "40", "--seed", "3", "--json")
    assert simulated.exit_code == 0, simulated.output
    result = json.loads(simulated.stdout)
    assert result["sales"] == 40 and result["shifts_opened"] == 1

    pdf = tmp_path / "z.pdf"
    z = run(*cfg, "report", "z", "--shift", "last", "--out", str(pdf), "--json")
    assert z.exit_code == 0, z.output
    data = json.loads(z.stdout)
    assert data["closed"] is True and data["sales_count"] == 40
    assert data["variance"] == data["cash_counted"] - data["cash_expected"]
    text = PdfReader(pdf).pages[0].extract_text()
    assert "Laporan Z - Shift 1" in text and "Tunai" in text

    with sqlite3.connect(outlet_dir / "outlet.db") as db:
        day = db.execute("SELECT business_day FROM sale LIMIT 1").fetchone()[0]
        total = db.execute("SELECT sum(total) FROM sale").fetchone()[0]
        refunded = db.execute("SELECT coalesce(sum(total), 0) FROM refund").fetchone()[0]
    summary = json.loads(run(*cfg, "sales", "summary", "--date", day, "--json").stdout)
    assert summary["count"] == 40
    assert summary["net"] == total - refunded == sum(summary["per_tender"].values())
    assert run(*cfg, "report", "z", "--shift", "99").exit_code == 1


def test_qris_inspect(run: Run) -> None:
    shown = run("qris", "inspect", STATIC, "--json")
    assert shown.exit_code == 0, shown.output
    tags = {row["tag"]: row for row in json.loads(shown.stdout)}
    assert tags["59"]["value"] == "NTT Mart Kupang"
    assert tags["26.00"]["name"] == "Globally Unique Identifier"
    broken = run("qris", "inspect", STATIC[:-1] + ("0" if STATIC[-1] != "0" else "1"))
    assert broken.exit_code == 1 and "tag 63" in broken.stderr
