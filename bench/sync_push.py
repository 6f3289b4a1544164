"""Sync push figures, end to end, on a real PostgreSQL and a real ``nttmart central serve``.

- one outlet pushes a backlog of sales-like entries (a ``stock.movements`` entry with three sale
  lines each): read journal, HTTP, validate, store, apply, acknowledge; against a raw ``COPY`` of
  the same rows (raw journal + stock movements) into the same tables, in the same run
  (target: at least a quarter of the ``COPY`` rate);
- 20 outlets pushing at once: total rate and p99 batch latency.

Run: ``python -m bench.sync_push [--entries N] [--outlets K] [--per-outlet M]`` (PostgreSQL at
127.0.0.1:5432, or ``NTTMART_BENCH_PG``; the bench makes and drops its own database).
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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine, text

from bench.common import NOW, fresh_store, percentile, verdict
from inventory.ids import new_id
from sync.central import migrate
from sync.central import outlets as registry
from sync.central.appliers.inventory import MOVEMENT_COLUMNS
from sync.central.db import make_engine
from sync.client import push
from sync.journal import canonical_json
from sync.transport import CentralClient
from sync.wire import content_hash, entry_text

QUICK = {"entries": 5_000, "outlets": 20, "per_outlet": 250}
ADMIN_DSN = os.environ.get("NTTMART_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
PRODUCTS = [new_id() for _ in range(30)]
BATCH = 1_000
DEPTH = int(os.environ.get("NTTMART_BENCH_DEPTH", "4"))
WORKERS = int(os.environ.get("NTTMART_BENCH_WORKERS", "2"))


def sale_payload(number: int, at: str) -> dict[str, Any]:
    """A sale of three lines as ``stock.movements`` (what a sale's stock side journals)."""
    return {
        "movements": [
            {
                "id": new_id(),
                "product_id": PRODUCTS[(number + line) % len(PRODUCTS)],
                "kind": "sale",
                "quantity": -(1 + (number + line) % 3),
                "reason": None,
                "reference": f"BEN-20261122-{number:06d}",
                "actor": "kasir-1",
                "occurred_at": at,
            }
            for line in range(3)
        ]
    }


def make_backlog(path: Path, code: str, count: int) -> None:
    """An outlet database at ``path`` whose journal holds ``count`` unacknowledged sales."""
    fresh_store(path, code).close()
    at = NOW.isoformat()
    rows = [
        (n, new_id(), code, "stock.movements", 1, canonical_json(sale_payload(n, at)), at)
        for n in range(1, count + 1)
    ]
    with closing(sqlite3.connect(path)) as db:
        db.executemany(
            "INSERT INTO journal (seq, id, outlet, kind, schema_version, payload, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        db.commit()


def copy_baseline(engine: Engine, path: Path, code: str) -> tuple[float, int]:
    """Seconds to ``COPY`` the backlog's rows (journal + movements) into the central tables."""
    import json

    with closing(sqlite3.connect(path)) as db:
        entries = db.execute(
            "SELECT seq, id, kind, schema_version, created_at, payload FROM journal ORDER BY seq"
        ).fetchall()
    received = datetime.now(UTC)
    journal_rows = []
    movement_rows = []
    for seq, entry_id, kind, version, created, payload in entries:
        digest = content_hash(
            entry_text(
                outlet=code,
                seq=seq,
                id=entry_id,
                kind=kind,
                schema_version=version,
                created_at=created,
                payload_text=payload,
            )
        )
        journal_rows.append(
            (code, seq, entry_id, kind, version, created, received, digest, payload)
        )
        for m in json.loads(payload)["movements"]:
            movement_rows.append(
                (m["id"], code, seq, m["product_id"], m["kind"], m["quantity"], m["reason"],
                 m["reference"], m["actor"], m["occurred_at"], m.get("amount"))
            )  # fmt: skip
    raw = engine.raw_connection()
    try:
        connection = raw.driver_connection
        assert isinstance(connection, psycopg.Connection)
        start = time.perf_counter()
        with connection.cursor() as cursor:
            with cursor.copy(
                "COPY central_journal (outlet, seq, id, kind, schema_version, created_at, "
                "received_at, content_hash, payload) FROM STDIN"
            ) as copy:
                for row in journal_rows:
                    copy.write_row(row)
            with cursor.copy(
                f"COPY central_stock_movement ({', '.join(MOVEMENT_COLUMNS)}) FROM STDIN"
            ) as copy:
                for movement in movement_rows:
                    copy.write_row(movement)
        connection.commit()
        elapsed = time.perf_counter() - start
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE central_journal, central_stock_movement")
        connection.commit()
    finally:
        raw.close()
    return elapsed, len(journal_rows) + len(movement_rows)


class TimedClient(CentralClient):
    """A client that records how long each batch took, request to answer."""

    latencies: list[float]

    def push(self, body: bytes) -> Any:
        start = time.perf_counter()
        try:
            return super().push(body)
        finally:
            self.latencies.append((time.perf_counter() - start) * 1000)


def _clock() -> Any:
    class Clock:
        def now(self) -> datetime:
            return datetime.now(UTC)

    return Clock()


def push_all(url: str, token: str, path: Path, code: str) -> tuple[int, list[float]]:
    """Push an outlet's whole backlog; return entries sent and each batch's latency (ms)."""
    from inventory.db import Store

    store = Store(path)
    client = TimedClient(url, token, timeout=120)
    client.latencies = []
    report = push(store, client, outlet=code, clock=_clock(), batch_size=BATCH, depth=DEPTH)
    client.close()
    store.close()
    assert report.waiting == 0, report
    return report.sent, client.latencies


def _outlet_process(job: tuple[str, str, str, str], ready: Any, results: Any) -> None:
    """One outlet of the many-outlet run: get ready, wait for the start, push everything."""
    from inventory.db import Store

    url, token, path, code = job
    store = Store(Path(path))
    client = TimedClient(url, token, timeout=120)
    client.latencies = []
    client.limits()
    ready.wait()
    start = time.monotonic()
    report = push(store, client, outlet=code, clock=_clock(), batch_size=BATCH, depth=DEPTH)
    results.put((report.sent, client.latencies, start, time.monotonic()))
    client.close()
    store.close()


def push_many(jobs: list[tuple[str, str, str, str]]) -> tuple[int, float, list[float]]:
    """Every outlet pushes at once (one process each); ``(entries, seconds, latencies)``."""
    context = multiprocessing.get_context("spawn")
    ready = context.Barrier(len(jobs) + 1)
    results = context.Queue()
    processes = [
        context.Process(target=_outlet_process, args=(job, ready, results)) for job in jobs
    ]
    for process in processes:
        process.start()
    ready.wait()
    outcomes = [results.get(timeout=600) for _ in jobs]
    for process in processes:
        process.join(60)
    total = sum(sent for sent, _, _, _ in outcomes)
    wall = max(end for *_, end in outcomes) - min(start for *_, start, _ in outcomes)
    return total, wall, [ms for _, batch, _, _ in outcomes for ms in batch]


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


def run(
    entries: int = 100_000, outlets: int = 20, per_outlet: int = 5_000, folder: Path | None = None
) -> None:
    """Print the single-outlet and many-outlet push figures."""
    outlets_count = outlets
    work = Path(folder or tempfile.mkdtemp(prefix="nttmart-bench-sync-"))
    work.mkdir(parents=True, exist_ok=True)
    name = f"nttmart_bench_{os.getpid()}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    base = ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    url = f"{base}/{name}"
    engine = make_engine(url)
    server = None
    try:
        migrate.upgrade(engine)
        print(f"== sync push bench: {entries:,} sales of 3 lines; database {name}; files in {work}")
        backlog = work / "outlet.db"
        make_backlog(backlog, "BEN", entries)
        token = registry.add_outlet(engine, code="BEN", name="Bench", kabupaten="", now=NOW)
        copy_s, copy_rows = copy_baseline(engine, backlog, "BEN")
        port = _free_port()
        server = start_server(url, port, WORKERS, work / "server.log")
        # Warm both server processes up (connection pools, validators) on another outlet.
        warm = work / "warm.db"
        make_backlog(warm, "WRM", 4 * BATCH)
        warm_token = registry.add_outlet(engine, code="WRM", name="Warm-up", kabupaten="", now=NOW)
        push_all(f"http://127.0.0.1:{port}", warm_token, warm, "WRM")
        start = time.perf_counter()
        sent, latencies = push_all(f"http://127.0.0.1:{port}", token, backlog, "BEN")
        push_s = time.perf_counter() - start
        assert sent == entries
        push_rows = entries * 4
        ours, bare = push_rows / push_s, copy_rows / copy_s
        print(
            f"push {entries:,} entries end to end (batches of {BATCH}): {push_s:.2f} s = "
            f"{entries / push_s:,.0f} entries/s = {ours:,.0f} rows/s "
            f"(journal + movements; p99 batch {percentile(latencies, 0.99):.0f} ms); "
            f"raw COPY of the same {copy_rows:,} rows: {copy_s:.2f} s = {bare:,.0f} rows/s; "
            f"ratio {ours / bare:.2f} (target >= 0.25: {verdict(ours / bare >= 0.25)})"
        )

        jobs = []
        for index in range(outlets_count):
            code = "O" + "".join(chr(65 + int(d)) for d in f"{index:03d}")
            path = work / f"outlet-{code}.db"
            make_backlog(path, code, per_outlet)
            token = registry.add_outlet(engine, code=code, name=code, kabupaten="", now=NOW)
            jobs.append((f"http://127.0.0.1:{port}", token, str(path), code))
        total, wall, all_latencies = push_many(jobs)
        print(
            f"{outlets_count} outlets x {per_outlet:,} entries at once: {total:,} entries in "
            f"{wall:.2f} s = {total / wall:,.0f} entries/s; batch latency "
            f"p50 {percentile(all_latencies, 0.5):.0f} ms, "
            f"p99 {percentile(all_latencies, 0.99):.0f} ms over {len(all_latencies)} batches"
        )
        with engine.connect() as connection:
            stored = connection.execute(text("SELECT count(*) FROM central_journal")).scalar_one()
        assert stored == entries + total + 4 * BATCH, stored
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        engine.dispose()
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    """Command-line entry: ``python -m bench.sync_push``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--outlets", type=int, default=20)
    parser.add_argument("--per-outlet", type=int, default=5_000)
    parser.add_argument("--dir", type=Path, default=None, help="Folder for the bench files.")
    args = parser.parse_args()
    run(args.entries, args.outlets, args.per_outlet, args.dir)


if __name__ == "__main__":
    main()
