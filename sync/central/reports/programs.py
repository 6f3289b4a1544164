"""``programs``: the province's program report (OVOP, OSOP, OCOP).

Net sales are the goods amounts of completed sale lines (``central_sale_line.total``: after line
and sale discounts) minus refunded lines (``central_refund_line.amount``), by the outlets'
business days in the period; quantities are base units (pieces, grams, millilitres). A line's
program, origin kabupaten and producer come from the master catalog: the product's producer.
One SQL aggregate sums the period per day and product (at most days x products rows);
the groupings by program, kabupaten, producer, day and product are summed from those rows.

Newly listed products are master products whose first appearance at the centre
(``central_product.created_at``, WITA) falls in the period, counted per producer kabupaten and
calendar month against the province's target of :data:`LISTING_TARGET` a month.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, text

from inventory.clock import to_wita
from inventory.money import format_rupiah
from sync.central.reports.base import (
    Chart,
    Column,
    Kind,
    Report,
    ReportParams,
    Table,
    register,
)
from sync.central.reports.common import (
    PROGRAMS,
    binds,
    check_outlet,
    label,
    outlet_filter,
    program_label,
    share_bp,
)

LISTING_TARGET = 2
TOP = 10

_LINES = """
WITH lines AS (
    SELECT s.business_day AS day, l.product_id, l.quantity, l.total AS amount
    FROM central_sale_line l JOIN central_sale s ON s.id = l.sale_id
    WHERE s.status = 'completed' AND s.business_day >= :date_from
      AND s.business_day <= :date_to{sale_outlet}
    UNION ALL
    SELECT r.business_day, rl.product_id, -rl.quantity, -rl.amount
    FROM central_refund_line rl JOIN central_refund r ON r.id = rl.refund_id
    WHERE r.business_day >= :date_from AND r.business_day <= :date_to{refund_outlet}
), sums AS (
    -- Per product for every grouping by product, producer, program and kabupaten; per day
    -- for the day table and chart: one pass over the lines, a few thousand rows out.
    SELECT day, product_id, SUM(quantity) AS quantity, SUM(amount) AS amount
    FROM lines GROUP BY GROUPING SETS ((day), (product_id))
)
SELECT x.day, x.product_id, x.quantity, x.amount, p.sku, p.name AS product_name,
       pr.id AS producer_id, pr.name AS producer_name, pr.program, pr.kabupaten
