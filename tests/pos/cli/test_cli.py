"""The ``nttmart`` command line: init, backup, catalog, stock and their errors."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.factories import HEADER, KOPI_EAN, ean, write_csv
from tests.pos.cli.conftest import Run

KOPI = f"KOP-BJW-250,Kopi Arabika Flores Bajawa 250g,{KOPI_EAN},Rp65.000,pcs,Kopi,Koperasi Fa Masa,Ngada,OVOP,10"


def test_init_writes_config_and_database(outlet_dir: Path, run: Run) -> None:
    assert (outlet_dir / "config.toml").exists()
    db = sqlite3.connect(outlet_dir / "outlet.db")
    assert db.execute("SELECT code, name FROM outlet").fetchall() == [("BLU", "NTT Mart Atambua")]
    again = run("init", "--data-dir", str(outlet_dir), "--outlet", "BLU", "--name", "x")
    assert again.exit_code == 1 and "--force" in again.stderr


def test_init_refuses_a_bad_outlet_code(tmp_path: Path, run: Run) -> None:
    result = run("init", "--data-dir", str(tmp_path / "x"), "--outlet", "blu!", "--name", "X")
    assert result.exit_code == 2
    assert "code" in result.stderr
    assert not (tmp_path / "x" / "config.toml").exists()


def test_no_config_exits_2_with_a_hint(run: Run) -> None:
    result = run("catalog", "search", "kopi")
    assert result.exit_code == 2
    assert "NTTMART_CONFIG" in result.stderr


def test_broken_config_exits_2_naming_key_and_file(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[outlet]\ncode = "BLU"\nmystery = 1\n')
    result = run("--config", str(path), "stock", "show")
    assert result.exit_code == 2
    assert "[outlet] mystery: unknown key" in result.stderr and str(path) in result.stderr
    env_result = run("stock", "show", env={"NTTMART_CONFIG": str(path)})
    assert env_result.exit_code == 2


def test_config_of_another_outlet_is_refused(outlet_dir: Path, run: Run) -> None:
    config = outlet_dir / "config.toml"
    result = run("--config", str(config), "stock", "show", env={"NTTMART_OUTLET__CODE": "KPG"})
    assert result.exit_code == 2
    assert "BLU" in result.stderr and "KPG" in result.stderr


def test_import_lookup_search_and_stock(outlet_dir: Path, cfg: list[str], run: Run) -> None:
    csv = write_csv(outlet_dir / "katalog.csv", KOPI)
    imported = run(*cfg, "catalog", "import", str(csv), "--json")
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.stdout)["created"] == 1

    lookup = run(*cfg, "catalog", "lookup", KOPI_EAN, "--json")
    data = json.loads(lookup.stdout)
    assert (data["sku"], data["price_text"], data["kabupaten"], data["program"]) == (
        "KOP-BJW-250",
        "Rp65.000",
        "Ngada",
        "ovop",
    )
    human = run(*cfg, "catalog", "lookup", KOPI_EAN)
    assert "Rp65.000" in human.stdout and "Harga" in human.stdout

    found = run(*cfg, "catalog", "search", "kopi", "baja", "--json")
    assert [p["sku"] for p in json.loads(found.stdout)] == ["KOP-BJW-250"]

    received = run(*cfg, "receive", "add", "KOP-BJW-250:12:50000")
    assert received.exit_code == 0, received.output
    shown = json.loads(run(*cfg, "stock", "show", "--json").stdout)
    assert shown == [
        {
            "sku": "KOP-BJW-250",
            "name": "Kopi Arabika Flores Bajawa 250g",
            "unit": "pcs",
            "on_hand": 12,
            "min_stock": 10,
            "low": False,
        }
    ]
    assert json.loads(run(*cfg, "stock", "show", "--low", "--json").stdout) == []


def test_lookup_errors_exit_1(cfg: list[str], run: Run) -> None:
    unknown = run(*cfg, "catalog", "lookup", ean(4242))
    assert unknown.exit_code == 1 and "tidak dikenal" in unknown.stderr
    wrong = run(*cfg, "catalog", "lookup", "8991234567895")
    assert wrong.exit_code == 1 and "seharusnya 1" in wrong.stderr
    english = run(*cfg, "--lang", "en", "catalog", "lookup", "8991234567895")
    assert "expected 1" in english.stderr


def test_refused_import_lists_rows_and_stores_nothing(
    outlet_dir: Path, cfg: list[str], run: Run
) -> None:
    csv = write_csv(outlet_dir / "k.csv", KOPI, "X,Rusak,,gratis,pcs,,,,,0")
    result = run(*cfg, "catalog", "import", str(csv))
    assert result.exit_code == 1
    assert "baris 3, kolom price" in result.stderr
    assert json.loads(run(*cfg, "catalog", "search", "kopi", "--json").stdout) == []
    partial = run(*cfg, "catalog", "import", str(csv), "--skip-invalid")
    assert partial.exit_code == 0 and "Dibuat 1" in partial.stdout


def test_export_round_trips(outlet_dir: Path, cfg: list[str], run: Run) -> None:
    run(*cfg, "catalog", "import", str(write_csv(outlet_dir / "k.csv", KOPI)))
    exported = run(*cfg, "catalog", "export")
    assert exported.stdout.splitlines()[0].startswith(HEADER)
    xlsx = outlet_dir / "katalog.xlsx"
    assert run(*cfg, "catalog", "export", "--format", "xlsx", "--out", str(xlsx)).exit_code == 0
    again = run(*cfg, "catalog", "import", str(xlsx), "--json")
    assert json.loads(again.stdout)["unchanged"] == 1


def test_backup_makes_an_openable_copy(outlet_dir: Path, cfg: list[str], run: Run) -> None:
    run(*cfg, "catalog", "import", str(write_csv(outlet_dir / "k.csv", KOPI)))
    target = outlet_dir / "cadangan.db"
    result = run(*cfg, "backup", "--out", str(target))
    assert result.exit_code == 0
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT sku FROM product").fetchall() == [("KOP-BJW-250",)]
    same = run(*cfg, "backup", "--out", str(outlet_dir / "outlet.db"))
    assert same.exit_code == 1


def test_demo_seeds_a_realistic_catalog(tmp_path: Path, run: Run) -> None:
    result = run("demo", "--data-dir", str(tmp_path / "demo"))
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(tmp_path / "demo" / "outlet.db")
    products = db.execute("SELECT count(*) FROM product").fetchone()[0]
    kabupaten = db.execute("SELECT count(DISTINCT kabupaten) FROM producer").fetchone()[0]
    programs = {row[0] for row in db.execute("SELECT DISTINCT program FROM producer")}
    assert products >= 80 and kabupaten >= 10
    assert {"ovop", "osop", "ocop"} <= programs
    unstocked = db.execute(
        "SELECT count(*) FROM product WHERE id NOT IN (SELECT product_id FROM stock_level)"
    ).fetchone()[0]
    assert unstocked == 0
    no_barcode = db.execute(
        "SELECT count(*) FROM product WHERE plu IS NULL AND id NOT IN (SELECT product_id FROM barcode)"
    ).fetchone()[0]
    assert no_barcode == 0
    assert f"dengan {products} produk NTT" in result.stdout

    more = run("demo", "--data-dir", str(tmp_path / "demo"), "--products", "500")
    assert more.exit_code == 0
    assert db.execute("SELECT count(*) FROM product").fetchone()[0] == products + 500
