"""``nttmart central qris import|match|report`` and ``nttmart central reconcile`` against the
test PostgreSQL database, configured by a real config file."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner, Result
from sqlalchemy import Engine, func, select

from inventory.clock import FixedClock
from pos.cli import main
from sync.central import tables
from tests.conftest import FROZEN_NOW
from tests.sync.conftest import OutletUnderTest
from tests.sync.helpers import entries_of
from tests.sync.recon_support import deliver
from tests.sync.test_qris import HEADER, ROWS, ring_qris_payments

CONFIG = """
[central]
database_url = "{url}"

[reconciliation]
late_after_minutes = 30
silent_after_minutes = 60

[qris_settlement]
reference_column = "Ref"
amount_column = "Nominal"
paid_at_column = "Waktu"
merchant_id_column = "NMID"
date_format = "%d/%m/%Y %H:%M:%S"
delimiter = ";"
window_minutes = 5
merchant_outlets = {{ "M-BLU" = "BLU", "M-KPG" = "KPG" }}
"""


def _nttmart(config: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main, ["--config", str(config), "--lang", "en", "central", *args], env={}
    )


def _stored(central: Engine) -> int:
    with central.connect() as connection:
        return connection.execute(
            select(func.count()).select_from(tables.qris_settlement)
        ).scalar_one()


def test_qris_and_reconcile_commands(
    tmp_path: Path,
    postgres_url: str,
    central: Engine,
    make_outlet: Callable[[str], OutletUnderTest],
    clock: FixedClock,
) -> None:
    config = tmp_path / "central.toml"
    config.write_text(CONFIG.format(url=postgres_url), encoding="utf-8")
    blu, kpg = make_outlet("BLU"), make_outlet("KPG")
    ring_qris_payments(blu, kpg, clock)
    for outlet in (blu, kpg):
        deliver(
            central, outlet, entries_of(outlet.store), received_at=FROZEN_NOW + timedelta(hours=1)
        )

    bad = tmp_path / "bad.csv"
    bad.write_text("Ref;Amount;Waktu;NMID\nA;1;22/11/2026 14:00:00;M\n", encoding="utf-8")
    refused = _nttmart(config, "qris", "import", str(bad))
    assert refused.exit_code != 0
    assert "no column 'Nominal' (set by [qris_settlement] amount_column)" in refused.output
    assert _stored(central) == 0

    good = tmp_path / "settlement.csv"
    good.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    first = _nttmart(config, "qris", "import", str(good))
    assert first.exit_code == 0, first.output
    assert "6 rows, 6 new, 0 already imported" in first.output
    again = _nttmart(config, "qris", "import", str(good))
    assert "6 rows, 0 new, 6 already imported" in again.output and _stored(central) == 6

    matched = _nttmart(config, "qris", "match", "--from", "2026-11-22", "--to", "2026-11-22")
    assert matched.exit_code == 0, matched.output
    assert "Matched 4 QRIS payments; unmatched: 2 provider rows, 2 QRIS payments" in matched.output

    report = _nttmart(
        config, "qris", "report", "--from", "2026-11-22", "--to", "2026-11-22", "--json"
    )
    assert report.exit_code == 0, report.output
    data = json.loads(report.output)
    assert [len(table["rows"]) for table in data["tables"]] == [4, 2, 2]
    shown = _nttmart(config, "qris", "report", "--from", "2026-11-22", "--to", "2026-11-22")
    assert "Rp45.000" in shown.output and "QR-X" in shown.output

    backwards = _nttmart(config, "reconcile", "--from", "2026-11-23", "--to", "2026-11-22")
    assert backwards.exit_code != 0 and "backwards" in backwards.output

    found = _nttmart(config, "reconcile", "--from", "2026-11-22", "--to", "2026-11-22", "--json")
    assert found.exit_code == 0, found.output
    tables_ = {table["title"]: table for table in json.loads(found.output)["tables"]}
    health = tables_["Sync health"]
    # Entries were received an hour after the till wrote them: late with the config's 30 min.
    late = tables_["Entries that arrived late"]
    assert {row[0] for row in late["rows"]} == {"BLU", "KPG"}
    assert [row[0] for row in health["rows"]] == ["BLU", "KPG"]
    assert json.loads(found.output)["facts"]["Late after (minutes)"] == "30"
