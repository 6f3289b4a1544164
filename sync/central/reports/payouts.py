"""``payouts``: what every producer is owed across all outlets, and what has been paid.

Consignment sales are the sale and refund movements of the central stock ledger of a product
whose master producer is known, from the product's first consignment receipt at that outlet on
(the rule the outlet's own settlement follows). Per producer and outlet: net quantity sold,
gross (net of refunds: each movement's Rupiah ``amount``; a movement without one is valued at
the catalog price), the outlet's commission at the producer's ``commission_bp`` (half up to a
whole Rupiah, on the producer's gross at that outlet; for a producer missing from the master,
the rate of its latest settlement) and the payable rest. Paid is what the
outlets journaled as payouts of settlements lying within the period; unpaid is payable minus
paid. The payout register lists every payout dated in the period. All sums are SQL aggregates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text

from inventory.money import format_rupiah, percent_of
from sync.central.reports.base import Column, Kind, Report, ReportParams, Table, register
from sync.central.reports.common import (
    binds,
    check_outlet,
    label,
    outlet_filter,
    producers,
    program_label,
    without_jit,
)

# Consignment sales per outlet and product, then per producer. The movements of the period are
# summed per (outlet, product) in one hash aggregate over the ledger, with no join per movement;
# the few the rule leaves out (before the product's first receipt at the outlet) are summed
# apart and taken off, and those without a Rupiah amount are valued at the catalog price apart
# (both read through the partial indexes of migration c0008). A join per movement made the
# planner misjudge its size and sort the whole month on disk.
_SALES = """
WITH first_in AS (
    SELECT outlet, product_id, MIN(occurred_at) AS first_in
    FROM central_stock_movement WHERE kind = 'consign_in'{outlet_m}
    GROUP BY outlet, product_id
), period AS (
    SELECT outlet, product_id, COUNT(*) AS movements, -SUM(quantity) AS quantity,
           COALESCE(SUM(CASE WHEN kind = 'sale' THEN 1 ELSE -1 END * ABS(amount)), 0) AS priced,
           COUNT(*) FILTER (WHERE amount IS NULL) AS estimated
    FROM central_stock_movement
    WHERE kind IN ('sale', 'refund') AND occurred_at >= :start AND occurred_at < :end{outlet_m}
    GROUP BY outlet, product_id
), unpriced AS (
    SELECT m.outlet, m.product_id,
           SUM(CASE WHEN m.kind = 'sale' THEN 1 ELSE -1 END * {catalog_value}) AS gross
    FROM central_stock_movement m JOIN central_product p ON p.id = m.product_id
    WHERE m.kind IN ('sale', 'refund') AND m.amount IS NULL
      AND m.occurred_at >= :start AND m.occurred_at < :end{outlet}
    GROUP BY m.outlet, m.product_id
), before_first_in AS (
    SELECT m.outlet, m.product_id, COUNT(*) AS movements, -SUM(m.quantity) AS quantity,
           SUM(CASE WHEN m.kind = 'sale' THEN 1 ELSE -1 END
               * COALESCE(ABS(m.amount), {catalog_value})) AS gross,
           COUNT(*) FILTER (WHERE m.amount IS NULL) AS estimated
    FROM first_in f
    JOIN central_stock_movement m ON m.outlet = f.outlet AND m.product_id = f.product_id
    JOIN central_product p ON p.id = m.product_id
    WHERE f.first_in > :start AND m.kind IN ('sale', 'refund')
      AND m.occurred_at >= :start AND m.occurred_at < f.first_in AND m.occurred_at < :end
    GROUP BY m.outlet, m.product_id
)
SELECT p.producer_id, s.outlet{product},
       SUM(s.quantity - COALESCE(b.quantity, 0)) AS quantity,
       SUM(s.priced + COALESCE(u.gross, 0) - COALESCE(b.gross, 0)) AS gross,
       SUM(s.estimated - COALESCE(b.estimated, 0)) AS estimated
FROM period s
JOIN first_in f ON f.outlet = s.outlet AND f.product_id = s.product_id
JOIN central_product p ON p.id = s.product_id
LEFT JOIN unpriced u ON u.outlet = s.outlet AND u.product_id = s.product_id
LEFT JOIN before_first_in b ON b.outlet = s.outlet AND b.product_id = s.product_id
WHERE p.producer_id IS NOT NULL AND s.movements > COALESCE(b.movements, 0){producer}
GROUP BY p.producer_id, s.outlet{product}
"""
# A movement without its Rupiah amount, valued at the catalog price (per kg or litre for a
# weighed product, half up to a whole Rupiah).
_CATALOG_VALUE = (
    "CASE WHEN p.unit = 'pcs' THEN p.price * ABS(m.quantity) "
    "ELSE (p.price * ABS(m.quantity) + 500) / 1000 END"
)

_PAID = """
SELECT s.producer_id, s.outlet, COALESCE(SUM(y.amount), 0) AS paid
FROM central_settlement s
JOIN central_payout y ON y.settlement_id = s.id AND y.outlet = s.outlet
WHERE s.period_start >= :date_from AND s.period_end <= :date_to{outlet}
GROUP BY s.producer_id, s.outlet
"""

_REGISTER = """
SELECT y.paid_on, y.outlet, s.producer_id, y.number, s.period_start, s.period_end, y.method,
       y.reference, y.amount
