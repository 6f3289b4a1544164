"""Reconciliation of every outlet: its own shift closes against what the centre received.

Per outlet and business day (the WITA day a shift was opened), the Z reports as the outlet
journaled them (sales count, net, per-tender totals, expected and counted cash, variance) are
put beside the same figures computed at the centre from the sales, refunds and cash movements
of those shifts (by their explicit ``shift_id``, never a time window). A difference means the
centre is missing or holds extra entries of that shift. Beside that: the sync health of each
outlet (gaps in ``seq``, last heard and whether it has been silent too long, conflicts), and the
entries that arrived late (``received_at`` long after ``created_at``).

Everything is computed with SQL aggregates over indexed columns; only shift rows (a few per
outlet and day) come back to Python. Differences are *centre minus outlet*: negative means the
centre holds less than the outlet's own Z report says.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from inventory.clock import to_wita
from sync.central import tables
from sync.central.db import is_postgres
from sync.central.ingest import gaps_of
from sync.central.qris import day_bounds
from sync.wire import Gap

TENDERS = ("cash", "qris", "debit", "credit", "transfer")


@dataclass(frozen=True, slots=True)
class ReconcileOptions:
    """Thresholds of the ``[reconciliation]`` config section, and the moment to judge at."""

    late_after: timedelta = timedelta(hours=24)
    silent_after: timedelta = timedelta(hours=24)
    now: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass
class DayLine:
    """One outlet's business day: the closed shifts' Z reports against the centre's figures."""

    outlet: str
    day: date
    shifts_closed: int = 0
    shifts_open: int = 0
    z_sales: int = 0
    centre_sales: int = 0
    z_net: int = 0
    centre_net: int = 0
    z_cash_expected: int = 0
    centre_cash_expected: int = 0
    counted_cash: int = 0
    variance: int = 0
    z_tenders: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    centre_tenders: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def net_difference(self) -> int:
        """Centre minus Z report (negative: the centre misses money the outlet journaled)."""
        return self.centre_net - self.z_net

    @property
    def cash_difference(self) -> int:
        """Centre's expected cash minus the Z report's."""
        return self.centre_cash_expected - self.z_cash_expected

    @property
    def sales_difference(self) -> int:
        """Sales the centre holds minus sales in the Z reports."""
        return self.centre_sales - self.z_sales

    def tender_lines(self) -> list[tuple[str, int, int, int]]:
        """``(tender, Z net, centre net, difference)`` for every tender either side has."""
        names = sorted(
            {*self.z_tenders, *self.centre_tenders},
            key=lambda name: (TENDERS.index(name) if name in TENDERS else 99, name),
        )
        return [
            (
                name,
                self.z_tenders.get(name, 0),
                self.centre_tenders.get(name, 0),
                self.centre_tenders.get(name, 0) - self.z_tenders.get(name, 0),
            )
            for name in names
        ]


@dataclass(frozen=True, slots=True)
class OutletHealth:
    """What the centre knows of an outlet's sync right now."""

    outlet: str
    name: str
    contiguous_seq: int
    last_seq: int
    gaps: list[Gap]
    last_heard_at: datetime | None
    silent: bool
    late_entries: int
    conflicts: int

    @property
    def missing(self) -> int:
        """Entries missing below ``last_seq``."""
        return sum(g.last - g.first + 1 for g in self.gaps)

    @property
    def gaps_text(self) -> str:
        """``5-7, 9``."""
        return ", ".join(
            str(g.first) if g.first == g.last else f"{g.first}-{g.last}" for g in self.gaps
        )


@dataclass(frozen=True, slots=True)
class LateLine:
    """Entries of one outlet created on one day (WITA) that arrived later than the threshold."""

    outlet: str
    day: date
    entries: int
    longest_minutes: int


@dataclass(frozen=True, slots=True)
class ConflictLine:
    outlet: str
    seq: int
    first_seen_at: datetime
    last_seen_at: datetime
    times: int


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """Everything the reconciliation report shows for a period."""

    days: list[DayLine]
    health: list[OutletHealth]
    late: list[LateLine]
    conflicts: list[ConflictLine]


