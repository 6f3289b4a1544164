"""Reconciliation and QRIS matching on a month of a province: ``python -m bench recon``.

Builds the month of :mod:`bench.central_month` (22 outlets x 30 days x 300 sales: 198,000
sales, one payment each, a fifth of them QRIS; two closed shifts per outlet and day with their Z
summaries per tender; one raw journal row per sale) in a fresh PostgreSQL database, and writes a
provider settlement file holding 90% of the QRIS payments (paid up to two minutes after the
sale). Then measures, in the same run:

- the ``reconciliation`` report for the month against the plain SQL aggregate it needs (sales and
  payments per shift, grouped);
- importing the settlement CSV and matching it (``match_payments``), and the ``qris`` report.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, text

from bench.central_month import build_month, fresh_central
from sync.central.qris import SettlementFormat, import_settlement, match_payments
from sync.central.reports import catalog_of_reports  # noqa: F401 - fills the registry
from sync.central.reports.base import REGISTRY, ReportParams

QUICK = {"outlets": 3, "days": 5, "sales": 60}


def _settlement_file(engine: Engine, folder: Path) -> Path:
    """The provider's CSV: 90% of the QRIS payments, each paid 0-2 minutes after its sale."""
    rng = random.Random(20261123)
    lines = ["reference,amount,paid_at"]
    with engine.connect() as connection:
        payments = connection.execute(
            text(
                "SELECT p.reference, p.amount, s.occurred_at FROM central_payment p "
                "JOIN central_sale s ON s.id = p.sale_id WHERE p.tender = 'qris' "
                "ORDER BY s.outlet, s.seq"
            )
        )
        for reference, amount, occurred_at in payments:
            if rng.random() < 0.9:
                paid = occurred_at + timedelta(seconds=rng.randrange(0, 120))
                lines.append(f"{reference},{amount},{paid.astimezone(UTC):%Y-%m-%d %H:%M:%S}")
    path = folder / "settlement.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _baseline(engine: Engine, first: date, last: date) -> float:
    """The plain aggregate the reconciliation needs: sales and payments per shift and tender."""
    started = time.perf_counter()
    with engine.connect() as connection:
        connection.execute(
            text(
                "SELECT s.shift_id, p.tender, count(*), sum(p.amount) FROM central_payment p "
                "JOIN central_sale s ON s.id = p.sale_id "
                "WHERE s.business_day BETWEEN :a AND :b GROUP BY s.shift_id, p.tender"
            ),
            {"a": first, "b": last},
        ).all()
    return time.perf_counter() - started


def run(outlets: int = 22, days: int = 30, sales: int = 300) -> None:
    """Generate, measure and print."""
    with (
        fresh_central("nttmart_bench_recon") as (engine, dsn),
        tempfile.TemporaryDirectory() as folder,
    ):
        month = build_month(dsn, outlets=outlets, sales_per_day=sales, days=days)
        csv_path = _settlement_file(engine, Path(folder))
        print(
            f"generated {month.outlets} outlets x {days} days x {sales} sales "
            f"({month.sales:,} sales) in {month.seconds:.1f} s"
        )
        first, last = month.first_day, month.last_day
        params = ReportParams(date_from=first, date_to=last, lang="en")
        baseline = min(_baseline(engine, first, last) for _ in range(3))
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            report = REGISTRY["reconciliation"].build(engine, params)
            timings.append(time.perf_counter() - started)
        differing = dict(report.facts)["Days with a difference"]
        print(
            f"reconciliation report, {len(report.tables[0].rows)} outlet-days "
            f"({differing} with a difference): best {min(timings):.2f} s; plain SQL "
            f"aggregate {baseline:.2f} s; ratio {min(timings) / baseline:.1f}"
        )
        fmt = SettlementFormat(reference_column="reference", timezone="UTC")
        started = time.perf_counter()
        imported = import_settlement(engine, csv_path, fmt, now=datetime.now(UTC))
        print(f"qris import of {imported.rows:,} rows: {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        matched = match_payments(engine, fmt, now=datetime.now(UTC))
        print(
            f"qris match: {matched.matched:,} matched, {matched.provider_unmatched:,} provider "
            f"rows and {matched.payments_unmatched:,} payments unmatched: "
            f"{time.perf_counter() - started:.2f} s"
        )
        started = time.perf_counter()
        qris = REGISTRY["qris"].build(engine, params)
        print(
            f"qris report ({len(qris.tables[0].rows):,} matched rows): "
            f"{time.perf_counter() - started:.2f} s"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    run(**(QUICK if parser.parse_args().quick else {}))
