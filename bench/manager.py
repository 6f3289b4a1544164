"""Store manager figures on a large outlet (default 20,000 products, 60,000 sales in 30 days).

- a 40-line consignment receiving (document + movements + journal, one transaction);
- a full stock count: start (freeze every product), one scan (its own transaction, as at the
  shelf), the variance report and the approval;
- a consignment settlement of the busiest producer, and its statement PDF;
- the reorder list over the whole catalog;
- a label sheet PDF of 240 labels (ten 3x8 sheets).

Run: ``python -m bench.manager [--products N] [--sales N]`` (or ``python -m bench``).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

from sqlmodel import select

from bench.common import NOW, fresh_store, measure, stamp, verdict
from inventory import settlements, stockcount
from inventory.catalog_io import apply_rows
from inventory.clock import to_wita
from inventory.labels import labels_for, preset
from inventory.manager_common import InstoreNumbering
from inventory.manager_models import ReceivingMode
from inventory.models import MovementKind, Product
from inventory.outlet import open_store
from inventory.pdf.labels import render_label_sheet
from inventory.pdf.statement import render_statement
from inventory.receiving import ReceivingLineInput, receive
from inventory.reorder import reorder_list
from inventory.stamp import Stamp
from inventory.stock import MovementRequest, record_movements
from pos.demo import synthetic_rows

QUICK = {"products": 2_000, "sales": 6_000, "runs": 50}
T = TypeVar("T")


def timed(call: Callable[[], T]) -> tuple[T, float]:
    """``call()``'s result and the seconds it took."""
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def seed(path: Path, products: int, sales: int) -> tuple[list[Product], str]:
    """A fresh outlet with ``products`` on consignment and ``sales`` sales over 30 days.

    Returns the products and the id of the producer with the most sales.
    """
    store = fresh_store(path)
    opening = Stamp(outlet="BEN", actor="bench", at=NOW - timedelta(days=40))
    with store.write() as session:
        apply_rows(session, opening, synthetic_rows(products))
        catalog = list(session.exec(select(Product)).all())
        record_movements(
            session,
            opening,
            [MovementRequest(p.id, MovementKind.CONSIGN_IN, 500) for p in catalog],
            write_journal=False,
        )
    rng = random.Random(3)
    busiest: Counter[str] = Counter()
    batch = 2_000
    for start in range(0, sales, batch):
        at = NOW - timedelta(days=30) + timedelta(seconds=(start * 30 * 86_400) // sales)
        requests = []
        for _ in range(min(batch, sales - start)):
            product = rng.choice(catalog)
            quantity = rng.randint(1, 3)
            requests.append(
                MovementRequest(
                    product.id,
                    MovementKind.SALE,
                    -quantity,
                    reference="BEN-SALE",
                    amount=product.price * quantity,
                )
            )
            busiest[product.producer_id or ""] += 1
        with store.write() as session:
            record_movements(session, Stamp(outlet="BEN", actor="bench", at=at), requests)
    store.close()
    return catalog, busiest.most_common(1)[0][0]


def run(
    products: int = 20_000, sales: int = 60_000, runs: int = 200, folder: Path | None = None
) -> None:
    """Seed an outlet and print the manager's figures."""
    work = folder or Path(tempfile.mkdtemp(prefix="nttmart-bench-manager-"))
    path = work / "manager.db"
    (catalog, producer_id), seconds = timed(lambda: seed(path, products, sales))
    print(f"seeded {products:,} products and {sales:,} sales in {seconds:.1f} s ({path})")
    store = open_store(path, outlet_code="BEN", outlet_name="Bench", now=NOW)
    numbering = InstoreNumbering("20", 1)
    rng = random.Random(5)
    by_producer = [p for p in catalog if p.producer_id == producer_id]

    def receiving(i: int) -> None:
        lines = [
            ReceivingLineInput(p.sku, 12)
            for p in rng.sample(by_producer, min(40, len(by_producer)))
        ]
        with store.write() as session:
            receive(
                session,
                stamp(),
                mode=ReceivingMode.CONSIGNMENT,
                producer_id=producer_id,
                lines=lines,
                numbering=numbering,
            )

    figure = measure(receiving, max(20, runs // 4), warmup=3)
    ok = verdict(figure.p99_ms < 250)
    print(f"40-line consignment receiving: {figure} (target p99 < 250 ms: {ok})")

    with store.write() as session:
        count, seconds = timed(lambda: stockcount.start_count(session, stamp()))
    print(f"start a full count ({products:,} products frozen): {seconds * 1000:.0f} ms")
    codes = [p.sku for p in rng.sample(catalog, min(len(catalog), runs + 20))]

    def scan(i: int) -> None:
        with store.write() as session:
            stockcount.scan(session, stamp(), number=count.number, code=codes[i], counter="bench")

    figure = measure(scan, runs)
    print(f"one scan during a count: {figure} (target p99 < 50 ms: {verdict(figure.p99_ms < 50)})")
    with store.read() as session:
        report, seconds = timed(lambda: stockcount.variance_report(session, count.number))
    print(
        f"variance report of the full count: {seconds * 1000:.0f} ms ({len(report.lines):,} lines)"
    )
    with store.write() as session:
        _, seconds = timed(
            lambda: stockcount.approve_count(
                session, stamp(), number=count.number, approver="bench"
            )
        )
    print(f"approve the count: {seconds * 1000:.0f} ms ({len(report.differences):,} corrections)")

    end = to_wita(NOW).date() - timedelta(days=1)
    start = end - timedelta(days=29)
    with store.write() as session:
        statement, seconds = timed(
            lambda: settlements.settle(
                session, stamp(), producer_id=producer_id, start=start, end=end
            )
        )
    print(
        f"settle the busiest producer over 30 days: {seconds * 1000:.0f} ms "
        f"({len(statement.movement_ids):,} sales, {len(statement.lines):,} products, "
        f"gross {statement.gross:,} = commission {statement.commission:,} "
        f"+ payable {statement.payable:,})"
    )
    pdf, seconds = timed(lambda: render_statement(statement))
    print(f"statement PDF: {seconds * 1000:.0f} ms ({len(pdf) / 1024:.0f} KiB)")

    with store.read() as session:
        groups, seconds = timed(lambda: reorder_list(session, now=NOW, cover_days=14))
    listed = sum(len(group.lines) for group in groups)
    print(f"reorder list over {products:,} products: {seconds * 1000:.0f} ms ({listed:,} listed)")

    with store.read() as session:
        labels = labels_for(session, [(p.sku, 1) for p in catalog[:240]])
    pdf, seconds = timed(lambda: render_label_sheet(labels, preset("3x8")))
    print(f"240 labels on 3x8 sheets: {seconds * 1000:.0f} ms ({len(pdf) / 1024:.0f} KiB)")
    store.close()


def main() -> None:
    """Command-line entry: ``python -m bench.manager``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--sales", type=int, default=60_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--dir", type=Path, default=None, help="Folder for the bench database.")
    args = parser.parse_args()
    run(args.products, args.sales, args.runs, args.dir)


if __name__ == "__main__":
    main()
