"""Sync push figures, end to end, on a real PostgreSQL and a real ``nttmart central serve``.

- one outlet pushes a backlog of ``sale.completed`` entries (real checkout documents, about three
  lines each, the simulator's tender mix): read journal, HTTP, validate, store, apply,
  acknowledge; against a raw ``COPY`` of exactly the rows that ingest stored for them (raw
  journal, sales, sale lines, payments, stock movements, and any voided lines or approvals) into
  the same tables of a second fresh database, in the same run (target: at least a quarter of the
  ``COPY`` rate, in sales per second);
- 20 outlets, each with its own database, token and backlog, pushing at once (one process each):
  total sales per second and p99 batch latency (one ``POST /v1/journal`` round trip).

The backlog. Ringing 100,000 sales through :func:`pos.checkout.complete_sale` takes minutes here
(the simulator does about 250 sales/s), so the bench rings up a few hundred real sales through
the simulator (cart, scan, tenders, ``complete_sale``) in a scratch outlet and then writes the
backlog by cloning their journal payloads: each clone gets fresh ids for the sale, its lines,
payments and movements, its own receipt number (300 sales per business day) and times moved by
whole days, and is written with the same canonical JSON and journal columns the checkout writes.
Amounts, lines and tenders are the real sales' own, so every clone is a valid ``sale.completed``
document; the centre validates each one in full during the push, and the bench checks that the
centre's sale count and total equal the backlog's. Nothing is kept between runs.

Run: ``python -m bench sync_push [--quick]`` or ``python -m bench.sync_push [--sales N]
[--outlets K] [--per-outlet M]`` (PostgreSQL at 127.0.0.1:5432, or ``NTTMART_BENCH_PG``; the
bench makes and drops its own databases).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import psycopg
from sqlalchemy import Engine, text

from bench.common import NOW, fresh_store, percentile, stamp, verdict
from inventory.catalog_io import apply_rows
from inventory.clock import SystemClock
from inventory.ids import new_id
from pos.config import OutletSettings, Settings
from pos.context import OutletContext
from pos.demo import demo_rows, synthetic_rows
from pos.documents import KIND_SALE
from pos.simulate import simulate
from sync.central import migrate
from sync.central import outlets as registry
from sync.central.db import make_engine
from sync.client import push
from sync.journal import canonical_dumps
from sync.transport import CentralClient

QUICK = {"sales": 5_000, "outlets": 20, "per_outlet": 250, "templates": 200}
ADMIN_DSN = os.environ.get("NTTMART_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
BATCH = int(os.environ.get("NTTMART_BENCH_BATCH", "1000"))
DEPTH = int(os.environ.get("NTTMART_BENCH_DEPTH", "4"))
WORKERS = int(os.environ.get("NTTMART_BENCH_WORKERS", "2"))
COMPRESS = os.environ.get("NTTMART_BENCH_GZIP", "1") != "0"
SALES_PER_DAY = 300

# The central rows one outlet's sales become, as (table, filter on that outlet's rows).
SALE_ROWS = (
    ("central_journal", "outlet = %(o)s"),
    ("central_sale", "outlet = %(o)s"),
    ("central_sale_line", "sale_id IN (SELECT id FROM central_sale WHERE outlet = %(o)s)"),
    ("central_payment", "sale_id IN (SELECT id FROM central_sale WHERE outlet = %(o)s)"),
    ("central_sale_voided_line", "outlet = %(o)s"),
    ("central_approval", "outlet = %(o)s"),
    ("central_stock_movement", "outlet = %(o)s"),
)


def ring_up_templates(work: Path, count: int) -> list[bytes]:
    """``count`` sales rung up through the real checkout; their ``sale.completed`` payloads."""
    store = fresh_store(work / "templates.db", code="BEN")
    settings = Settings(outlet=OutletSettings(code="BEN", name="Bench"))
    context = OutletContext(settings=settings, store=store, clock=SystemClock())
    with store.write() as session:
        apply_rows(session, stamp(), [*demo_rows(), *synthetic_rows(1_000)])
    result = simulate(context, sales=count, seed=5, refund_rate=0, shift_size=10**9)
    store.close()
    with closing(sqlite3.connect(work / "templates.db")) as db:
        payloads = [
            row[0].encode()
            for row in db.execute(
                "SELECT payload FROM journal WHERE kind = ? ORDER BY seq", (KIND_SALE,)
            )
        ]
    # Clones take fresh ids; approvals and voided lines name ids of their own, so keep it plain.
    plain = [p for p in payloads if b'"approvals":[]' in p and b'"voided_lines":[]' in p]
    lines = sum(len(orjson.loads(p)["lines"]) for p in plain) / len(plain)
    print(
        f"templates: {result.sales} sales through the checkout in {result.seconds:.1f} s "
        f"({result.sales_per_second:,.0f} sales/s), {len(plain)} used, "
        f"{lines:.2f} lines per sale, tenders {dict(result.per_tender)}"
    )
    return plain


def _moved(stamp_text: str, days: timedelta) -> str:
    moved = datetime.fromisoformat(stamp_text) + days
    return moved.isoformat().replace("+00:00", "Z")


def clone_sale(template: bytes, *, code: str, number: int, first_day: date) -> dict[str, Any]:
    """Sale ``number`` of outlet ``code``'s backlog, made from a real sale's payload.

    Fresh ids for the sale, its lines, payments and movements; its own receipt number; times
    and business day moved to day ``(number - 1) // SALES_PER_DAY`` after ``first_day``.
    """
    sale: dict[str, Any] = orjson.loads(template)
    template_day = date.fromisoformat(sale["business_day"])
    day = first_day + timedelta(days=(number - 1) // SALES_PER_DAY)
    days = day - template_day
    receipt = f"{code}-{day.strftime('%Y%m%d')}-{(number - 1) % SALES_PER_DAY + 1:04d}"
    sale.update(
        id=new_id(),
        outlet=code,
        receipt_no=receipt,
        business_day=day.isoformat(),
        started_at=_moved(sale["started_at"], days),
        completed_at=_moved(sale["completed_at"], days),
    )
    for line in sale["lines"]:
        line["id"] = new_id()
    for payment in sale["payments"]:
        payment["id"] = new_id()
    for movement in sale["stock_movements"]:
        movement.update(
            id=new_id(), reference=receipt, occurred_at=_moved(movement["occurred_at"], days)
        )
    return sale


def make_backlog(path: Path, code: str, templates: list[bytes], count: int) -> int:
    """An outlet database at ``path`` whose journal holds ``count`` unacknowledged sales, written
    as the checkout writes them (canonical JSON, created_at in UTC); returns their total."""
    fresh_store(path, code).close()
    first_day = NOW.date() - timedelta(days=count // SALES_PER_DAY)
    rows = []
    total = 0
    for number in range(1, count + 1):
        sale = clone_sale(
            templates[number % len(templates)], code=code, number=number, first_day=first_day
        )
        total += sale["total"]
        created = datetime.fromisoformat(sale["completed_at"]).astimezone(UTC).isoformat()
        rows.append((number, new_id(), code, KIND_SALE, 1, canonical_dumps(sale), created))
    with closing(sqlite3.connect(path)) as db:
        db.executemany(
            "INSERT INTO journal (seq, id, outlet, kind, schema_version, payload, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        db.commit()
    return total


def stored_rows(dsn: str, code: str) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """The central rows of outlet ``code``'s sales, per table: ``(columns, rows)``."""
    found = {}
    with psycopg.connect(dsn) as connection:
        for table, where in SALE_ROWS:
            cursor = connection.execute(f"SELECT * FROM {table} WHERE {where}", {"o": code})
            columns = [column.name for column in cursor.description or ()]
            found[table] = (columns, cursor.fetchall())
    return found


