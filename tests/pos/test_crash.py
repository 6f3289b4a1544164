"""Power cut during checkout: a till process killed with SIGKILL at random points, many times.

Every sale must be whole (sale, lines, payments, stock movements and its one journal entry) or
absent, the journal gapless, the stock cache equal to the ledger, and the file intact.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import time
import traceback
from contextlib import closing
from pathlib import Path

from inventory.barcodes import with_check_digit
from inventory.clock import SystemClock
from inventory.db import Store
from pos import cart as carts
from pos.checkout import TenderInput, complete_sale
from pos.config import Settings
from pos.context import OutletContext
from pos.models import Shift
from tests.factories import KOPI_EAN, MADU_EAN

KILLS = 30


def test_sigkill_leaves_every_sale_whole_or_absent(
    outlet: OutletContext, shift: Shift, products: object, tmp_path: Path
) -> None:
    label = with_check_digit("280040101234")
    path = outlet.store.path
    outlet.store.close()
    rng = random.Random(20261122)
    committed_reports = 0
    for _ in range(KILLS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            os.close(read_fd)
            _till_loop(path, outlet.settings, shift.id, write_fd, label)
        os.close(write_fd)
        with os.fdopen(read_fd, "rb", buffering=0) as reader:
            for _ in range(rng.randint(1, 3)):
                byte = reader.read(1)
                assert byte == b".", (byte + reader.read(4000)).decode(errors="replace")
                committed_reports += 1
            # A random instant inside the next checkout (a commit takes a few milliseconds).
            time.sleep(rng.uniform(0, 0.006))
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    _check(path, committed_reports)


def _till_loop(path: Path, settings: Settings, shift_id: str, write_fd: int, label: str) -> None:
    """The child: ring up 3-line sales forever, reporting each commit with one byte."""
    try:
        context = OutletContext(settings=settings, store=Store(path), clock=SystemClock())
        while True:
            cart = carts.new_cart("kasir", started_at=context.clock.now(), shift_id=shift_id)
            with context.store.read() as session:
                carts.scan(session, cart, f"2*{KOPI_EAN}")
                carts.scan(session, cart, MADU_EAN)
                carts.scan(session, cart, label, layouts=settings.barcodes.variable_measure)
            complete_sale(context, cart, [TenderInput.cash(1_000_000)])
            os.write(write_fd, b".")
    except BaseException:
        os.write(write_fd, b"E" + traceback.format_exc().encode())
    finally:
        os._exit(1)


def _check(path: Path, reported: int) -> None:
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        sales = db.execute("SELECT id, receipt_no, line_count, total FROM sale").fetchall()
        assert len(sales) >= reported  # every reported commit survived
        for sale_id, receipt_no, line_count, total in sales:
            lines = db.execute("SELECT count(*) FROM sale_line WHERE sale_id = ?", (sale_id,))
            assert lines.fetchone()[0] == line_count == 3
            paid = db.execute("SELECT sum(amount) FROM payment WHERE sale_id = ?", (sale_id,))
            assert paid.fetchone()[0] == total
            moved = db.execute(
                "SELECT count(*) FROM stock_movement WHERE reference = ? AND kind = 'sale'",
                (receipt_no,),
            )
            assert moved.fetchone()[0] == 3
        entries = db.execute("SELECT payload FROM journal WHERE kind = 'sale.completed'").fetchall()
        journaled = sorted(json.loads(payload)["id"] for (payload,) in entries)
        assert journaled == sorted(s[0] for s in sales)  # one entry per sale, none orphaned
        orphans = db.execute(
            "SELECT count(*) FROM stock_movement WHERE kind = 'sale' "
            "AND reference NOT IN (SELECT receipt_no FROM sale)"
        ).fetchone()[0]
        assert orphans == 0
        count, top = db.execute("SELECT count(*), max(seq) FROM journal").fetchone()
        assert count == top  # gapless
        drift = db.execute(
            "SELECT count(*) FROM stock_level l WHERE on_hand != "
            "(SELECT coalesce(sum(quantity), 0) FROM stock_movement m WHERE m.product_id = l.product_id)"
        ).fetchone()[0]
        assert drift == 0
        numbers = sorted(int(s[1].rsplit("-", 1)[1]) for s in sales if s[1].startswith("BLU-"))
        assert len(set(numbers)) == len(numbers)
