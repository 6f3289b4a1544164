"""Reconciliation: a known outlet day, partly delivered, late and with a conflict, gives exactly
the expected Z-against-centre figures, gaps, late entries, silent outlets and conflicts."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import Engine

from inventory.clock import FixedClock
from sync.central.appliers import default_registry
from sync.central.ingest import Conflicting, check_batch, store_batch
from sync.central.reconcile import ReconcileOptions, reconcile
from sync.central.reports import catalog_of_reports  # noqa: F401 - fills the registry
from sync.central.reports.base import REGISTRY, ReportError, ReportParams
from sync.journal import JournalEntry
from tests.conftest import FROZEN_NOW
from tests.sync.conftest import OutletUnderTest
from tests.sync.helpers import entries_of, wire
from tests.sync.recon_support import context_of, deliver, ring_known_day

DAY = date(2026, 11, 22)


def _seq_of(outlet: OutletUnderTest, kind: str, document_id: str) -> int:
    return next(
        e.seq
        for e in entries_of(outlet.store)
        if e.kind == kind and json.loads(e.payload)["id"] == document_id
    )


def test_a_partly_delivered_day_shows_every_figure(
    central: Engine, make_outlet: Callable[[str], OutletUnderTest], clock: FixedClock
) -> None:
    blu = make_outlet("BLU")
    make_outlet("KPG")  # registered, never heard from
    day = ring_known_day(context_of(blu, clock))
    missing = _seq_of(blu, "sale.completed", day.sale_ids["cash2"])
    entries = [e for e in entries_of(blu.store) if e.seq != missing]
    first, rest = entries[:6], entries[6:]
    deliver(central, blu, first, received_at=FROZEN_NOW + timedelta(hours=1))
    deliver(central, blu, rest, received_at=FROZEN_NOW + timedelta(hours=5))
    # A different entry under a stored seq: refused and recorded as a conflict.
    body = wire([first[2]])
    body["entries"][0]["id"] = "0193aaaa-0000-7000-8000-000000000000"
    checked = check_batch(body, outlet="BLU", registry=default_registry(), max_entries=10)
    with pytest.raises(Conflicting):
        store_batch(
            central,
            outlet="BLU",
            entries=checked,
            now=FROZEN_NOW + timedelta(hours=5),
            registry=default_registry(),
        )

    options = ReconcileOptions(
        late_after=timedelta(hours=3),
        silent_after=timedelta(hours=2),
        now=FROZEN_NOW + timedelta(hours=6),
    )
    found = reconcile(central, DAY, DAY, options=options)

    # Z reports against the centre: the centre lacks the Rp15.000 cash sale ``cash2``.
    assert (day.z_net, day.z_cash_expected, day.counted) == (120_000, 405_000, 404_000)
    [line] = found.days
    assert (line.outlet, line.day, line.shifts_closed, line.shifts_open) == ("BLU", DAY, 1, 1)
    assert (line.z_sales, line.centre_sales, line.sales_difference) == (4, 3, -1)
    assert (line.z_net, line.centre_net, line.net_difference) == (120_000, 105_000, -15_000)
    assert (line.z_cash_expected, line.centre_cash_expected, line.cash_difference) == (
        405_000,
        390_000,
        -15_000,
    )
    assert (line.counted_cash, line.variance) == (404_000, -1_000)
    assert line.tender_lines() == [
        ("cash", 30_000, 15_000, -15_000),
        ("qris", 45_000, 45_000, 0),
        ("debit", 45_000, 45_000, 0),
    ]

    # Sync health: the gap, BLU heard 1 hour ago (not silent), KPG never heard (silent).
    health = {h.outlet: h for h in found.health}
    assert [(g.first, g.last) for g in health["BLU"].gaps] == [(missing, missing)]
    assert health["BLU"].missing == 1 and health["BLU"].gaps_text == str(missing)
    assert health["BLU"].last_seq == entries[-1].seq
    assert health["BLU"].contiguous_seq == missing - 1
    assert health["BLU"].silent is False and health["KPG"].silent is True
    assert health["KPG"].last_heard_at is None and health["KPG"].late_entries == 0

    # Late: the second batch arrived 5 hours after the till's clock started; late after 3 h.
    late_rows = [
        e for e in rest if FROZEN_NOW + timedelta(hours=5) - _created(e) > timedelta(hours=3)
    ]
    assert len(late_rows) == len(rest) > 0
    longest = max(FROZEN_NOW + timedelta(hours=5) - _created(e) for e in rest)
    assert [(x.outlet, x.day, x.entries, x.longest_minutes) for x in found.late] == [
        ("BLU", DAY, len(rest), int(longest.total_seconds()) // 60)
    ]
    assert health["BLU"].late_entries == len(rest)

    # The conflict.
    assert [(c.outlet, c.seq, c.times) for c in found.conflicts] == [("BLU", first[2].seq, 1)]
    assert health["BLU"].conflicts == 1

    # Later on, BLU has been silent for longer than 2 hours.
    later = ReconcileOptions(silent_after=timedelta(hours=2), now=FROZEN_NOW + timedelta(hours=8))
    assert {h.outlet: h.silent for h in reconcile(central, DAY, DAY, options=later).health} == {
        "BLU": True,
        "KPG": True,
    }

    # The registered report carries the same figures; one outlet only shows that outlet.
    params = ReportParams(
        date_from=DAY,
        date_to=DAY,
        lang="en",
        extra={
            "late_after_minutes": "180",
            "silent_after_minutes": "120",
            "now": "2026-11-22T12:00:00+00:00",
        },
    )
    report = REGISTRY["reconciliation"].build(central, params)
    days, tenders, health_table, late, conflicts = report.tables
    assert [list(r) for r in days.rows] == [
        ["BLU", DAY, 1, 1, 4, 3, 120_000, 105_000, -15_000, 405_000, 390_000, -15_000,
         404_000, -1_000]
    ]  # fmt: skip
    assert [r[2:] for r in tenders.rows] == [
        ("Cash", 30_000, 15_000, -15_000),
        ("QRIS", 45_000, 45_000, 0),
        ("Debit card", 45_000, 45_000, 0),
    ]
    assert [(r[0], r[4], r[5], r[7]) for r in health_table.rows] == [
        ("BLU", str(missing), 1, False),
        ("KPG", "", 0, True),
    ]
    assert [r[:3] for r in late.rows] == [("BLU", DAY, len(rest))]
    assert [r[:2] for r in conflicts.rows] == [("BLU", first[2].seq)]
    assert dict(report.facts)["Days with a difference"] == "1"
    only_kpg = REGISTRY["reconciliation"].build(
        central, ReportParams(date_from=DAY, date_to=DAY, outlet="KPG", extra=params.extra)
    )
    assert only_kpg.tables[0].rows == [] and [r[0] for r in only_kpg.tables[2].rows] == ["KPG"]


def _created(entry: JournalEntry) -> datetime:
    return datetime.fromisoformat(entry.created_at)


def test_a_day_without_data_and_bad_parameters(central: Engine) -> None:
    found = reconcile(central, DAY, DAY)
    assert found.days == [] and found.late == [] and found.conflicts == []
    with pytest.raises(ReportError, match="backwards"):
        ReportParams(date_from=DAY, date_to=DAY - timedelta(days=1))
    with pytest.raises(ReportError, match="late_after_minutes"):
        REGISTRY["reconciliation"].build(
            central, ReportParams(date_from=DAY, date_to=DAY, extra={"late_after_minutes": "x"})
        )