def copy_baseline(dsn: str, rows: dict[str, tuple[list[str], list[Any]]]) -> float:
    """Seconds to ``COPY`` ``rows`` into the (empty) central tables at ``dsn``, committed."""
    with psycopg.connect(dsn) as connection:
        start = time.perf_counter()
        with connection.cursor() as cursor:
            for table, (columns, values) in rows.items():
                if not values:
                    continue
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in values:
                        copy.write_row(row)
        connection.commit()
        return time.perf_counter() - start


class TimedClient(CentralClient):
    """A client that records how long each batch took, request to answer."""

    latencies: list[float]

    def push(self, body: bytes) -> Any:
        start = time.perf_counter()
        try:
            return super().push(body)
        finally:
            self.latencies.append((time.perf_counter() - start) * 1000)


def push_all(url: str, token: str, path: Path, code: str) -> tuple[int, list[float]]:
    """Push an outlet's whole backlog; return entries sent and each batch's latency (ms)."""
    from inventory.db import Store

    store = Store(path)
    client = TimedClient(url, token, timeout=300, compress=COMPRESS)
    client.latencies = []
    report = push(store, client, outlet=code, clock=SystemClock(), batch_size=BATCH, depth=DEPTH)
    client.close()
    store.close()
    assert report.waiting == 0, report
    return report.sent, client.latencies


