"""``nttmart shift``: open, status, cash in/out and close, with PINs, and bad input that changes
nothing."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader

from pos import cart as carts
from pos.checkout import TenderInput, complete_sale
from pos.config import load_settings
from pos.context import open_outlet
from tests.factories import HEADER, KOPI_EAN, write_csv
from tests.pos.cli.conftest import Run

CASHIER_PIN = "2580"
MANAGER_PIN = "7777"


@pytest.fixture
def till(cfg: list[str], run: Run, outlet_dir: Path) -> list[str]:
    """The outlet with cashier ``yohana``, manager ``maria`` and a coffee on the shelf."""
    for username, name, role, pin in (
        ("yohana", "Yohana Bria", "cashier", CASHIER_PIN),
        ("maria", "Maria Seran", "manager", MANAGER_PIN),
    ):
        added = run(*cfg, "staff", "add", username, "--name", name, "--role", role, "--pin", pin)
        assert added.exit_code == 0, added.output
    csv = write_csv(
        outlet_dir / "k.csv",
        f"KOP-1,Kopi Bajawa,{KOPI_EAN},65000,pcs,Kopi,Koperasi Fa Masa,Ngada,OVOP,1",
        header=HEADER,
    )
    assert run(*cfg, "catalog", "import", str(csv)).exit_code == 0
    return cfg


def snapshot(outlet_dir: Path) -> tuple[list[tuple[object, ...]], ...]:
    """Shifts, cash movements and journal entries other than the audit trail."""
    with sqlite3.connect(outlet_dir / "outlet.db") as db:
        return (
            db.execute(
                "SELECT id, number, cashier, opening_float, closed_at, cash_counted FROM shift"
            ).fetchall(),
            db.execute("SELECT id, kind, amount, actor FROM cash_movement").fetchall(),
            db.execute("SELECT seq, kind FROM journal WHERE kind != 'audit'").fetchall(),
        )


def sell_coffee(outlet_dir: Path) -> None:
    """One Kopi Bajawa (Rp65.000) paid with Rp100.000 cash, through the checkout service."""
    context = open_outlet(load_settings(outlet_dir / "config.toml"))
    try:
        with context.store.read() as session:
            from pos.shifts import current_shift

            shift = current_shift(session)
            assert shift is not None
            cart = carts.new_cart("yohana", started_at=context.clock.now(), shift_id=shift.id)
            carts.scan(session, cart, KOPI_EAN)
        complete_sale(context, cart, [TenderInput.cash(100_000)])
    finally:
        context.close()


def test_a_shift_from_open_to_close(
    till: list[str], run: Run, outlet_dir: Path, tmp_path: Path
) -> None:
    cfg = till
    idle = run(*cfg, "shift", "status", "--json")
    assert idle.exit_code == 0 and json.loads(idle.stdout) == {"open": False}
    assert "Tidak ada shift yang terbuka." in run(*cfg, "shift", "status").stdout

    opened = run(
        *cfg,
        "shift",
        "open",
        "--cashier",
        "yohana",
        "--float",
        "Rp500.000",
        "--pin-stdin",
        input=f"{CASHIER_PIN}\n",
    )
    assert opened.exit_code == 0, opened.output
    assert "Shift 1 dibuka untuk Yohana Bria (yohana)" in opened.stdout
    assert "Rp500.000" in opened.stdout
    shifts, _, journaled = snapshot(outlet_dir)
    assert [(s[1], s[2], s[3], s[4]) for s in shifts] == [(1, "yohana", 500_000, None)]
    assert [kind for _, kind in journaled][-1] == "shift.opened"

    sell_coffee(outlet_dir)
    status = json.loads(run(*cfg, "shift", "status", "--json").stdout)
    assert status["open"] is True and status["shift"] == 1
    assert (status["cashier"], status["cashier_name"]) == ("yohana", "Yohana Bria")
    assert (status["sales_count"], status["cash_expected"]) == (1, 565_000)
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", status["opened_at_wita"])
    shown = run(*cfg, "shift", "status").stdout
    assert f"{status['opened_at_wita']} WITA" in shown and "Rp565.000" in shown
    assert re.search(r"Penjualan\s+1\n", shown)

    cash_in = run(
        *cfg,
        "shift",
        "cash-in",
        "50.000",
        "--reason",
        "uang kecil",
        "--pin-stdin",
        input=f"{CASHIER_PIN}\n",
    )
    assert cash_in.exit_code == 0, cash_in.output
    assert "Kas masuk Rp50.000 dicatat (uang kecil)" in cash_in.stdout
    assert "Rp615.000" in cash_in.stdout
    cash_out = run(
        *cfg,
        "shift",
        "cash-out",
        "100000",
        "--reason",
        "setor ke bank",
        "--user",
        "maria",
        "--pin-stdin",
        input=f"{MANAGER_PIN}\n",
    )
    assert cash_out.exit_code == 0, cash_out.output
    assert "Rp515.000" in cash_out.stdout
    _, moves, _ = snapshot(outlet_dir)
    assert [(kind, amount, actor) for _, kind, amount, actor in moves] == [
        ("in", 50_000, "yohana"),
        ("out", 100_000, "maria"),
    ]

    pdf = tmp_path / "z.pdf"
    closed = run(
        *cfg,
        "shift",
        "close",
        "--count",
        "n100000=5",
        "--count",
        "n10000=1",
        "--count",
        "c500=4",
        "--out",
        str(pdf),
        "--pin-stdin",
        input=f"{CASHIER_PIN}\n",
    )
    assert closed.exit_code == 0, closed.output
    lines = closed.stdout.splitlines()
    assert "Shift 1 ditutup (1 penjualan)." in lines
    assert "Seharusnya: Rp515.000" in lines
    assert "Dihitung:   Rp512.000" in lines
    assert "Selisih:    -Rp3.000" in lines
    assert "Laporan Z - Shift 1" in PdfReader(pdf).pages[0].extract_text()
    shifts, _, journaled = snapshot(outlet_dir)
    assert shifts[0][4] is not None and shifts[0][5] == 512_000
    assert [kind for _, kind in journaled][-1] == "shift.closed"
    assert json.loads(run(*cfg, "shift", "status", "--json").stdout) == {"open": False}


def test_the_pin_prompt_hides_what_is_typed(till: list[str], run: Run, outlet_dir: Path) -> None:
    opened = run(
        *till, "shift", "open", "--cashier", "yohana", "--float", "0", input=f"{CASHIER_PIN}\n"
    )
    assert opened.exit_code == 0, opened.output
    assert "PIN yohana" in opened.output and CASHIER_PIN not in opened.output
    assert snapshot(outlet_dir)[0][0][3] == 0


def test_bad_input_without_a_shift_changes_nothing(
    till: list[str], run: Run, outlet_dir: Path
) -> None:
    cfg = till
    before = snapshot(outlet_dir)
    cases = [
        (["open", "--cashier", "yohana", "--float", "-5000"], "", "tidak boleh negatif"),
        (["open", "--cashier", "yohana", "--float", "5,5"], "", "bukan jumlah Rupiah"),
        (["open", "--cashier", "yohana", "--float", "500000"], "0000\n", "PIN salah"),
        (["open", "--cashier", "nobody", "--float", "500000"], "1234\n", "PIN salah"),
        (["cash-in", "5000", "--reason", "x"], f"{CASHIER_PIN}\n", "Tidak ada shift"),
        (["cash-out", "5000", "--reason", "x"], f"{CASHIER_PIN}\n", "Tidak ada shift"),
        (["close", "--count", "n100000=1"], f"{CASHIER_PIN}\n", "Tidak ada shift"),
    ]
    for args, pin, message in cases:
        result = run(*cfg, "shift", *args, "--pin-stdin", input=pin)
        assert result.exit_code == 1, (args, result.output)
        assert message in result.stderr, (args, result.stderr)
        assert snapshot(outlet_dir) == before, args
    english = run(*cfg, "--lang", "en", "shift", "cash-in", "5000", "--reason", "x")
    assert english.exit_code == 1 and "No shift is open." in english.stderr


def test_bad_input_in_an_open_shift_changes_nothing(
    till: list[str], run: Run, outlet_dir: Path, tmp_path: Path
) -> None:
    cfg = till
    pin = f"{CASHIER_PIN}\n"
    opened = run(
        *cfg, "shift", "open", "--cashier", "yohana", "--float", "100000", "--pin-stdin", input=pin
    )
    assert opened.exit_code == 0, opened.output
    before = snapshot(outlet_dir)
    cases = [
        (["open", "--cashier", "maria", "--float", "1000"], "masih terbuka"),
        (["cash-in", "-50000", "--reason", "x"], "tidak boleh negatif"),
        (["cash-in", "0", "--reason", "x"], "Jumlah '0' tidak valid"),
        (["cash-in", "abc", "--reason", "x"], "bukan jumlah Rupiah"),
        (["cash-in", "5000", "--reason", "  "], "reason"),
        (["cash-out", "200000", "--reason", "x"], "di laci seharusnya hanya ada Rp100.000"),
        (["close", "--count", "x999=1"], "Pecahan 'x999' tidak dikenal"),
        (["close", "--count", "n100000"], "bukan KUNCI=JUMLAH"),
        (["close", "--count", "n100000=-1"], "tidak valid: '-1'"),
        (["close", "--count", "n100000=1", "--count", "n100000=2"], "dihitung dua kali"),
        (
            ["close", "--count", "n100000=1", "--out", str(tmp_path / "no" / "z.pdf")],
            "tidak ada; shift tidak ditutup",
        ),
    ]
    for args, message in cases:
        result = run(*cfg, "shift", *args, "--pin-stdin", input=pin)
        assert result.exit_code == 1, (args, result.output)
        assert message in result.stderr, (args, result.stderr)
        assert snapshot(outlet_dir) == before, args
    wrong = run(*cfg, "shift", "close", "--count", "n100000=1", "--pin-stdin", input="1111\n")
    assert wrong.exit_code == 1 and "PIN salah. Sisa percobaan: 4." in wrong.stderr
    assert snapshot(outlet_dir) == before
    # Bad input is refused before the PIN is asked for: no prompt, so no PIN typed.
    unknown = run(*cfg, "shift", "close", "--count", "x999=1")
    assert unknown.exit_code == 1 and "PIN" not in unknown.output
    with sqlite3.connect(outlet_dir / "outlet.db") as db:
        failures = db.execute(
            "SELECT count(*) FROM audit_event WHERE action = 'staff.login.failed'"
        ).fetchone()[0]
    assert failures == 1  # the wrong PIN is in the audit trail, counting towards the lock-out
