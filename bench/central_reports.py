"""Regional report figures on a month of the province (about 200,000 sales), on real PostgreSQL.

For every report in the registry: the time to build it for the whole month (median of a few
runs, all outlets) against the plain SQL aggregate it needs, timed in the same run on the same
database (the ratio says what the report's own work costs on top of the query it cannot avoid).
When the web console is present, each report page is fetched as an admin from ``nttmart central
serve`` over HTTP (:mod:`bench.central_pages`) and timed the same way. Each figure is compared
with the stated limit.

Run: ``python -m bench.central_reports [--sales-per-day N] [--runs N]`` (PostgreSQL at
127.0.0.1:5432, or ``NTTMART_BENCH_PG``; the bench makes and drops its own database).
"""

from __future__ import annotations

import argparse
import importlib
from datetime import date
from functools import partial
from typing import Any

import psycopg
from sqlalchemy import Engine

from bench.central_month import build_month, fresh_central
from bench.common import median_time, verdict
from sync.central.reports.base import REGISTRY, ReportParams

QUICK = {"sales_per_day": 20, "runs": 1}
# The stated limit for building any report over a month of the province, and for its page.
LIMIT_S = 2.0

# The plain SQL aggregate each report needs (what a hand-written query costs on this data).
BASELINES: dict[str, str] = {
    "payouts": (
        "SELECT l.producer_id, s.outlet, sum(l.quantity), sum(l.total) "
        "FROM central_sale_line l JOIN central_sale s ON s.id = l.sale_id "
        "WHERE s.business_day BETWEEN %(from)s AND %(to)s GROUP BY 1, 2"
    ),
    "stock": (
        "SELECT outlet, product_id, sum(quantity), "
        "sum(CASE WHEN kind = 'sale' AND occurred_at >= %(to)s::date - 30 THEN -quantity END) "
        "FROM central_stock_movement GROUP BY 1, 2"
    ),
    "programs": (
        "SELECT p.program, p.kabupaten, l.producer_id, sum(l.total) "
        "FROM central_sale_line l JOIN central_sale s ON s.id = l.sale_id "
        "JOIN central_producer p ON p.id = l.producer_id "
        "WHERE s.business_day BETWEEN %(from)s AND %(to)s GROUP BY ROLLUP (1, 2, 3)"
    ),
    "reconciliation": (
        "SELECT s.outlet, s.business_day, p.tender, sum(p.amount) "
        "FROM central_payment p JOIN central_sale s ON s.id = p.sale_id "
        "WHERE s.business_day BETWEEN %(from)s AND %(to)s GROUP BY 1, 2, 3"
    ),
    "qris": (
        "SELECT s.outlet, p.reference, p.amount, s.occurred_at "
        "FROM central_payment p JOIN central_sale s ON s.id = p.sale_id "
        "WHERE p.tender = 'qris' AND s.business_day BETWEEN %(from)s AND %(to)s"
    ),
    "campaign": (
        "SELECT s.outlet, count(*), sum(s.total) FROM central_sale s "
        "WHERE s.business_day BETWEEN %(from)s AND %(to)s GROUP BY 1"
    ),
}
DEFAULT_BASELINE = (
    "SELECT s.outlet, s.business_day, count(*), sum(s.total) FROM central_sale s "
    "WHERE s.business_day BETWEEN %(from)s AND %(to)s GROUP BY 1, 2"
)


def time_baseline(
    plain: psycopg.Connection[Any], report: str, first: date, last: date, runs: int
) -> float:
    """Median seconds of ``report``'s plain SQL aggregate over the period (warmed once)."""
    sql = BASELINES.get(report, DEFAULT_BASELINE)
    bounds = {"from": first, "to": last}
    seconds, _ = median_time(lambda: plain.execute(sql, bounds).fetchall(), runs, warm=True)
    return seconds


def _load_reports() -> None:
    try:
        importlib.import_module("sync.central.reports.catalog_of_reports")
    except ModuleNotFoundError:
        print("(no reports registered yet)")


def _report_figures(
    engine: Engine, dsn: str, first: date, last: date, runs: int
) -> list[tuple[str, float, float]]:
    figures = []
    params = ReportParams(date_from=first, date_to=last)
    with psycopg.connect(dsn) as plain:
        for name, spec in sorted(REGISTRY.items()):
            # Both warmed the same way (caches), then the median of ``runs``.
            base_s = time_baseline(plain, name, first, last, runs)
            ours_s, _ = median_time(partial(spec.build, engine, params), runs, warm=True)
            figures.append((name, ours_s, base_s))
    return figures


def _page_figures(
    engine: Engine, dsn: str, first: date, last: date, runs: int
) -> list[tuple[str, float, float]]:
    try:
        web = importlib.import_module("bench.central_pages")
    except ModuleNotFoundError:
        print("(no web console pages to time)")
        return []
    pages: list[tuple[str, float, float]] = web.page_figures(engine, dsn, first, last, runs)
    return pages


def run(sales_per_day: int = 300, runs: int = 3) -> None:
    """Build the month, then print each report's (and page's) time against its baseline."""
    with fresh_central("nttmart_bench_central_reports") as (engine, dsn):
        month = build_month(dsn, sales_per_day=sales_per_day)
        print(
            f"== central reports bench: {month.outlets} outlets, {month.sales:,} sales, "
            f"{month.lines:,} lines, {month.refunds:,} refunds, {month.first_day} to "
            f"{month.last_day} (written with COPY in {month.seconds:.1f} s)"
        )
        _load_reports()
        for kind, figures in (
            ("report", _report_figures(engine, dsn, month.first_day, month.last_day, runs)),
            ("page", _page_figures(engine, dsn, month.first_day, month.last_day, runs)),
        ):
            for report, ours_s, base_s in figures:
                print(
                    f"{kind} {report}: {ours_s * 1000:,.0f} ms against its plain SQL aggregate "
                    f"{base_s * 1000:,.0f} ms (x{ours_s / base_s:.1f}); limit {LIMIT_S:.1f} s: "
                    f"{verdict(ours_s <= LIMIT_S)}"
                )


def main() -> None:
    """Command-line entry: ``python -m bench.central_reports``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sales-per-day", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    run(args.sales_per_day, args.runs)


if __name__ == "__main__":
    main()