def _outlet_process(job: tuple[str, str, str, str], ready: Any, results: Any) -> None:
    """One outlet of the many-outlet run: get ready, wait for the start, push everything."""
    from inventory.db import Store

    url, token, path, code = job
    store = Store(Path(path))
    client = TimedClient(url, token, timeout=300, compress=COMPRESS)
    client.latencies = []
    client.limits()
    ready.wait()
    start = time.monotonic()
    report = push(store, client, outlet=code, clock=SystemClock(), batch_size=BATCH, depth=DEPTH)
    results.put((report.sent, report.waiting, client.latencies, start, time.monotonic()))
    client.close()
    store.close()


def push_many(jobs: list[tuple[str, str, str, str]]) -> tuple[int, float, list[float]]:
    """Every outlet pushes at once (one process each); ``(entries, seconds, latencies)``."""
    # A fork server imports the bench once and forks every outlet from it: 20 fresh
    # interpreters importing the app would cost more CPU than a quick run pushes.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["bench.sync_push"])
    ready = context.Barrier(len(jobs) + 1)
    results = context.Queue()
    processes = [
        context.Process(target=_outlet_process, args=(job, ready, results)) for job in jobs
    ]
    for process in processes:
        process.start()
    ready.wait()
    outcomes = [results.get(timeout=1_800) for _ in jobs]
    for process in processes:
        process.join(60)
    assert all(waiting == 0 for _, waiting, *_ in outcomes), "an outlet kept entries"
    total = sum(sent for sent, *_ in outcomes)
    wall = max(end for *_, end in outcomes) - min(start for *_, start, _ in outcomes)
    return total, wall, [ms for _, _, batch, _, _ in outcomes for ms in batch]


