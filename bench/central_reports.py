"""Regional report figures on a month of the province (about 200,000 sales), on real PostgreSQL.

For every report in the registry: the time to build it for the whole month (median of a few
runs, all outlets) against the plain SQL aggregate it needs, timed in the same run on the same
database (the ratio says what the report's own work costs on top of the query it cannot avoid).
When the web console is present, each report page is fetched as an admin through the real app
and timed the same way. Each figure is compared with the stated limit.

Run: ``python -m bench.central_reports [--sales-per-day N] [--runs N]`` (PostgreSQL at
127.0.0.1:5432, or ``NTTMART_BENCH_PG``; the bench makes and drops its own database).
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import time
from collections.abc import Callable
from datetime import date

import psycopg
from sqlalchemy import Engine

from bench.central_month import build_month
from bench.common import verdict
from sync.central import migrate
from sync.central.db import make_engine
from sync.central.reports.base import REGISTRY, ReportParams

QUICK = {"sales_per_day": 20, "runs": 1}
ADMIN_DSN = os.environ.get("NTTMART_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
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


def _median(call: Callable[[], object], runs: int) -> float:
    call()  # warm the caches the same way for both sides
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _load_reports() -> None:
    try:
        importlib.import_module("sync.central.reports.catalog_of_reports")
    except ModuleNotFoundError:
        print("(no reports registered yet)")


def _report_figures(
    engine: Engine, dsn: str, first: date, last: date, runs: int
) -> list[tuple[str, float, float]]:
    figures = []
    bounds = {"from": first, "to": last}
    with psycopg.connect(dsn) as plain:
        for name, spec in sorted(REGISTRY.items()):
            params = ReportParams(date_from=first, date_to=last)
            sql = BASELINES.get(name, DEFAULT_BASELINE)

            def baseline(sql: str = sql) -> None:
                plain.execute(sql, bounds).fetchall()

            def build(spec: object = spec, params: ReportParams = params) -> None:
                spec.build(engine, params)  # type: ignore[attr-defined]

            base_s = _median(baseline, runs)
            ours_s = _median(build, runs)
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
    pages: list[tuple[str, float, float]] = web.page_figures(
        engine, dsn, first, last, runs, BASELINES, DEFAULT_BASELINE
    )
    return pages


def run(sales_per_day: int = 300, runs: int = 3) -> None:
    """Build the month, then print each report's (and page's) time against its baseline."""
    name = f"nttmart_bench_reports_{os.getpid()}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    dsn = ADMIN_DSN.rsplit("/", 1)[0] + f"/{name}"
    engine = make_engine(dsn.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        migrate.upgrade(engine)
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
    finally:
        engine.dispose()
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    """Command-line entry: ``python -m bench.central_reports``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sales-per-day", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    run(args.sales_per_day, args.runs)


if __name__ == "__main__":
    main()
