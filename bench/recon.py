"""Reconciliation and QRIS matching on a month of a province: ``python -m bench recon``.

Makes its own PostgreSQL database with 22 outlets x 30 days x 300 sales (198,000 sales, one
payment each, a quarter of them QRIS; two closed shifts per outlet and day; one raw journal row
per sale) written with ``COPY``, and a provider settlement file holding 90% of the QRIS payments
(a few seconds off). Then measures, in the same run:

- the ``reconciliation`` report for the month against the plain SQL aggregate it needs (sales and
  payments per shift, grouped);
- importing the settlement CSV and matching it (``match_payments``), and the ``qris`` report.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine, text

from sync.central import migrate
from sync.central import outlets as registry
from sync.central.db import make_engine
from sync.central.qris import SettlementFormat, import_settlement, match_payments
from sync.central.reports import catalog_of_reports  # noqa: F401 - fills the registry
from sync.central.reports.base import REGISTRY, ReportParams

QUICK = {"outlets": 3, "days": 5, "sales": 60}
ADMIN_DSN = os.environ.get("NTTMART_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
FIRST = date(2026, 10, 1)


def _copy(
    engine: Engine, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    with engine.begin() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)


def _generate(engine: Engine, outlets: int, days: int, sales: int, folder: Path) -> Path:
    rng = random.Random(20261123)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    codes = [f"B{chr(65 + n // 26)}{chr(65 + n % 26)}" for n in range(outlets)]
    for code in codes:
        registry.add_outlet(engine, code=code, name=f"NTT Mart {code}", kabupaten="", now=now)
    journal, sale_rows, payments, shifts = [], [], [], []
    settlement_lines = ["reference,amount,paid_at"]
    for code in codes:
        seq = 0
        for d in range(days):
            day = FIRST + timedelta(days=d)
            for half in range(2):
                shift_id = str(uuid.uuid4())
                opened = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
                    hours=8 * half
                )
                per_tender: dict[str, int] = defaultdict(int)
                count = sales // 2
                for n in range(count):
                    seq += 1
                    at = opened + timedelta(seconds=n * 90)
                    sale_id = str(uuid.uuid4())
                    amount = rng.randrange(20, 400) * 500
                    tender = "qris" if rng.random() < 0.25 else "cash"
                    per_tender[tender] += amount
                    journal.append(
                        (code, seq, sale_id, "sale.completed", 1, at, at + timedelta(minutes=1),
                         "0" * 64, "{}")
                    )  # fmt: skip
                    sale_rows.append(
                        (sale_id, code, seq, f"{code}-{day:%Y%m%d}-{seq:05d}", shift_id, "kasir",
                         day, at, amount, amount, "completed")
                    )  # fmt: skip
                    payments.append((sale_id, 1, str(uuid.uuid4()), tender, amount, amount))
                    if tender == "qris" and rng.random() < 0.9:
                        paid = at + timedelta(seconds=rng.randrange(0, 120))
                        settlement_lines.append(
                            f"P{code}{seq},{amount},{paid.astimezone(UTC):%Y-%m-%d %H:%M:%S}"
                        )
                net = sum(per_tender.values())
                summary = {
                    "per_tender": [
                        {"tender": k, "sales": v, "refunds": 0, "net": v}
                        for k, v in sorted(per_tender.items())
                    ]
                }
                seq += 1
                journal.append(
                    (code, seq, shift_id, "shift.closed", 1, opened + timedelta(hours=8),
                     opened + timedelta(hours=8, minutes=1), "0" * 64, "{}")
                )  # fmt: skip
                shifts.append(
                    (shift_id, code, seq - count, seq, "kasir", opened, opened + timedelta(hours=8),
                     500_000, 500_000 + per_tender["cash"], 500_000 + per_tender["cash"], 0, count,
                     net, json.dumps(summary))
                )  # fmt: skip
    _copy(
        engine,
        "central_journal",
        ("outlet", "seq", "id", "kind", "schema_version", "created_at", "received_at",
         "content_hash", "payload"),
        journal,
    )  # fmt: skip
    _copy(
        engine,
        "central_sale",
        ("id", "outlet", "seq", "receipt_no", "shift_id", "cashier", "business_day",
         "occurred_at", "subtotal", "total", "status"),
        sale_rows,
    )  # fmt: skip
    _copy(
        engine,
        "central_payment",
        ("sale_id", "line_no", "payment_id", "tender", "amount", "tendered"),
        payments,
    )
    _copy(
        engine,
        "central_shift",
        ("id", "outlet", "opened_seq", "closed_seq", "cashier", "opened_at", "closed_at",
         "opening_float", "expected_cash", "counted_cash", "difference", "sales_count", "net",
         "summary"),
        shifts,
    )  # fmt: skip
    with engine.begin() as connection:
        for code in codes:
            connection.execute(
                text(
                    "UPDATE central_outlet SET contiguous_seq = s, last_seq = s, "
                    "last_heard_at = :now FROM (SELECT max(seq) s FROM central_journal "
                    "WHERE outlet = :code) m WHERE code = :code"
                ),
                {"code": code, "now": now},
            )
        connection.execute(text("ANALYZE"))
    path = folder / "settlement.csv"
    path.write_text("\n".join(settlement_lines) + "\n", encoding="utf-8")
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
    name = f"nttmart_bench_recon_{os.getpid()}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    engine = make_engine(f"{base}/{name}")
    try:
        migrate.upgrade(engine)
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            csv_path = _generate(engine, outlets, days, sales, Path(folder))
            print(
                f"generated {outlets} outlets x {days} days x {sales} sales "
                f"({outlets * days * sales:,} sales) in {time.perf_counter() - started:.1f} s"
            )
            last = FIRST + timedelta(days=days - 1)
            params = ReportParams(date_from=FIRST, date_to=last, lang="en")
            baseline = min(_baseline(engine, FIRST, last) for _ in range(3))
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
    finally:
        engine.dispose()
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    run(**(QUICK if parser.parse_args().quick else {}))
