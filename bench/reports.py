"""Central reports and their downloads over a month of the province: ``python -m bench.reports
[--quick]``.

Builds the month of :mod:`bench.central_month` (22 outlets x 300 sales a day: about 198,000
sales and 594,000 lines with their stock movements, refunds, consignment stock received,
transfers in transit, settlements of the first half of the month for 25 producers per outlet
and their payouts) in a fresh PostgreSQL database, then times each report's ``build`` (median
of three) next to the plain SQL aggregate it needs (the baselines of
:mod:`bench.central_reports`, same run), and the PDF, CSV and XLSX rendering.
"""

from __future__ import annotations

import argparse
from functools import partial

import psycopg

import sync.central.reports.catalog_of_reports  # noqa: F401 - fills the registry
from bench.central_month import Month, build_month, fresh_central
from bench.central_reports import time_baseline
from bench.common import median_time
from sync.central.reports.base import REGISTRY, ReportParams
from sync.central.reports.render import to_csv, to_pdf, to_xlsx

QUICK = {"outlets": 4, "per_day": 50, "products": 400}
# Settled producers per outlet and transfers on the road: the payout register and the stock
# report's "in transit" have rows to show.
SETTLED_PRODUCERS = 25
TRANSFERS = 50


def report_month(dsn: str, *, outlets: int, per_day: int, products: int) -> Month:
    """The month the report benches read: sales, settled producers and transfers on the road."""
    return build_month(
        dsn,
        outlets=outlets,
        sales_per_day=per_day,
        products=products,
        settled_producers=SETTLED_PRODUCERS,
        transfers=TRANSFERS,
    )


def run(outlets: int = 22, per_day: int = 300, products: int = 4_000) -> None:
    """Print each report's build and render times beside its plain SQL aggregate."""
    with fresh_central("nttmart_bench_reports") as (engine, dsn):
        month = report_month(dsn, outlets=outlets, per_day=per_day, products=products)
        print(
            f"== reports bench: {month.outlets} outlets x {per_day} sales/day x 30 days = "
            f"{month.sales:,} sales ({month.lines:,} lines), {month.products:,} products of "
            f"{month.producers} producers, {month.settlements:,} settlements paid, "
            f"{month.transfers} transfers in transit; written in {month.seconds:.1f} s"
        )
        params = ReportParams(month.first_day, month.last_day)
        for report_name in sorted(REGISTRY):
            spec = REGISTRY[report_name]
            build_s, report = median_time(partial(spec.build, engine, params))
            with psycopg.connect(dsn) as plain:
                base_s = time_baseline(plain, report_name, month.first_day, month.last_day, 3)
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


def main() -> None:
    """Command-line entry: ``python -m bench.reports``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="A small smoke run.")
    args = parser.parse_args()
    run(**(QUICK if args.quick else {}))


if __name__ == "__main__":
    main()
