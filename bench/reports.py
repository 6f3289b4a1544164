"""Central reports over a month of the province: ``python -m bench.reports [--quick]``.

Fills a fresh PostgreSQL database, with SQL ``generate_series``, with a month of 22 outlets x
300 sales a day of two lines (198,000 sales, 396,000 lines and their stock movements, 1% of
the sales refunded, consignment stock received, transfers in transit, a settlement and payout
per producer and outlet), then times each report's ``build`` (median of three) next to the plain
SQL aggregate it needs (the baseline, same run), and the PDF, CSV and XLSX rendering.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

import psycopg
from sqlalchemy import Connection, Engine, TextClause, text

import sync.central.reports.catalog_of_reports  # noqa: F401 - fills the registry
from sync.central import migrate
from sync.central.db import make_engine
from sync.central.reports.base import REGISTRY, ReportParams
from sync.central.reports.common import binds
from sync.central.reports.render import to_csv, to_pdf, to_xlsx

ADMIN_DSN = os.environ.get("NTTMART_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
QUICK = {"outlets": 4, "per_day": 50, "products": 100}

_FILL = """
INSERT INTO central_outlet (code, name, kabupaten, token_hash, export_key, created_at,
                            token_rotated_at)
SELECT 'O' || lpad(o::text, 2, '0'), 'NTT Mart ' || o, 'Kabupaten ' || ((o - 1) % 11 + 1),
       md5('t' || o) || md5('u' || o), md5('k' || o) || md5('l' || o), now(), now()
FROM generate_series(1, :outlets) o;

INSERT INTO central_producer (id, name, kind, program, kabupaten, commission_bp, version,
                              catalog_version, updated_at)
SELECT 'P' || p, 'Produsen ' || p, 'umkm', (ARRAY['ovop', 'osop', 'ocop', 'none'])[p % 4 + 1],
       'Kabupaten ' || (p % 11 + 1), 1000 + (p % 3) * 500, 1, p, now()
FROM generate_series(1, 25) p;

INSERT INTO central_product (id, sku, name, unit, price, producer_id, min_stock, active, version,
                             catalog_version, updated_at, created_at)
SELECT 'X' || n, 'SKU-' || lpad(n::text, 4, '0'), 'Produk ' || n, 'pcs',
       10000 + (n % 20) * 5000, 'P' || (n % 25 + 1), 0, true, 1, 100 + n, now(),
       timestamptz '2026-11-01 00:00+08' + (n % 45) * interval '1 day'
FROM generate_series(1, :products) n;

INSERT INTO central_stock_movement (id, outlet, seq, product_id, kind, quantity, actor,
                                    occurred_at)
SELECT 'C' || o || '-' || n, 'O' || lpad(o::text, 2, '0'), 0, 'X' || n, 'consign_in',
       30 * :per_day / 10 + (n * o) % 50, 'bench', timestamptz '2026-10-31 09:00+08'
FROM generate_series(1, :outlets) o, generate_series(1, :products) n;

CREATE TEMPORARY TABLE bench_line AS
SELECT s, o, k / :per_day AS day, line,
       (s * 7 + line * 13 + (s / 1000) * 3) % :products + 1 AS product,
       1 + (s + line) % 3 AS quantity
FROM (SELECT s, s % :outlets + 1 AS o, s / :outlets AS k FROM generate_series(0, :sales - 1) s) x,
     generate_series(1, 2) line;

INSERT INTO central_sale (id, outlet, seq, receipt_no, cashier, business_day, occurred_at,
                          subtotal, total, status, gross, goods_total)
SELECT 'S' || s, 'O' || lpad(o::text, 2, '0'), s, 'R' || s, 'kasir', date '2026-11-01' + day,
       timestamptz '2026-11-01 08:00+08' + day * interval '1 day' + (s % 600) * interval '1 min',
       0, 0, 'completed', 0, 0
FROM bench_line WHERE line = 1;

INSERT INTO central_sale_line (sale_id, line_no, product_id, sku, name, unit, quantity,
                               unit_price, total, list_price, gross)
SELECT 'S' || s, line, 'X' || product, 'SKU-' || lpad(product::text, 4, '0'), 'Produk ' || product,
       'pcs', quantity, 10000 + (product % 20) * 5000,
       quantity * (10000 + (product % 20) * 5000), 10000 + (product % 20) * 5000,
       quantity * (10000 + (product % 20) * 5000)
FROM bench_line;

UPDATE central_sale s SET total = t.total, subtotal = t.total, gross = t.total,
       goods_total = t.total
FROM (SELECT sale_id, sum(total) AS total FROM central_sale_line GROUP BY sale_id) t
WHERE t.sale_id = s.id;

INSERT INTO central_stock_movement (id, outlet, seq, product_id, kind, quantity, actor,
                                    occurred_at, amount)
SELECT 'M' || s || '-' || line, 'O' || lpad(o::text, 2, '0'), s, 'X' || product, 'sale',
       -quantity, 'kasir',
       timestamptz '2026-11-01 08:00+08' + day * interval '1 day' + (s % 600) * interval '1 min',
       quantity * (10000 + (product % 20) * 5000)
FROM bench_line;

INSERT INTO central_refund (id, outlet, seq, sale_id, occurred_at, business_day, total, actor)
SELECT 'F' || s, 'O' || lpad(o::text, 2, '0'), s, 'S' || s,
       timestamptz '2026-11-01 20:00+08' + day * interval '1 day', date '2026-11-01' + day,
       quantity * (10000 + (product % 20) * 5000), 'kasir'
FROM bench_line WHERE line = 1 AND s % 100 = 0;