def _shift_lines(
    connection: Connection, first: date, last: date, outlet: str | None
) -> dict[tuple[str, date], DayLine]:
    shift, sale, payment, refund, cash = (
        tables.shift,
        tables.sale,
        tables.payment,
        tables.refund,
        tables.cash_movement,
    )
    start, end = day_bounds(first, last)
    query = select(shift).where(shift.c.opened_at >= start, shift.c.opened_at < end)
    if outlet is not None:
        query = query.where(shift.c.outlet == outlet)
    shifts = connection.execute(query).all()
    closed = {row.id: row for row in shifts if row.closed_seq is not None}
    # A shift's sales and refunds fall on its opening day or the next (the business-day cut-off),
    # so a day's slack on each side keeps the scans on the (outlet, business_day) indexes.
    low, high = first - timedelta(days=1), last + timedelta(days=2)

    def scoped(query: Any, table: Any, day_column: Any) -> Any:
        query = query.where(day_column >= low, day_column <= high)
        if outlet is not None:
            query = query.where(table.c.outlet == outlet)
        return query

    sales: dict[str, tuple[int, int]] = {}
    for shift_id, count, total in connection.execute(
        scoped(
            select(sale.c.shift_id, func.count(), func.sum(sale.c.total))
            .where(sale.c.status == "completed")
            .group_by(sale.c.shift_id),
            sale,
            sale.c.business_day,
        )
    ):
        sales[shift_id] = (int(count), int(total or 0))
    tender_in: dict[str, dict[str, int]] = defaultdict(dict)
    for shift_id, tender, amount in connection.execute(
        scoped(
            select(sale.c.shift_id, payment.c.tender, func.sum(payment.c.amount))
            .join(sale, sale.c.id == payment.c.sale_id)
            .where(sale.c.status == "completed")
            .group_by(sale.c.shift_id, payment.c.tender),
            sale,
            sale.c.business_day,
        )
    ):
        tender_in[shift_id][tender] = int(amount or 0)
    tender_out: dict[str, dict[str, int]] = defaultdict(dict)
    for shift_id, tender, amount in connection.execute(
        scoped(
            select(refund.c.shift_id, refund.c.tender, func.sum(refund.c.total)).group_by(
                refund.c.shift_id, refund.c.tender
            ),
            refund,
            refund.c.business_day,
        )
    ):
        tender_out[shift_id][tender or "cash"] = int(amount or 0)
    moves: dict[str, dict[str, int]] = defaultdict(dict)
    move_query = (
        select(cash.c.shift_id, cash.c.kind, func.sum(cash.c.amount))
        .where(cash.c.occurred_at >= start - timedelta(days=1))
        .where(cash.c.occurred_at < end + timedelta(days=2))
        .group_by(cash.c.shift_id, cash.c.kind)
    )
    if outlet is not None:
        move_query = move_query.where(cash.c.outlet == outlet)
    for shift_id, kind, amount in connection.execute(move_query):
        moves[shift_id][kind] = int(amount or 0)

    lines: dict[tuple[str, date], DayLine] = {}
    for row in shifts:
        day = to_wita(row.opened_at).date()
        line = lines.setdefault((row.outlet, day), DayLine(outlet=row.outlet, day=day))
        if row.id not in closed:
            line.shifts_open += 1
            continue
        line.shifts_closed += 1
        line.z_sales += int(row.sales_count or 0)
        line.z_net += int(row.net or 0)
        line.z_cash_expected += int(row.expected_cash or 0)
        line.counted_cash += int(row.counted_cash or 0)
        line.variance += int(row.difference or 0)
        summary = json.loads(row.summary) if row.summary else {}
        for tender in summary.get("per_tender", []):
            line.z_tenders[tender["tender"]] += int(tender["net"])
        count, total = sales.get(row.id, (0, 0))
        paid, back = tender_in.get(row.id, {}), tender_out.get(row.id, {})
        line.centre_sales += count
        line.centre_net += total - sum(back.values())
        for name in {*paid, *back}:
            line.centre_tenders[name] += paid.get(name, 0) - back.get(name, 0)
        cash_moves = moves.get(row.id, {})
        line.centre_cash_expected += (
            int(row.opening_float)
            + paid.get("cash", 0)
            - back.get("cash", 0)
            + cash_moves.get("in", 0)
            - cash_moves.get("out", 0)
        )
    return lines


