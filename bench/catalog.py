"""Catalog and stock figures with a large catalog (default 100,000 products).

- barcode lookup and name search latency (targets: p99 under 1 ms and under 20 ms);
- CSV import rate against a bare ``executemany`` of the same rows into the same tables;
- a stock movement commit (movement + projection + journal) against a bare one-row
  ``synchronous=FULL`` commit.

Run: ``python -m bench.catalog [--products N]`` (or ``python -m bench`` for every bench).
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import tempfile
import time
from contextlib import closing
from pathlib import Path

from bench.common import fresh_store, measure, stamp, verdict
from inventory import catalog, stock
from inventory.catalog_io import COLUMNS, import_catalog
from inventory.db import BUSY_TIMEOUT_MS
from inventory.models import MovementKind
from pos.demo import synthetic_rows

QUICK = {"products": 2_000, "runs": 200}

QUERIES = ("kopi baja", "madu", "tenun belu", "kelor 250", "sirup sabu", "garam", "mete ado", "tas")


def write_catalog_csv(path: Path, count: int) -> list[dict[str, object]]:
    """Write ``count`` synthetic products as a catalog CSV; return them as plain rows."""
    rows = synthetic_rows(count)
    plain = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(
                [
                    row.sku,
                    row.name,
                    "|".join(row.codes),
                    row.price,
                    row.unit.value,
                    row.category,
                    row.producer,
                    row.kabupaten,
                    row.program.value,
                    row.min_stock,
                    "",
                    row.desa,
                    "",
                    "",
                    "",
                ]
            )
            plain.append(
                {
                    "sku": row.sku,
                    "name": row.name,
                    "codes": row.codes,
                    "price": row.price,
                    "min_stock": row.min_stock,
                }
            )
    return plain


def bare_executemany(source: Path, target: Path) -> tuple[float, int]:
    """Seconds to insert the products and barcodes stored in ``source`` into a fresh outlet
    database with plain ``executemany`` (same rows, same tables, same indexes and triggers).

    Producers and categories are copied first, untimed, so foreign keys resolve as they did
    for the import.
    """
    store = fresh_store(target)
    store.close()
    with closing(sqlite3.connect(source)) as db:
        producers = db.execute("SELECT * FROM producer").fetchall()
        categories = db.execute("SELECT * FROM category").fetchall()
        products = db.execute(
            "SELECT id, sku, name, unit, price, cost, producer_id, category_id, min_stock, active,"
            " local, plu, version, created_at, updated_at FROM product"
        ).fetchall()
        codes = db.execute("SELECT code, product_id, instore FROM barcode").fetchall()
    with closing(sqlite3.connect(target, isolation_level=None)) as db:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("BEGIN IMMEDIATE")
        db.executemany(
            f"INSERT INTO producer VALUES ({', '.join('?' * len(producers[0]))})", producers
        )
        db.executemany("INSERT INTO category VALUES (?, ?)", categories)
        db.execute("COMMIT")
        start = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.executemany(
            "INSERT INTO product (id, sku, name, unit, price, cost, producer_id, category_id, "
            "min_stock, active, local, plu, version, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            products,
        )
        db.executemany("INSERT INTO barcode (code, product_id, instore) VALUES (?, ?, ?)", codes)
        db.execute("COMMIT")
        return time.perf_counter() - start, len(products)


def bare_commit(path: Path, runs: int) -> float:
    """Median milliseconds of a bare one-row commit with ``synchronous=FULL`` in WAL mode."""
    import statistics

    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)")
        samples = []
        for i in range(runs):
            start = time.perf_counter()
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO t (v) VALUES (?)", (f"row {i}",))
            db.execute("COMMIT")
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def run(products: int = 100_000, runs: int = 2_000, folder: Path | None = None) -> None:
    """Build a catalog of ``products`` and print every catalog figure."""
    work = Path(folder or tempfile.mkdtemp(prefix="nttmart-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"== catalog bench: {products:,} products in {work}")
    csv_path = work / "catalog.csv"
    plain = write_catalog_csv(csv_path, products)

    store = fresh_store(work / "outlet.db")
    start = time.perf_counter()
    with store.write() as session:
        report = import_catalog(session, stamp(), csv_path)
    import_s = time.perf_counter() - start
    assert report.created == products
    baseline_s, copied = bare_executemany(work / "outlet.db", work / "bare.db")
    assert copied == products
    ours, bare = products / import_s, products / baseline_s
    print(
        f"import {products:,} rows: {import_s:.2f} s = {ours:,.0f} rows/s "
        f"(parse, check, write, journal); "
        f"bare executemany: {baseline_s:.2f} s = {bare:,.0f} rows/s; "
        f"ratio {ours / bare:.2f} (target >= 0.33: {verdict(ours / bare >= 1 / 3)})"
    )

    rng = random.Random(1)
    codes = [rng.choice(plain)["codes"][0] for _ in range(runs + 50)]  # type: ignore[index]
    with store.read() as session:
        lookup = measure(lambda i: catalog.lookup_barcode(session, codes[i]), runs)
        print(f"barcode lookup: {lookup} (target p99 < 1 ms: {verdict(lookup.p99_ms < 1)})")
        search = measure(lambda i: catalog.search(session, QUERIES[i % len(QUERIES)]), runs // 4)
        print(
            f"name search (limit 20): {search} (target p99 < 20 ms: {verdict(search.p99_ms < 20)})"
        )

    with store.read() as session:
        product_ids = [catalog.lookup_barcode(session, code).product.id for code in codes[:50]]

    def movement(i: int) -> None:
        with store.write() as session:
            stock.record_movement(
                session,
                stamp(),
                product_id=product_ids[i % 50],
                kind=MovementKind.ADJUST,
                quantity=1,
                reason="bench",
            )

    commit_runs = max(200, runs // 4)
    ours_commit = measure(movement, commit_runs)
    bare_ms = bare_commit(work / "bare-commit.db", commit_runs)
    ratio = ours_commit.median_ms / bare_ms
    print(
        f"stock movement commit: {ours_commit}; bare one-row FULL commit median {bare_ms:.3f} ms; "
        f"ratio {ratio:.2f} (target <= 3: {verdict(ratio <= 3)})"
    )
    store.close()


def main() -> None:
    """Command-line entry: ``python -m bench.catalog``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=2_000)
    parser.add_argument("--dir", type=Path, default=None, help="Folder for the bench databases.")
    args = parser.parse_args()
    run(args.products, args.runs, args.dir)


if __name__ == "__main__":
    main()