FROM central_payout y
LEFT JOIN central_settlement s ON s.id = y.settlement_id
WHERE y.paid_on >= :date_from AND y.paid_on <= :date_to{outlet}
ORDER BY y.paid_on, y.outlet, y.seq
"""


@dataclass(frozen=True)
class Line:
    """One producer at one outlet over the period."""

    producer_id: str
    outlet: str
    quantity: int
    gross: int
    commission_bp: int
    commission: int
    paid: int
    estimated: int

    @property
    def payable(self) -> int:
        return self.gross - self.commission

    @property
    def unpaid(self) -> int:
        return self.payable - self.paid


@dataclass(frozen=True)
class Payout:
    """One row of the payout register."""

    paid_on: Any
    outlet: str
    producer_id: str | None
    number: str
    period_start: Any
    period_end: Any
    method: str
    reference: str | None
    amount: int


def commission_rates(connection: Connection) -> dict[str, int]:
    """Each producer's commission in basis points: the master catalog's, or, for a producer
    the master does not hold, the rate of its latest settlement at any outlet."""
    rates = {
        row.producer_id: int(row.commission_bp)
        for row in connection.execute(
            text(
                "SELECT DISTINCT ON (producer_id) producer_id, commission_bp "
                "FROM central_settlement ORDER BY producer_id, settled_at DESC"
            )
        )
    }
    rates.update({pid: int(row.commission_bp) for pid, row in producers(connection).items()})
    return rates


def consignment_sales(
    connection: Connection,
    params: ReportParams,
    *,
    producer_id: str | None = None,
    by_product: bool = False,
) -> list[Any]:
    """Consignment sales of the period per producer and outlet (and product): rows of
    ``producer_id, outlet[, product_id], quantity, gross, estimated`` (SQL aggregates)."""
    query = _SALES.format(
        outlet=outlet_filter(params, "m.outlet"),
        outlet_m=outlet_filter(params, "outlet"),
        producer="" if producer_id is None else " AND p.producer_id = :producer_id",
        product=", s.product_id" if by_product else "",
        catalog_value=_CATALOG_VALUE,
    )
    values = binds(params, producer_id=producer_id)
    without_jit(connection)
    return list(connection.execute(text(query), values))


def lines(
    connection: Connection, params: ReportParams, *, producer_id: str | None = None
) -> list[Line]:
    """Per producer and outlet: quantity, gross, commission, paid (see the module docstring)."""
    values = binds(params)
    sales = consignment_sales(connection, params, producer_id=producer_id)
    paid = {
        (row.producer_id, row.outlet): int(row.paid)
        for row in connection.execute(
            text(_PAID.format(outlet=outlet_filter(params, "s.outlet"))), values
        )
        if producer_id is None or row.producer_id == producer_id
    }
    rates = commission_rates(connection)
    result: dict[tuple[str, str], Line] = {}
    for row in sales:
        rate = rates.get(row.producer_id, 0)
        gross = int(row.gross)
        result[(row.producer_id, row.outlet)] = Line(
            producer_id=row.producer_id,
            outlet=row.outlet,
            quantity=int(row.quantity),
            gross=gross,
            commission_bp=rate,
            commission=percent_of(gross, rate),
            paid=paid.get((row.producer_id, row.outlet), 0),
            estimated=int(row.estimated),
        )
    # A payout of the period with no sales in it (a late refund period, say) still shows.
    for (owner, outlet), amount in paid.items():
        if (owner, outlet) not in result:
            rate = rates.get(owner, 0)
            result[(owner, outlet)] = Line(owner, outlet, 0, 0, rate, 0, amount, 0)
    name = {pid: row.name for pid, row in producers(connection).items()}
    return sorted(
        result.values(),
        key=lambda line: (name.get(line.producer_id, line.producer_id).casefold(), line.outlet),
    )


def register_rows(
    connection: Connection, params: ReportParams, *, producer_id: str | None = None
) -> list[Payout]:
    """Payouts dated in the period (of one producer), oldest first."""
    query = text(_REGISTER.format(outlet=outlet_filter(params, "y.outlet")))
    found = [
        Payout(
            paid_on=row.paid_on,
            outlet=row.outlet,
            producer_id=row.producer_id,
            number=row.number,
            period_start=row.period_start,
            period_end=row.period_end,
            method=row.method,
            reference=row.reference,
            amount=int(row.amount),
        )
        for row in connection.execute(query, binds(params))
    ]
    return [p for p in found if producer_id is None or p.producer_id == producer_id]


def _sum(values: Sequence[Line], attribute: str) -> int:
    return sum(int(getattr(line, attribute)) for line in values)


@register("payouts", "reports.payouts.title")
def build(engine: Engine, params: ReportParams) -> Report:
    """The consignment payouts report (see the module docstring)."""

    def m(key: str, **values: object) -> str:
        return label(params, f"payouts.{key}", **values)

    with engine.connect() as connection:
        check_outlet(connection, params)
        found = lines(connection, params)
        register = register_rows(connection, params)
        known = producers(connection)

    def producer_name(producer_id: str | None) -> str:
        if producer_id is None:
            return "-"
        row = known.get(producer_id)
        return producer_id if row is None else str(row.name)

    money = ("gross", "commission", "payable", "paid", "unpaid")
    per_outlet = Table(
        title=m("per_outlet"),
        columns=[
            Column("producer", m("producer")),
            Column("outlet", m("outlet")),
            Column("quantity", m("quantity"), Kind.QUANTITY),
            Column("gross", m("gross"), Kind.MONEY),
            Column("commission_rate", m("commission_rate"), Kind.PERCENT),
            Column("commission", m("commission"), Kind.MONEY),
            Column("payable", m("payable"), Kind.MONEY),
            Column("paid", m("paid"), Kind.MONEY),
            Column("unpaid", m("unpaid"), Kind.MONEY),
        ],
        rows=[
            [
                producer_name(x.producer_id),
                x.outlet,
                x.quantity,
                x.gross,
                x.commission_bp,
                x.commission,
                x.payable,
                x.paid,
                x.unpaid,
            ]
            for x in found
        ],
        totals=[
            m("total"),
            None,
            _sum(found, "quantity"),
            _sum(found, "gross"),
            None,
            *(_sum(found, k) for k in money[1:]),
        ]
        if found
        else None,
        note=m("estimated_note", count=_sum(found, "estimated"))
        if _sum(found, "estimated")
        else None,
    )

    by_producer: dict[str, list[Line]] = {}
    for line in found:
        by_producer.setdefault(line.producer_id, []).append(line)
    producer_rows = []
    for producer_id, group in by_producer.items():
        row = known.get(producer_id)
        producer_rows.append(
            [
                producer_name(producer_id),
                program_label(params, row.program if row else None),
                (row.kabupaten if row else None) or "-",
                len(group),
                _sum(group, "quantity"),
                *(_sum(group, k) for k in money),
            ]
        )
    per_producer = Table(
        title=m("per_producer"),
        columns=[
            Column("producer", m("producer")),
            Column("program", m("program")),
            Column("kabupaten", m("kabupaten")),
            Column("outlets", m("outlets"), Kind.INT),
            Column("quantity", m("quantity"), Kind.QUANTITY),
            *(Column(k, m(k), Kind.MONEY) for k in money),
        ],
        rows=producer_rows,
        totals=[
            m("total"),
            None,
            None,
            None,
            _sum(found, "quantity"),
            *(_sum(found, k) for k in money),
        ]
        if found
        else None,
    )
    payouts = Table(
        title=m("register"),
        columns=[
            Column("paid_on", m("paid_on"), Kind.DATE),
            Column("outlet", m("outlet")),
            Column("producer", m("producer")),
            Column("settlement", m("settlement")),
            Column("period_start", m("period_start"), Kind.DATE),
            Column("period_end", m("period_end"), Kind.DATE),
            Column("method", m("method")),
            Column("reference", m("reference")),
            Column("amount", m("amount"), Kind.MONEY),
        ],
        rows=[
            [
                p.paid_on,
                p.outlet,
                producer_name(p.producer_id),
                p.number,
                p.period_start,
                p.period_end,
                label(params, f"method.{p.method}"),
                p.reference,
                p.amount,
            ]
            for p in register
        ],
        totals=[
            m("total"),
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            sum(p.amount for p in register),
        ]
        if register
        else None,
    )
    facts = [
        (m("producers"), str(len(by_producer))),
        (m("payable"), format_rupiah(_sum(found, "payable"))),
        (m("paid"), format_rupiah(_sum(found, "paid"))),
        (m("unpaid"), format_rupiah(_sum(found, "unpaid"))),
    ]
    return Report(
        name="payouts",
        title=label(params, "payouts.title"),
        params=params,
        facts=facts,
        tables=[per_producer, per_outlet, payouts],
    )
