"""QRIS settlement: import (bad files store nothing, a second import adds nothing), matching
(exact matched and unmatched sets, whatever the row order), the report, and the verification
reaching the outlet's own payment rows through a real pull, and only that outlet's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, select
from sqlmodel import select as sm_select

from inventory.clock import FixedClock
from inventory.errors import InvalidInputError
from inventory.i18n import language
from pos.checkout import TenderInput
from pos.cli import main
from pos.models import Payment
from pos.shifts import open_shift
from pos.simulate import CASHIER
from pos.verification import KIND_PAYMENT_VERIFIED
from sync.central import tables
from sync.central.qris import (
    SettlementFileError,
    SettlementFormat,
    import_settlement,
    match_payments,
    settlement_status,
)
from sync.central.reports import catalog_of_reports  # noqa: F401 - fills the registry
from sync.central.reports.base import REGISTRY, ReportParams
from sync.client import push
from sync.transport import CentralClient
from sync.verifications import pull_verifications
from tests.conftest import FROZEN_NOW
from tests.sync.conftest import OutletUnderTest
from tests.sync.helpers import entries_of
from tests.sync.recon_support import context_of, deliver, sell
from tests.sync.servers import ServerThread
from tests.sync.test_pull import write_config

DAY = date(2026, 11, 22)
FORMAT = SettlementFormat(
    reference_column="Ref",
    amount_column="Nominal",
    paid_at_column="Waktu",
    merchant_id_column="NMID",
    date_format="%d/%m/%Y %H:%M:%S",
    delimiter=";",
    window_minutes=5,
    merchant_outlets={"M-BLU": "BLU", "M-KPG": "KPG"},
)
HEADER = "Ref;Nominal;Waktu;NMID"
# Times are WITA (the format's default zone); the tills sell at 14:00, 14:05, 14:10, ... WITA.
ROWS = [
    "QR-77;45000;22/11/2026 14:01:00;M-BLU",  # q1 by reference
    "P-2;15000.00;22/11/2026 14:06:00;M-BLU",  # q2 (1 min) rather than q3 (4 min)
    "P-3;15000;22/11/2026 14:09:00;M-BLU",  # q3 (1 min); q2 is taken
    "P-4;15000;22/11/2026 15:00:00;M-BLU",  # nothing within 5 minutes
    "QR-X;45000;22/11/2026 14:20:30;M-BLU",  # q5 carries another reference
    "P-6;15000;22/11/2026 14:01:00;M-KPG",  # KPG's payment, not BLU's q2 or q3
]


@dataclass
class Payments:
    blu: dict[str, str]  # name -> sale id
    kpg: str


def ring_qris_payments(blu: OutletUnderTest, kpg: OutletUnderTest, clock: FixedClock) -> Payments:
    context = context_of(blu, clock)
    shift = open_shift(context, cashier=CASHIER.username, opening_float=100_000)
    sales = {
        "q1": sell(context, shift.id, "MDU-AMF", 1, TenderInput.qris(45_000, "QR-77")),
        "q2": sell(context, shift.id, "KOP-BJW", 1, TenderInput.qris(15_000)),
        "q3": sell(context, shift.id, "KOP-BJW", 1, TenderInput.qris(15_000)),
        "q4": sell(context, shift.id, "KOP-BJW", 2, TenderInput.qris(30_000)),
        "q5": sell(context, shift.id, "MDU-AMF", 1, TenderInput.qris(45_000, "QR-99")),
        "cash": sell(context, shift.id, "KOP-BJW", 1, TenderInput.cash(15_000)),
    }
    there = context_of(kpg, FixedClock(FROZEN_NOW))
    kpg_shift = open_shift(there, cashier=CASHIER.username, opening_float=100_000)
    kpg_sale = sell(there, kpg_shift.id, "KOP-BJW", 1, TenderInput.qris(15_000))
    return Payments(blu=sales, kpg=kpg_sale)


def _file(tmp_path: Path, rows: list[str], name: str = "settlement.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _matches(central: Engine) -> set[tuple[str, str, str]]:
    match = tables.qris_match
    with central.connect() as connection:
        return {
            (row.provider_ref, row.outlet, row.sale_id)
            for row in connection.execute(
                select(match.c.provider_ref, match.c.outlet, match.c.sale_id)
            )
        }


def _count(central: Engine, table: object) -> int:
    with central.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()  # type: ignore[arg-type]


@pytest.mark.parametrize("order", ["as_sent", "reversed"])
def test_import_and_match_give_exact_sets(
    central: Engine,
    make_outlet: Callable[[str], OutletUnderTest],
    clock: FixedClock,
    tmp_path: Path,
    order: str,
) -> None:
    blu, kpg = make_outlet("BLU"), make_outlet("KPG")
    paid = ring_qris_payments(blu, kpg, clock)
    for outlet in (blu, kpg):
        deliver(
            central, outlet, entries_of(outlet.store), received_at=FROZEN_NOW + timedelta(hours=1)
        )
    rows = ROWS if order == "as_sent" else list(reversed(ROWS))
    path = _file(tmp_path, rows)

    first = import_settlement(central, path, FORMAT, now=FROZEN_NOW)
    again = import_settlement(central, path, FORMAT, now=FROZEN_NOW)
    assert (first.rows, first.stored, first.already) == (6, 6, 0)
    assert (again.rows, again.stored, again.already) == (6, 0, 6)
    assert _count(central, tables.qris_settlement) == 6

    # A period without provider rows matches nothing; a backwards one is refused.
    next_day = DAY + timedelta(days=1)
    nothing = match_payments(central, FORMAT, now=FROZEN_NOW, date_from=next_day, date_to=next_day)
    assert (nothing.matched, nothing.provider_unmatched) == (0, 0)
    with pytest.raises(InvalidInputError):
        match_payments(central, FORMAT, now=FROZEN_NOW, date_from=next_day, date_to=DAY)
    assert _matches(central) == set()
    result = match_payments(
        central, FORMAT, now=FROZEN_NOW + timedelta(days=1), date_from=DAY, date_to=DAY
    )
    assert (result.matched, result.provider_unmatched, result.payments_unmatched) == (4, 2, 2)
    b = paid.blu
    assert _matches(central) == {
        ("QR-77", "BLU", b["q1"]),
        ("P-2", "BLU", b["q2"]),
        ("P-3", "BLU", b["q3"]),
        ("P-6", "KPG", paid.kpg),
    }
    # Matched payments are verified at the centre; the others are still as the till said.
    payment = tables.payment
    with central.connect() as connection:
        verified = dict(
            connection.execute(
                select(payment.c.sale_id, payment.c.verified).where(payment.c.tender == "qris")
            ).all()
        )
    assert verified == {b["q1"]: True, b["q2"]: True, b["q3"]: True, b["q4"]: False,
                        b["q5"]: False, paid.kpg: True}  # fmt: skip
    # Matching again changes nothing.
    assert match_payments(central, FORMAT, now=FROZEN_NOW + timedelta(days=2)).matched == 0
    assert len(_matches(central)) == 4

    status = settlement_status(central, DAY, DAY)
    assert sorted(p.reference for p in status.provider_unmatched) == ["P-4", "QR-X"]
    assert sorted((p.outlet, p.amount, p.reference) for p in status.payments_unmatched) == [
        ("BLU", 30_000, None),
        ("BLU", 45_000, "QR-99"),
    ]
    report = REGISTRY["qris"].build(central, ReportParams(date_from=DAY, date_to=DAY, lang="en"))
    matched, provider, payments = report.tables
    assert sorted(r[5] for r in matched.rows) == ["P-2", "P-3", "P-6", "QR-77"]
    assert matched.totals is not None and matched.totals[3] == 45_000 + 15_000 * 3
    assert [r[0] for r in provider.rows] == ["QR-X", "P-4"]  # by paid_at
    assert provider.totals is not None and provider.totals[2] == 60_000
    assert [(r[0], r[3]) for r in payments.rows] == [("BLU", 30_000), ("BLU", 45_000)]
    assert dict(report.facts) == {
        "Matched": "4",
        "Provider rows unmatched": "2",
        "QRIS payments unmatched": "2",
    }
    only_blu = REGISTRY["qris"].build(
        central, ReportParams(date_from=DAY, date_to=DAY, outlet="BLU", lang="en")
    )
    assert sorted(r[5] for r in only_blu.tables[0].rows) == ["P-2", "P-3", "QR-77"]


BAD_FILES = [
    (
        "Ref;Jumlah;Waktu;NMID\nA;1000;22/11/2026 14:00:00;M\n",
        "no column 'Nominal' (set by [qris_settlement] amount_column)",
    ),
    (
        "Ref;Nominal;Waktu\nA;1000;22/11/2026 14:00:00\n",
        "no column 'NMID' (set by [qris_settlement] merchant_id_column)",
    ),
    (
        f"{HEADER}\nA;1000;22/11/2026 14:00:00;M\nB;12.500,50;22/11/2026 14:00:00;M\n",
        "row 3, column 'Nominal': '12.500,50' is not a positive whole number",
    ),
    (
        f"{HEADER}\nA;1000;2026-11-22 14:00;M\n",
        "row 2, column 'Waktu': '2026-11-22 14:00' does not match date_format %d/%m/%Y %H:%M:%S",
    ),
    (
        f"{HEADER}\nA;1000;22/11/2026 14:00:00;M\nA;2000;22/11/2026 14:00:00;M\n",
        "row 3, column 'Ref': 'A' is also on row 2",
    ),
    (f"{HEADER}\n;1000;22/11/2026 14:00:00;M\n", "row 2, column 'Ref': '' is empty"),
    ("", "is empty"),
]


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_a_bad_file_stores_nothing(
    central: Engine, tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with language("en"), pytest.raises(SettlementFileError) as raised:
        import_settlement(central, path, FORMAT, now=FROZEN_NOW)
    with language("en"):
        assert message in str(raised.value)
    assert _count(central, tables.qris_settlement) == 0


def test_a_reference_imported_with_another_amount_refuses_the_file(
    central: Engine, tmp_path: Path
) -> None:
    import_settlement(central, _file(tmp_path, ROWS[:2], "a.csv"), FORMAT, now=FROZEN_NOW)
    changed = [ROWS[2], ROWS[1].replace("15000.00", "16000")]
    with language("en"), pytest.raises(SettlementFileError, match="row 3: reference P-2 was"):
        import_settlement(central, _file(tmp_path, changed, "b.csv"), FORMAT, now=FROZEN_NOW)
    assert _count(central, tables.qris_settlement) == 2  # P-3 of the refused file is not there


def _outlet_payments(outlet: OutletUnderTest) -> dict[str, tuple[bool, str | None]]:
    with outlet.store.read() as session:
        return {
            p.sale_id: (p.verified, p.reference)
            for p in session.exec(sm_select(Payment).where(Payment.tender == "qris")).all()
        }


def test_verifications_reach_their_outlet_only_through_a_real_pull(
    server: ServerThread,
    central: Engine,
    make_outlet: Callable[[str], OutletUnderTest],
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    blu, kpg = make_outlet("BLU"), make_outlet("KPG")
    paid = ring_qris_payments(blu, kpg, clock)
    clients = {o.code: CentralClient(server.url, o.token, timeout=10) for o in (blu, kpg)}
    try:
        for outlet in (blu, kpg):
            push(
                outlet.store, clients[outlet.code], outlet=outlet.code, clock=clock, batch_size=100
            )
        import_settlement(central, _file(tmp_path, ROWS), FORMAT, now=FROZEN_NOW)
        assert match_payments(central, FORMAT, now=FROZEN_NOW).matched == 4
        b = paid.blu
        assert _outlet_payments(blu)[b["q2"]] == (False, None)

        # An outlet's token shows only its own verifications.
        answer = httpx.get(
            f"{server.url}/v1/verifications",
            params={"since": 0},
            headers={"Authorization": f"Bearer {kpg.token}"},
            timeout=10,
        ).json()
        assert [item["sale_id"] for item in answer["items"]] == [paid.kpg]
        assert httpx.get(f"{server.url}/v1/verifications", timeout=10).status_code == 401

        before = len(entries_of(blu.store))
        assert pull_verifications(blu.store, clients["BLU"], outlet="BLU", clock=clock) == 3
        assert _outlet_payments(blu) == {
            b["q1"]: (True, "QR-77"),
            b["q2"]: (True, "P-2"),
            b["q3"]: (True, "P-3"),
            b["q4"]: (False, None),
            b["q5"]: (False, "QR-99"),
        }
        journaled = entries_of(blu.store, after=before)
        assert [e.kind for e in journaled] == [KIND_PAYMENT_VERIFIED] * 3
        # Pulling again changes nothing and journals nothing.
        assert pull_verifications(blu.store, clients["BLU"], outlet="BLU", clock=clock) == 0
        assert len(entries_of(blu.store)) == before + 3
        # KPG's books were not touched by BLU's pull; its own pull takes its one verification.
        assert _outlet_payments(kpg) == {paid.kpg: (False, None)}
        # ``nttmart sync pull`` takes verifications after the catalog.
        config = write_config(kpg, server.url)
        pulled = CliRunner().invoke(main, ["--config", str(config), "--lang", "en", "sync", "pull"])
        assert pulled.exit_code == 0, pulled.output
        assert "1 QRIS payments verified by the centre." in pulled.stdout
        assert _outlet_payments(kpg) == {paid.kpg: (True, "P-6")}

        # The outlet's entries reach the centre: the verifications are marked delivered.
        push(blu.store, clients["BLU"], outlet="BLU", clock=clock, batch_size=100)
        status = settlement_status(central, DAY, DAY, outlet="BLU")
        assert sorted((m.provider_reference, m.delivered) for m in status.matched) == [
            ("P-2", True),
            ("P-3", True),
            ("QR-77", True),
        ]
        payment = tables.payment
        with central.connect() as connection:
            reference = connection.execute(
                select(payment.c.reference).where(payment.c.sale_id == b["q2"])
            ).scalar_one()
        assert reference == "P-2"
    finally:
        for client in clients.values():
            client.close()