def _late(
    connection: Connection,
    first: date,
    last: date,
    outlet: str | None,
    late_after: timedelta,
) -> list[LateLine]:
    journal = tables.journal
    start, end = day_bounds(first, last)
    query = select(journal.c.outlet, journal.c.created_at, journal.c.received_at).where(
        journal.c.created_at >= start, journal.c.created_at < end
    )
    if outlet is not None:
        query = query.where(journal.c.outlet == outlet)
    if is_postgres(connection):
        delay = journal.c.received_at - journal.c.created_at
        day = func.date(func.timezone("Asia/Makassar", journal.c.created_at))
        aggregated = (
            select(
                journal.c.outlet,
                day,
                func.count(),
                func.extract("epoch", func.max(delay)),
            )
            .where(journal.c.created_at >= start, journal.c.created_at < end, delay > late_after)
            .group_by(journal.c.outlet, day)
            .order_by(journal.c.outlet, day)
        )
        if outlet is not None:
            aggregated = aggregated.where(journal.c.outlet == outlet)
        return [
            LateLine(code, found_day, int(count), int(seconds) // 60)
            for code, found_day, count, seconds in connection.execute(aggregated)
        ]
    # SQLite (the one-machine demo): the same figures, grouped here.
    found: dict[tuple[str, date], list[int]] = {}
    for code, created, received in connection.execute(query):
        gap = received - created
        if gap > late_after:
            entry = found.setdefault((code, to_wita(created).date()), [0, 0])
            entry[0] += 1
            entry[1] = max(entry[1], int(gap.total_seconds()) // 60)
    return [LateLine(code, day, n, longest) for (code, day), (n, longest) in sorted(found.items())]


def reconcile(
    engine: Engine,
    first: date,
    last: date,
    *,
    outlet: str | None = None,
    options: ReconcileOptions | None = None,
) -> Reconciliation:
    """The reconciliation of business days ``first`` to ``last`` (one outlet, or all)."""
    options = options or ReconcileOptions()
    start, end = day_bounds(first, last)
    conflict = tables.conflict
    with engine.connect() as connection:
        lines = _shift_lines(connection, first, last, outlet)
        late = _late(connection, first, last, outlet, options.late_after)
        conflict_query = (
            select(conflict)
            .where(conflict.c.first_seen_at < end, conflict.c.last_seen_at >= start)
            .order_by(conflict.c.outlet, conflict.c.seq, conflict.c.id)
        )
        outlet_query = select(tables.outlet).order_by(tables.outlet.c.code)
        if outlet is not None:
            conflict_query = conflict_query.where(conflict.c.outlet == outlet)
            outlet_query = outlet_query.where(tables.outlet.c.code == outlet)
        conflicts = [
            ConflictLine(row.outlet, row.seq, row.first_seen_at, row.last_seen_at, row.times)
            for row in connection.execute(conflict_query)
        ]
        late_per_outlet: dict[str, int] = defaultdict(int)
        for line in late:
            late_per_outlet[line.outlet] += line.entries
        conflicts_per_outlet: dict[str, int] = defaultdict(int)
        for found in conflicts:
            conflicts_per_outlet[found.outlet] += 1
        health = [
            OutletHealth(
                outlet=row.code,
                name=row.name,
                contiguous_seq=int(row.contiguous_seq),
                last_seq=int(row.last_seq),
                gaps=gaps_of(connection, row.code, int(row.contiguous_seq), int(row.last_seq)),
                last_heard_at=row.last_heard_at,
                silent=row.last_heard_at is None
                or options.now - row.last_heard_at > options.silent_after,
                late_entries=late_per_outlet[row.code],
                conflicts=conflicts_per_outlet[row.code],
            )
            for row in connection.execute(outlet_query)
        ]
    days = [lines[key] for key in sorted(lines)]
    return Reconciliation(days=days, health=health, late=late, conflicts=conflicts)
