"""``nttmart stock adjust``: the reasons of the list only, and a manager's PIN above the limit."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.factories import HEADER, KOPI_EAN, write_csv
from tests.pos.cli.conftest import Run

KOPI = f"KOP-BJW-250,Kopi Arabika Flores Bajawa 250g,{KOPI_EAN},65000,pcs,Kopi,Koperasi Fa Masa,Ngada,OVOP,10"
PIN = "2468"


@pytest.fixture
def ready(outlet_dir: Path, cfg: list[str], run: Run) -> list[str]:
    """The outlet with coffee (Rp65.000, valued at price) on hand, a manager and a cashier."""
    csv = write_csv(outlet_dir / "katalog.csv", KOPI, header=HEADER)
    assert run(*cfg, "catalog", "import", str(csv)).exit_code == 0
    for username, role, pin in [("yosef", "manager", PIN), ("ani", "cashier", "1357")]:
        added = run(
            *cfg, "staff", "add", username, "--name", username, "--role", role, "--pin", pin
        )
        assert added.exit_code == 0, added.output
    assert run(*cfg, "stock", "adjust", "KOP-BJW-250", "2", "--reason", "found").exit_code == 0
    return cfg


def _state(outlet_dir: Path) -> tuple[object, ...]:
    with sqlite3.connect(outlet_dir / "outlet.db") as db:
        return (
            db.execute("SELECT count(*) FROM stock_adjustment").fetchone()[0],
            db.execute("SELECT count(*) FROM stock_movement").fetchone()[0],
            db.execute("SELECT max(seq) FROM journal").fetchone()[0],
            db.execute("SELECT count(*) FROM approval").fetchone()[0],
        )


def test_free_text_reason_is_refused_listing_the_valid_ones(
    ready: list[str], outlet_dir: Path, run: Run
) -> None:
    before = _state(outlet_dir)
    refused = run(*ready, "stock", "adjust", "KOP-BJW-250", "-1", "--reason", "kemasan rusak")
    assert refused.exit_code == 1
    assert "kemasan rusak" in refused.stderr
    assert "damaged, lost, expired, sample, found" in refused.stderr
    english = run(*ready, "--lang", "en", "stock", "adjust", "KOP-BJW-250", "-1", "--reason", "x")
    assert "Valid reasons: damaged, lost, expired, sample, found" in english.stderr
    wrong_sign = run(*ready, "stock", "adjust", "KOP-BJW-250", "1", "--reason", "damaged")
    assert wrong_sign.exit_code == 1 and "tidak cocok" in wrong_sign.stderr
    assert _state(outlet_dir) == before


def test_above_the_limit_needs_a_manager_username_and_pin(
    ready: list[str], outlet_dir: Path, run: Run
) -> None:
    before = _state(outlet_dir)
    args = [*ready, "stock", "adjust", "KOP-BJW-250", "-2", "--reason", "damaged"]
    # Rp130.000 is under the default limit of Rp250.000 only for two; make it need approval.
    big = [*ready, "stock", "adjust", "KOP-BJW-250", "-5", "--reason", "lost"]
    refused = run(*big)
    assert refused.exit_code == 1
    assert "Rp325.000" in refused.stderr and "--approver" in refused.stderr
    wrong_pin = run(*big, "--approver", "yosef", "--approver-pin-stdin", input="0000\n")
    assert wrong_pin.exit_code == 1
    cashier = run(*big, "--approver", "ani", "--approver-pin-stdin", input="1357\n")
    assert cashier.exit_code == 1
    with sqlite3.connect(outlet_dir / "outlet.db") as db:
        adjustments = db.execute("SELECT count(*) FROM stock_adjustment").fetchone()[0]
        approvals = db.execute("SELECT count(*) FROM approval").fetchone()[0]
    assert (adjustments, approvals) == (before[0], before[3])

    small = run(*args)
    assert small.exit_code == 0, small.output
    ok = run(*big, "--approver", "yosef", "--approver-pin-stdin", input=f"{PIN}\n")
    assert ok.exit_code == 0, ok.output
    with sqlite3.connect(outlet_dir / "outlet.db") as db:
        row = db.execute(
            "SELECT reason, quantity, value, approver FROM stock_adjustment ORDER BY at DESC, "
            "number DESC LIMIT 1"
        ).fetchone()
        approval = db.execute(
            "SELECT action, approver, subject FROM approval ORDER BY at DESC LIMIT 1"
        ).fetchone()
        number = db.execute("SELECT max(number) FROM stock_adjustment").fetchone()[0]
    assert row == ("lost", -5, 325_000, "yosef")
    assert approval == ("stock_adjustment", "yosef", number)