FROM sums x
LEFT JOIN central_product p ON p.id = x.product_id
LEFT JOIN central_producer pr ON pr.id = p.producer_id
"""


@dataclass
class Group:
    """Net sales of one group of lines: its key fields, quantity, amount and producers."""

    quantity: int = 0
    amount: int = 0
    producer_ids: set[str] = field(default_factory=set)
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def producers(self) -> int:
        return len(self.producer_ids)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["fields"][name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass
class Sums:
    """The period's net sales per day and product (one SQL aggregate), with each product's
    master details; every grouping of the report is summed from these few rows."""

    rows: list[dict[str, Any]]
    """Per product."""
    days: list[dict[str, Any]]
    """Per business day (quantity and amount only)."""

    @classmethod
    def of(cls, connection: Connection, params: ReportParams) -> Sums:
        query = _LINES.format(
            sale_outlet=outlet_filter(params, "s.outlet"),
            refund_outlet=outlet_filter(params, "r.outlet"),
        )
        rows = []
        days = []
        for row in connection.execute(text(query), binds(params)):
            if row.product_id is None:
                days.append(
                    {
                        "day": row.day,
                        "id": None,
                        "quantity": int(row.quantity),
                        "amount": int(row.amount),
                    }
                )
                continue
            rows.append(
                {
                    "day": row.day,
                    "product_id": row.product_id,
                    "sku": row.sku,
                    "name": row.product_name,
                    "producer": row.producer_name,
                    "id": row.producer_id,
                    "program": row.program or "none",
                    "kabupaten": row.kabupaten or "",
                    "quantity": int(row.quantity),
                    "amount": int(row.amount),
                }
            )
        return cls(rows, days)

    def by(self, *keys: str) -> list[Group]:
        """Groups by ``keys`` (``name`` is the producer's name when grouping by producer)."""
        groups: dict[tuple[Any, ...], Group] = {}
        for row in self.days if keys == ("day",) else self.rows:
            values = {k: row["producer" if k == "name" and "id" in keys else k] for k in keys}
            key = tuple(values.values())
            group = groups.get(key)
            if group is None:
                group = groups[key] = Group(fields=values)
            group.quantity += row["quantity"]
            group.amount += row["amount"]
            if row["id"] is not None:
                group.producer_ids.add(row["id"])
        return list(groups.values())


def months(first: date, last: date) -> list[str]:
    """``YYYY-MM`` of every calendar month touching ``first``..``last``."""
    result: list[str] = []
    current = first.replace(day=1)
    while current <= last:
        result.append(current.strftime("%Y-%m"))
        current = (current + timedelta(days=32)).replace(day=1)
    return result


def new_listings(connection: Connection, params: ReportParams) -> Counter[tuple[str, str]]:
    """(kabupaten, ``YYYY-MM``) -> master products first seen at the centre in that month."""
    values = binds(params)
    rows = connection.execute(
        text(
            "SELECT COALESCE(pr.kabupaten, '') AS kabupaten, "
            "COALESCE(p.created_at, p.updated_at) AS created_at "
            "FROM central_product p LEFT JOIN central_producer pr ON pr.id = p.producer_id "
            "WHERE COALESCE(p.created_at, p.updated_at) >= :start "
            "AND COALESCE(p.created_at, p.updated_at) < :end"
        ),
        values,
    )
    counted: Counter[tuple[str, str]] = Counter()
    for row in rows:
        # Few rows (products listed in the period); the month is taken in WITA.
        counted[(row.kabupaten, to_wita(_aware(row.created_at)).strftime("%Y-%m"))] += 1
    return counted


def _aware(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


@register("programs", "reports.programs.title")
def build(engine: Engine, params: ReportParams) -> Report:
    """The program report (see the module docstring)."""

    def m(key: str, **values: object) -> str:
        return label(params, f"programs.{key}", **values)

    with engine.connect() as connection:
        check_outlet(connection, params)
        sums = Sums.of(connection, params)
        by_program = {row.program: row for row in sums.by("program")}
        by_kabupaten = sorted(sums.by("kabupaten"), key=lambda r: (-r.amount, r.kabupaten))
        by_producer = sorted(
            sums.by("id", "name", "program", "kabupaten"),
            key=lambda r: (-r.amount, r.name is None, r.name or ""),
        )
        by_day = {row.day: row for row in sums.by("day")}
        products = sums.by("product_id", "sku", "name", "producer")
        top_amount = sorted(
            products, key=lambda r: (-r.amount, -r.quantity, r.sku is None, r.sku or "")
        )[:TOP]
        top_quantity = sorted(
            products, key=lambda r: (-r.quantity, -r.amount, r.sku is None, r.sku or "")
        )[:TOP]
        listings = new_listings(connection, params)
        kabupatens = sorted(
            {
                k or ""
                for (k,) in connection.execute(
                    text("SELECT DISTINCT kabupaten FROM central_producer")
                )
                if k
            }
            | {k for k, _ in listings}
        )

    total = sum(int(row.amount) for row in by_program.values())
    total_quantity = sum(int(row.quantity) for row in by_program.values())
    program_order = [p for p in PROGRAMS if p in by_program] + sorted(
        p for p in by_program if p not in PROGRAMS
    )
    program_table = Table(
        title=m("by_program"),
        columns=[
            Column("program", m("program")),
            Column("quantity", m("quantity"), Kind.QUANTITY),
            Column("net_sales", m("net_sales"), Kind.MONEY),
            Column("share", m("share"), Kind.PERCENT),
        ],
        rows=[
            [
                program_label(params, p),
                int(by_program[p].quantity),
                int(by_program[p].amount),
                share_bp(int(by_program[p].amount), total),
            ]
            for p in program_order
        ],
        totals=[m("total"), total_quantity, total, 10_000 if total > 0 else 0]
        if by_program
        else None,
    )
    unknown = m("unknown_origin")
    kabupaten_table = Table(
        title=m("by_kabupaten"),
        columns=[
            Column("kabupaten", m("kabupaten")),
            Column("producers", m("producers"), Kind.INT),
            Column("quantity", m("quantity"), Kind.QUANTITY),
            Column("net_sales", m("net_sales"), Kind.MONEY),
            Column("share", m("share"), Kind.PERCENT),
        ],
        rows=[
            [
                row.kabupaten or unknown,
                int(row.producers),
                int(row.quantity),
                int(row.amount),
                share_bp(int(row.amount), total),
            ]
            for row in by_kabupaten
        ],
        totals=[m("total"), None, total_quantity, total, 10_000 if total > 0 else 0]
        if by_kabupaten
        else None,
    )
    producer_table = Table(
        title=m("by_producer"),
        columns=[
            Column("producer", m("producer")),
            Column("program", m("program")),
            Column("kabupaten", m("kabupaten")),
            Column("quantity", m("quantity"), Kind.QUANTITY),
            Column("net_sales", m("net_sales"), Kind.MONEY),
            Column("share", m("share"), Kind.PERCENT),
        ],
        rows=[
            [
                row.name or m("no_producer"),
                program_label(params, row.program) if row.id else "-",
                row.kabupaten or "-",
                int(row.quantity),
                int(row.amount),
                share_bp(int(row.amount), total),
            ]
            for row in by_producer
        ],
        totals=[m("total"), None, None, total_quantity, total, 10_000 if total > 0 else 0]
        if by_producer
        else None,
    )
    # With neither sales nor new products the period has no data: no rows of zeros.
    period_months = months(params.date_from, params.date_to) if by_program or listings else []
    listing_rows = [
        [
            kabupaten or unknown,
            month,
            listings.get((kabupaten, month), 0),
            LISTING_TARGET,
            listings.get((kabupaten, month), 0) >= LISTING_TARGET,
        ]
        for kabupaten in kabupatens
        for month in period_months
    ]
    listing_table = Table(
        title=m("new_listings"),
        columns=[
            Column("kabupaten", m("kabupaten")),
            Column("month", m("month")),
            Column("new_products", m("new_products"), Kind.INT),
            Column("target", m("target"), Kind.INT),
            Column("met", m("met"), Kind.BOOL),
        ],
        rows=listing_rows,
        note=m("listing_note", target=LISTING_TARGET),
    )

    def top_table(title: str, rows: list[Any]) -> Table:
        return Table(
            title=title,
            columns=[
                Column("rank", m("rank"), Kind.INT),
                Column("sku", m("sku")),
                Column("product", m("product")),
                Column("producer", m("producer")),
                Column("quantity", m("quantity"), Kind.QUANTITY),
                Column("net_sales", m("net_sales"), Kind.MONEY),
            ],
            rows=[
                [
                    n,
                    row.sku or row.product_id,
                    row.name or row.product_id,
                    row.producer or "-",
                    int(row.quantity),
                    int(row.amount),
                ]
                for n, row in enumerate(rows, start=1)
            ],
        )

    days = [
        params.date_from + timedelta(days=n)
        for n in range((params.date_to - params.date_from).days + 1)
    ]
    day_table = Table(
        title=m("by_day"),
        columns=[
            Column("day", m("day"), Kind.DATE),
            Column("quantity", m("quantity"), Kind.QUANTITY),
            Column("net_sales", m("net_sales"), Kind.MONEY),
        ],
        rows=[[d, int(by_day[d].quantity), int(by_day[d].amount)] for d in days if d in by_day],
        totals=[m("total"), total_quantity, total] if by_day else None,
    )
    charts = [
        Chart(
            kind="bar",
            title=m("chart_program"),
            labels=[program_label(params, p) for p in program_order],
            series={m("net_sales"): [int(by_program[p].amount) for p in program_order]},
            value_kind=Kind.MONEY,
        ),
        Chart(
            kind="line",
            title=m("chart_day"),
            labels=[d.strftime("%d/%m") for d in days],
            series={m("net_sales"): [int(by_day[d].amount) if d in by_day else 0 for d in days]},
            value_kind=Kind.MONEY,
        ),
    ]
    met = sum(1 for row in listing_rows if row[-1])
    facts = [
        (m("net_sales"), format_rupiah(total)),
        (m("producers_selling"), str(sum(1 for row in by_producer if row.id))),
        (m("listing_months_met"), f"{met} / {len(listing_rows)}"),
    ]
    return Report(
        name="programs",
        title=m("title"),
        params=params,
        facts=facts,
        tables=[
            program_table,
            kabupaten_table,
            producer_table,
            listing_table,
            top_table(m("top_amount"), top_amount),
            top_table(m("top_quantity"), top_quantity),
            day_table,
        ],
        charts=charts,
    )
