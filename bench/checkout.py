"""Checkout figures, against baselines measured in the same run:

- checkout commit of a 3-line cash sale: :func:`pos.checkout.commit_sale`, the write
  transaction (sale, lines, payment, stock movements and levels, receipt counter and journal
  entry, from ``BEGIN IMMEDIATE`` to the synced ``COMMIT``), against a bare one-row
  ``synchronous=FULL`` transaction (``BEGIN IMMEDIATE``, one ``INSERT``, ``COMMIT``) on a
  connection with the outlet database's own pragmas (target: median within 3x). The two
  alternate, so both see the same disk and the same load; the bare table lives in its own file
  so its commits do not reset the checkout connection's page cache (SQLite drops it when
  another connection has written);
- the whole payment (:func:`pos.checkout.complete_sale`: :func:`~pos.checkout.prepare_sale`,
  which builds and validates the sale document and its rows without touching the database,
  then the commit), against the same bare transaction, for the full picture;
- ``simulate`` throughput in sales per second (random baskets, tender mix, refunds, shifts).

Run: ``python -m bench.checkout [--runs N] [--sales N]`` (or ``python -m bench``).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import fresh_store, percentile, stamp, verdict
from inventory.catalog_io import apply_rows
from inventory.clock import SystemClock
from inventory.db import sqlite_engine
from pos import cart as carts
from pos.checkout import TenderInput, commit_sale, prepare_sale
from pos.config import OutletSettings, Settings
from pos.context import OutletContext
from pos.demo import demo_rows, seed_staff, synthetic_rows
from pos.shifts import open_shift
from pos.simulate import simulate

QUICK = {"runs": 200, "sales": 300}
WARMUP = 20


def run(runs: int = 2_000, sales: int = 3_000, folder: Path | None = None) -> None:
    """Print the checkout commit latency and the simulation throughput."""
    work = Path(folder or tempfile.mkdtemp(prefix="nttmart-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"== checkout bench in {work}")
    store = fresh_store(work / "checkout.db", code="BEN")
    settings = Settings(outlet=OutletSettings(code="BEN", name="Bench"))
    context = OutletContext(settings=settings, store=store, clock=SystemClock())
    with store.write() as session:
        apply_rows(session, stamp(), [*demo_rows(), *synthetic_rows(5_000)])
        seed_staff(session, stamp())
    shift = open_shift(context, cashier="kasir", opening_float=500_000)
    codes = [row.codes[0] for row in synthetic_rows(3)]

    # Carts are rung up beforehand: the figure is the payment's commit (and its receipt).
    ready = []
    with store.read() as session:
        for _ in range(runs + WARMUP):
            cart = carts.new_cart("kasir", started_at=context.clock.now(), shift_id=shift.id)
            for code in codes:
                carts.scan(session, cart, code)
            ready.append(cart)

    # Same pragmas as the outlet database (WAL, synchronous=FULL, busy timeout, foreign keys):
    # the engine's connect hook sets them; the statements then go to the driver as they are.
    for suffix in ("", "-wal", "-shm"):
        (work / f"bare-commit.db{suffix}").unlink(missing_ok=True)
    bare_engine = sqlite_engine(work / "bare-commit.db")
    pooled = bare_engine.raw_connection()
    bare = pooled.driver_connection
    assert isinstance(bare, sqlite3.Connection)
    assert bare.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL
    bare.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    commits: list[float] = []
    prepares: list[float] = []
    baseline: list[float] = []
    cpu: list[float] = []  # the commit's own CPU time: what is left when the disk is fast
    # Each checkout is followed by one bare commit, so both see the same disk and the same load.
    for i, cart in enumerate(ready):
        tenders = [TenderInput.cash(cart.totals().goods_total + 100_000)]
        start = time.perf_counter()
        prepared = prepare_sale(context, cart, tenders)
        middle, cpu_start = time.perf_counter(), time.thread_time()
        commit_sale(context, prepared)
        done, cpu_end = time.perf_counter(), time.thread_time()
        bare.execute("BEGIN IMMEDIATE")
        bare.execute("INSERT INTO t (v) VALUES (?)", (f"row {i}",))
        bare.execute("COMMIT")
        end = time.perf_counter()
        if i >= WARMUP:
            prepares.append((middle - start) * 1000)
            commits.append((done - middle) * 1000)
            cpu.append((cpu_end - cpu_start) * 1000)
            baseline.append((end - done) * 1000)
    pooled.close()
    bare_engine.dispose()
    commit_ms, bare_ms = statistics.median(commits), statistics.median(baseline)
    whole = [p + c for p, c in zip(prepares, commits, strict=True)]
    whole_ms = statistics.median(whole)
    ratio = commit_ms / bare_ms
    print(
        f"checkout commit (3-line cash sale, BEGIN IMMEDIATE to synced COMMIT): median "
        f"{commit_ms:.3f} ms, p99 {percentile(commits, 0.99):.3f} ms over {runs} runs; bare "
        f"one-row FULL transaction (interleaved) median {bare_ms:.3f} ms; ratio {ratio:.2f} "
        f"(target <= 3: {verdict(ratio <= 3)}); commit CPU time median "
        f"{statistics.median(cpu):.3f} ms"
    )
    print(
        f"whole payment (prepare + commit): median {whole_ms:.3f} ms, p99 "
        f"{percentile(whole, 0.99):.3f} ms (prepare median {statistics.median(prepares):.3f} ms); "
        f"x{whole_ms / bare_ms:.2f} the bare transaction"
    )
    result = simulate(context, sales=sales, seed=1)
    print(
        f"simulate: {result.sales:,} sales, {result.refunds} refunds in {result.seconds:.2f} s = "
        f"{result.sales_per_second:,.0f} sales/s"
    )
    store.close()


def main() -> None:
    """Command-line entry: ``python -m bench.checkout``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2_000)
    parser.add_argument("--sales", type=int, default=3_000)
    parser.add_argument("--dir", type=Path, default=None, help="Folder for the bench databases.")
    args = parser.parse_args()
    run(args.runs, args.sales, args.dir)


if __name__ == "__main__":
    main()