def start_server(url: str, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    """``nttmart central serve`` on ``port``; returns once it answers."""
    import httpx

    env = {
        **os.environ,
        "NTTMART_CENTRAL__DATABASE_URL": url,
        "NTTMART_CENTRAL__MAX_BATCH_ENTRIES": str(BATCH),
    }
    nttmart = Path(sys.executable).with_name("nttmart")
    command = [str(nttmart), "central", "serve", "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"central server did not start; see {log}")


def _fresh_database(name: str) -> tuple[str, str]:
    """Create database ``name`` (dropped first); its SQLAlchemy URL and its psycopg DSN."""
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    base = ADMIN_DSN.rsplit("/", 1)[0]
    return f"{base.replace('postgresql://', 'postgresql+psycopg://')}/{name}", f"{base}/{name}"


def _central_sales(engine: Engine, code: str) -> tuple[int, int]:
    with engine.connect() as connection:
        count, total = connection.execute(
            text("SELECT count(*), coalesce(sum(total), 0) FROM central_sale WHERE outlet = :o"),
            {"o": code},
        ).one()
    return int(count), int(total)


def run(
    sales: int = 100_000,
    outlets: int = 20,
    per_outlet: int = 5_000,
    templates: int = 600,
    folder: Path | None = None,
) -> None:
    """Print the single-outlet and many-outlet push figures."""
    work = Path(folder or tempfile.mkdtemp(prefix="nttmart-bench-sync-"))
    work.mkdir(parents=True, exist_ok=True)
    name = f"nttmart_bench_{os.getpid()}"
    url, dsn = _fresh_database(name)
    copy_url, copy_dsn = _fresh_database(f"{name}_copy")
    engine = make_engine(url)
    copy_engine = make_engine(copy_url)
    server = None
    try:
        migrate.upgrade(engine)
        migrate.upgrade(copy_engine)
        print(
            f"== sync push bench: {sales:,} sales; batches of {BATCH}, depth {DEPTH}, "
            f"{WORKERS} server processes, gzip {'on' if COMPRESS else 'off'}; "
            f"databases {name}(_copy); files in {work}"
        )
        sample = ring_up_templates(work, templates)
        started = time.perf_counter()
        backlog = work / "outlet.db"
        expected_total = make_backlog(backlog, "BEN", sample, sales)
        print(f"backlog: {sales:,} sales written in {time.perf_counter() - started:.1f} s")
        token = registry.add_outlet(engine, code="BEN", name="Bench", kabupaten="", now=NOW)
        port = _free_port()
        server = start_server(url, port, WORKERS, work / "server.log")
        central = f"http://127.0.0.1:{port}"
        # Warm both server processes up (connection pools, validators) on another outlet.
        warm = work / "warm.db"
        make_backlog(warm, "WRM", sample, min(4 * BATCH, max(BATCH, sales // 5)))
        warm_token = registry.add_outlet(engine, code="WRM", name="Warm-up", kabupaten="", now=NOW)
        push_all(central, warm_token, warm, "WRM")

        start = time.perf_counter()
        sent, latencies = push_all(central, token, backlog, "BEN")
        push_s = time.perf_counter() - start
        assert sent == sales, sent
        assert _central_sales(engine, "BEN") == (sales, expected_total)

        rows = stored_rows(dsn, "BEN")
        row_count = sum(len(values) for _, values in rows.values())
        registry.add_outlet(copy_engine, code="BEN", name="Bench", kabupaten="", now=NOW)
        copy_s = copy_baseline(copy_dsn, rows)
        ours, bare = sales / push_s, sales / copy_s
        per_table = ", ".join(
            f"{table.removeprefix('central_')} {len(values):,}"
            for table, (_, values) in rows.items()
            if values
        )
        print(
            f"push {sales:,} sales end to end: {push_s:.2f} s = {ours:,.0f} sales/s "
            f"(p50 batch {percentile(latencies, 0.5):.0f} ms, "
            f"p99 {percentile(latencies, 0.99):.0f} ms over {len(latencies)} batches)"
        )
        print(
            f"raw COPY of the same {row_count:,} rows ({per_table}): {copy_s:.2f} s = "
            f"{bare:,.0f} sales/s ({row_count / copy_s:,.0f} rows/s); "
            f"ratio {ours / bare:.2f} (target >= 0.25: {verdict(ours / bare >= 0.25)})"
        )

        jobs = []
        started = time.perf_counter()
        for index in range(outlets):
            code = "O" + "".join(chr(65 + int(d)) for d in f"{index:03d}")
            path = work / f"outlet-{code}.db"
            make_backlog(path, code, sample, per_outlet)
            outlet_token = registry.add_outlet(engine, code=code, name=code, kabupaten="", now=NOW)
            jobs.append((central, outlet_token, str(path), code))
        print(f"{outlets} backlogs written in {time.perf_counter() - started:.1f} s")
        total, wall, all_latencies = push_many(jobs)
        print(
            f"{outlets} outlets x {per_outlet:,} sales at once: {total:,} sales in "
            f"{wall:.2f} s = {total / wall:,.0f} sales/s; batch latency "
            f"p50 {percentile(all_latencies, 0.5):.0f} ms, "
            f"p99 {percentile(all_latencies, 0.99):.0f} ms over {len(all_latencies)} batches"
        )
        with engine.connect() as connection:
            stored = connection.execute(
                text("SELECT count(*) FROM central_sale WHERE outlet LIKE 'O%'")
            ).scalar_one()
        assert stored == total == outlets * per_outlet, (stored, total)
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        engine.dispose()
        copy_engine.dispose()
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'DROP DATABASE IF EXISTS "{name}_copy" WITH (FORCE)')


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    """Command-line entry: ``python -m bench.sync_push``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sales", type=int, default=100_000)
    parser.add_argument("--outlets", type=int, default=20)
    parser.add_argument("--per-outlet", type=int, default=5_000)
    parser.add_argument("--templates", type=int, default=600)
    parser.add_argument("--dir", type=Path, default=None, help="Folder for the bench files.")
    args = parser.parse_args()
    run(args.sales, args.outlets, args.per_outlet, args.templates, args.dir)


if __name__ == "__main__":
    main()