INSERT INTO central_refund_line (refund_id, line_no, product_id, quantity, amount)
SELECT 'F' || s, 1, 'X' || product, quantity, quantity * (10000 + (product % 20) * 5000)
FROM bench_line WHERE line = 1 AND s % 100 = 0;

INSERT INTO central_stock_movement (id, outlet, seq, product_id, kind, quantity, actor,
                                    occurred_at, amount)
SELECT 'N' || s, 'O' || lpad(o::text, 2, '0'), s, 'X' || product, 'refund', quantity, 'kasir',
       timestamptz '2026-11-01 20:00+08' + day * interval '1 day',
       quantity * (10000 + (product % 20) * 5000)
FROM bench_line WHERE line = 1 AND s % 100 = 0;

INSERT INTO central_transfer (id, number, from_outlet, to_outlet, status, sent_outlet, sent_seq,
                              sent_at)
SELECT 'T' || t, 'TRF-' || t, 'O01', 'O' || lpad((t % :outlets + 1)::text, 2, '0'),
       'in_transit', 'O01', 0, timestamptz '2026-11-28 09:00+08'
FROM generate_series(1, 50) t;

INSERT INTO central_transfer_line (transfer_id, line_no, product_id, sent)
SELECT 'T' || t, 1, 'X' || (t % :products + 1), 5 FROM generate_series(1, 50) t;

INSERT INTO central_settlement (id, outlet, seq, number, producer_id, period_start, period_end,
                                commission_bp, quantity, gross, commission, payable, actor,
                                settled_at)
SELECT 'ST' || o || '-' || p, 'O' || lpad(o::text, 2, '0'), 0, 'STL-' || o || '-' || p, 'P' || p,
       date '2026-11-01', date '2026-11-15', 1500, 0, 1000000, 150000, 850000, 'admin', now()
FROM generate_series(1, :outlets) o, generate_series(1, 25) p;

INSERT INTO central_payout (outlet, seq, settlement_id, number, amount, paid_on, method, actor,
                            at)
SELECT 'O' || lpad(o::text, 2, '0'), p, 'ST' || o || '-' || p, 'STL-' || o || '-' || p, 850000,
       date '2026-11-20', 'transfer', 'admin', now()
FROM generate_series(1, :outlets) o, generate_series(1, 25) p;
"""

# The plain aggregate each report needs at least, over the same rows.
BASELINES = {
    "payouts": "SELECT p.producer_id, m.outlet, sum(m.quantity), sum(m.amount) "
    "FROM central_stock_movement m JOIN central_product p ON p.id = m.product_id "
    "WHERE m.kind IN ('sale', 'refund') AND m.occurred_at >= :start AND m.occurred_at < :end "
    "GROUP BY 1, 2",
    "stock": "SELECT outlet, product_id, sum(quantity) FROM central_stock_movement "
    "WHERE occurred_at < :end GROUP BY 1, 2",
    "programs": "SELECT p.producer_id, sum(l.quantity), sum(l.total) FROM central_sale_line l "
    "JOIN central_sale s ON s.id = l.sale_id JOIN central_product p ON p.id = l.product_id "
    "WHERE s.business_day BETWEEN :date_from AND :date_to GROUP BY 1",
}


def fill(engine: Engine, outlets: int, per_day: int, products: int) -> int:
    """Write the month; returns the number of sales."""
    sales = outlets * per_day * 30
    values = {"outlets": outlets, "per_day": per_day, "products": products, "sales": sales}
    with engine.begin() as connection:
        for statement in _FILL.split(";\n"):
            if statement.strip():
                connection.execute(text(statement), values)
        connection.execute(text("ANALYZE"))
    return sales


def _fetch(connection: Connection, query: TextClause, values: dict[str, Any]) -> list[Any]:
    return list(connection.execute(query, values).all())


def median_time(call: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    """Median wall time of ``runs`` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def run(outlets: int = 22, per_day: int = 300, products: int = 400) -> None:
    """Print each report's build and render times beside its plain SQL aggregate."""
    name = f"nttmart_bench_reports_{os.getpid()}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    base = ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    engine = make_engine(f"{base}/{name}")
    try:
        migrate.upgrade(engine)
        started = time.perf_counter()
        sales = fill(engine, outlets, per_day, products)
        print(
            f"== reports bench: {outlets} outlets x {per_day} sales/day x 30 days = {sales:,} "
            f"sales ({2 * sales:,} lines), {products} products; filled in "
            f"{time.perf_counter() - started:.1f} s"
        )
        params = ReportParams(date(2026, 11, 1), date(2026, 11, 30))
        for report_name in sorted(REGISTRY):
            spec = REGISTRY[report_name]
            build_s, report = median_time(partial(spec.build, engine, params))
            with engine.connect() as connection:
                query = text(BASELINES[report_name])
                base_s, _ = median_time(partial(_fetch, connection, query, binds(params)))
            rows = sum(len(t.rows) for t in report.tables)
            pdf_s, pdf = median_time(partial(to_pdf, report), runs=1)
            csv_s, _ = median_time(partial(to_csv, report), runs=1)
            xlsx_s, _ = median_time(partial(to_xlsx, report), runs=1)
            print(
                f"{report_name}: build {build_s * 1000:,.0f} ms ({rows:,} rows) vs plain "
                f"aggregate {base_s * 1000:,.0f} ms (ratio {build_s / base_s:.1f}); "
                f"PDF {pdf_s:.2f} s ({len(pdf) / 1024:,.0f} KiB), CSV {csv_s:.2f} s, "
                f"XLSX {xlsx_s:.2f} s"
            )
    finally:
        engine.dispose()
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    """Command-line entry: ``python -m bench.reports``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="A small smoke run.")
    args = parser.parse_args()
    run(**(QUICK if args.quick else {}))


if __name__ == "__main__":
    main()
