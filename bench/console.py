"""The web console over a month of the province: ``python -m bench.console [--quick]``.

Builds the month of :mod:`bench.reports` (that of :mod:`bench.central_month`, with settlements
and transfers in transit) in a fresh PostgreSQL database, starts ``nttmart central serve`` on a
loopback port and logs an admin in (:mod:`bench.central_pages`), then times each page over HTTP
(median of three: session check, report build, HTML) beside the report's own ``build`` in the
same run (the baseline), and the PDF download beside ``build`` + ``to_pdf``.
"""

from __future__ import annotations

import argparse
from functools import partial

import sync.central.reports.catalog_of_reports  # noqa: F401 - fills the registry
from bench.central_month import fresh_central
from bench.central_pages import console
from bench.common import median_time
from bench.reports import report_month
from sync.central.reports.base import REGISTRY, ReportParams
from sync.central.reports.render import to_pdf

QUICK = {"outlets": 4, "per_day": 50, "products": 400}


def run(outlets: int = 22, per_day: int = 300, products: int = 4_000) -> None:
    """Print each page's time beside its report's build time."""
    with fresh_central("nttmart_bench_console") as (engine, dsn):
        month = report_month(dsn, outlets=outlets, per_day=per_day, products=products)
        print(f"== console bench: {month.outlets} outlets, {month.sales:,} sales in the month")
        period = {"from": month.first_day.isoformat(), "to": month.last_day.isoformat()}
        params = ReportParams(month.first_day, month.last_day)
        with console(engine) as pages:
            print(f"login (argon2id + session): {pages.login_s * 1000:,.0f} ms")
            page_s, html = pages.time("/admin/overview")
            print(f"overview page: {page_s * 1000:,.0f} ms ({len(html) / 1024:,.0f} KiB)")
            for report_name in sorted(REGISTRY):
                build_s, report = median_time(partial(REGISTRY[report_name].build, engine, params))
                page_s, html = pages.time(f"/admin/reports/{report_name}", period)
                pdf_s, _ = median_time(partial(to_pdf, report), runs=1)
                get_pdf_s, _ = pages.time(
                    f"/admin/reports/{report_name}.pdf", period, runs=1, warm=False
                )
                print(
                    f"{report_name}: page {page_s * 1000:,.0f} ms ({len(html) / 1024:,.0f} KiB) "
                    f"vs build alone {build_s * 1000:,.0f} ms (ratio {page_s / build_s:.2f}); "
                    f"PDF download {get_pdf_s:.2f} s vs build + to_pdf "
                    f"{build_s + pdf_s:.2f} s"
                )


def main() -> None:
    """Command-line entry: ``python -m bench.console``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="A small smoke run.")
    args = parser.parse_args()
    run(**(QUICK if args.quick else {}))


if __name__ == "__main__":
    main()
