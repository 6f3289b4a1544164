"""``nttmart simulate --campaign-rate``: tagged sales from the outlet's configured campaign."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

from pos.campaigns import check_nip
from tests.factories import HEADER, KOPI_EAN, write_csv
from tests.pos.cli.conftest import Run

CAMPAIGN = """
[[campaigns.drive]]
code = "BELANJA-NTT"
name = "Belanja Produk NTT"
starts = 2000-01-01
ends = 2099-12-31
minimum = 100000
"""


def test_simulate_tags_a_share_of_sales(cfg: list[str], run: Run, outlet_dir: Path) -> None:
    config = outlet_dir / "config.toml"
    config.write_text(config.read_text("utf-8") + CAMPAIGN, "utf-8")
    csv = write_csv(
        outlet_dir / "k.csv",
        f"KOP-1,Kopi Bajawa,{KOPI_EAN},65000,pcs,Kopi,Koperasi Fa Masa,Ngada,OVOP,1",
        header=HEADER,
    )
    assert run(*cfg, "catalog", "import", str(csv)).exit_code == 0
    done = run(*cfg, "simulate", "--sales", "30", "--seed", "7", "--campaign-rate", "0.5", "--json")
    assert done.exit_code == 0, done.output
    result = json.loads(done.stdout)
    with sqlite3.connect(outlet_dir / "outlet.db") as db:
        tags = db.execute("SELECT campaign, buyer_id, minimum FROM sale_campaign").fetchall()
        versions = db.execute(
            "SELECT schema_version, count(*) FROM journal WHERE kind = 'sale.completed' "
            "GROUP BY schema_version ORDER BY schema_version"
        ).fetchall()
    assert 0 < result["campaign_tagged"] == len(tags) < 30
    assert versions == [(1, 30 - len(tags)), (2, len(tags))]
    assert {campaign for campaign, _, _ in tags} == {"BELANJA-NTT"}
    assert all(check_nip(buyer, date(2026, 11, 22)) == buyer for _, buyer, _ in tags)
    bad = run(*cfg, "simulate", "--sales", "1", "--campaign-rate", "2")
    assert bad.exit_code == 2 and "--campaign-rate" in bad.output
