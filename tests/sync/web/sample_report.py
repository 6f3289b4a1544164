"""A small report registered for the console tests only: completed sales per outlet in the period.

It exercises every part of the report shape the console renders (facts, a chart, money, int,
percent, datetime and text cells, a totals row) and honours ``params.outlet`` like every report.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, func, select

from sync.central import tables
from sync.central.reports.base import (
    Chart,
    Column,
    Kind,
    Report,
    ReportParams,
    ReportSpec,
    Table,
)

NAME = "web_sample"


def build(engine: Engine, params: ReportParams) -> Report:
    sale = tables.sale
    query = (
        select(
            sale.c.outlet,
            func.count(),
            func.sum(sale.c.total),
            func.max(sale.c.occurred_at),
        )
        .where(
            sale.c.status == "completed",
            sale.c.business_day >= params.date_from,
            sale.c.business_day <= params.date_to,
        )
        .group_by(sale.c.outlet)
        .order_by(sale.c.outlet)
    )
    if params.outlet:
        query = query.where(sale.c.outlet == params.outlet)
    with engine.connect() as connection:
        found = [(o, int(n), int(t), last) for o, n, t, last in connection.execute(query)]
    grand = sum(t for _, _, t, _ in found)
    rows: list[tuple[str, int, int, int, datetime]] = [
        (o, n, t, (t * 10_000 // grand) if grand else 0, last) for o, n, t, last in found
    ]
    columns = [
        Column("outlet", "Gerai" if params.lang == "id" else "Outlet"),
        Column("sales", "Penjualan" if params.lang == "id" else "Sales", Kind.INT),
        Column("total", "Total", Kind.MONEY),
        Column("share", "Porsi" if params.lang == "id" else "Share", Kind.PERCENT),
        Column("last", "Terakhir" if params.lang == "id" else "Last sale", Kind.DATETIME),
    ]
    totals = ["", sum(n for _, n, _, _ in found), grand, 10_000 if grand else 0, None]
    return Report(
        name=NAME,
        title="Contoh penjualan",
        params=params,
        facts=[("Gerai", str(len(rows)))],
        tables=[Table("Penjualan per gerai", columns, rows, totals=totals)],
        charts=[
            Chart(
                "bar",
                "Total per gerai",
                [r[0] for r in rows],
                {"Total": [r[2] for r in rows]},
                Kind.MONEY,
            )
        ],
    )


# Registered only while a console test runs (tests/sync/web/conftest.py), so other tests see the
# registry as the product has it.
SPEC = ReportSpec(NAME, "web.nav.overview", build)
