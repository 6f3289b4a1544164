"""What a campaign tag costs at checkout, measured against untagged sales in the same run.

Tagged and untagged 3-line cash sales (:func:`pos.checkout.complete_sale`, with and without
``campaign=``) alternate on the same database, so both see the same disk and the same load. The
tag adds a NIP check and a ``CampaignTagDoc`` before the write lock and one ``sale_campaign`` row
inside it; an untagged sale pays nothing but an ``if``.

Run: ``python -m bench campaign`` (or ``python -m bench.campaign [--runs N]``).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.common import fresh_store, percentile, stamp
from inventory.catalog_io import apply_rows
from inventory.clock import SystemClock
from pos import cart as carts
from pos.campaigns import CampaignTag
from pos.checkout import TenderInput, complete_sale
from pos.config import CampaignDefinition, CampaignSettings, OutletSettings, Settings
from pos.context import OutletContext
from pos.demo import demo_rows, seed_staff, synthetic_rows
from pos.shifts import open_shift

QUICK = {"runs": 200}
WARMUP = 20
NIP = "198503122010011005"


def run(runs: int = 2_000, folder: Path | None = None) -> None:
    """Print the median and p99 commit time of tagged and untagged sales."""
    work = Path(folder or tempfile.mkdtemp(prefix="nttmart-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"== campaign bench in {work}")
    store = fresh_store(work / "campaign.db", code="BEN")
    today = SystemClock().now().date()
    drive = CampaignDefinition(
        code="BENCH",
        name="Belanja Produk NTT",
        starts=date(today.year - 1, 1, 1),
        ends=date(today.year + 1, 12, 31),
        minimum=100_000,
    )
    settings = Settings(
        outlet=OutletSettings(code="BEN", name="Bench"),
        campaigns=CampaignSettings(drive=[drive]),
    )
    context = OutletContext(settings=settings, store=store, clock=SystemClock())
    with store.write() as session:
        apply_rows(session, stamp(), [*demo_rows(), *synthetic_rows(5_000)])
        seed_staff(session, stamp())
    shift = open_shift(context, cashier="kasir", opening_float=500_000)
    codes = [row.codes[0] for row in synthetic_rows(3)]
    ready = []
    with store.read() as session:
        for _ in range(2 * (runs + WARMUP)):
            cart = carts.new_cart("kasir", started_at=context.clock.now(), shift_id=shift.id)
            for code in codes:
                carts.scan(session, cart, code)
            ready.append(cart)
    tag = CampaignTag("BENCH", NIP)
    times: dict[bool, list[float]] = {False: [], True: []}
    for i, cart in enumerate(ready):
        tagged = i % 2 == 1
        tenders = [TenderInput.cash(cart.totals().goods_total + 100_000)]
        start = time.perf_counter()
        complete_sale(context, cart, tenders, campaign=tag if tagged else None)
        if i >= 2 * WARMUP:
            times[tagged].append((time.perf_counter() - start) * 1000)
    plain, with_tag = statistics.median(times[False]), statistics.median(times[True])
    print(
        f"checkout commit (3-line cash sale), interleaved over {runs} runs each: untagged median "
        f"{plain:.3f} ms (p99 {percentile(times[False], 0.99):.3f}); tagged median "
        f"{with_tag:.3f} ms (p99 {percentile(times[True], 0.99):.3f}); tagged/untagged "
        f"{with_tag / plain:.2f}"
    )
    store.close()


def main() -> None:
    """Command-line entry: ``python -m bench.campaign``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2_000)
    parser.add_argument("--dir", type=Path, default=None, help="Folder for the bench database.")
    args = parser.parse_args()
    run(args.runs, args.dir)


if __name__ == "__main__":
    main()
