"""The outlet's sync client against a real central server: push, acknowledgement, status, lock."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import Engine, text
from sqlmodel import select

from inventory.clock import FixedClock
from inventory.errors import NttMartError
from inventory.models import Product
from inventory.stamp import Stamp
from sync import journal
from sync.client import SyncLock, SyncWorker, WorkerSettings, backoff_delay, push, sync_status
from sync.transport import CentralClient, SyncFailed
from tests.conftest import FROZEN_NOW
from tests.factories import make_catalog, record_sale
from tests.sync.conftest import MAX_ENTRIES, OutletUnderTest
from tests.sync.helpers import central_seqs
from tests.sync.servers import ServerThread, free_port

MakeOutlet = Callable[[str], OutletUnderTest]


def add_sales(outlet: OutletUnderTest, count: int, start: int = 0) -> None:
    stamp = Stamp(outlet=outlet.code, actor="kasir", at=FROZEN_NOW)
    with outlet.store.write() as session:
        if start == 0:
            make_catalog(session, stamp)
        ids = [p.id for p in session.exec(select(Product).order_by(Product.sku)).all()]  # type: ignore[arg-type]
    for n in range(start, start + count):
        with outlet.store.write() as session:
            record_sale(session, stamp, ids, n)


def client_for(outlet: OutletUnderTest, url: str, **options: object) -> CentralClient:
    return CentralClient(url, outlet.token, timeout=5, **options)  # type: ignore[arg-type]


def test_push_sends_everything_in_batches_and_acknowledges_from_the_answer(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet, clock: FixedClock
) -> None:
    blu = make_outlet("BLU")
    add_sales(blu, 30)
    seen: list[tuple[int, int]] = []
    client = client_for(blu, server.url)
    report = push(
        blu.store,
        client,
        outlet="BLU",
        clock=clock,
        batch_size=7,
        progress=lambda done, total: seen.append((done, total)),
    )
    with blu.store.read() as session:
        last = journal.last_seq(session)
        state = journal.state(session, "BLU")
    assert report.sent == last == 33 and report.batches == 5 and report.waiting == 0
    assert state.acked_seq == last and state.last_error is None
    assert seen[-1] == (33, 33) and [done for done, _ in seen] == sorted(d for d, _ in seen)
    assert central_seqs(central, "BLU") == list(range(1, 34))
    # Nothing is deleted to sync.
    with blu.store.read() as session:
        assert journal.last_seq(session) == 33
    client.close()


def test_nothing_is_acknowledged_without_an_answer(
    make_outlet: MakeOutlet, clock: FixedClock, central: Engine
) -> None:
    blu = make_outlet("BLU")
    add_sales(blu, 3)
    client = client_for(blu, f"http://127.0.0.1:{free_port()}")
    with pytest.raises(SyncFailed) as failed:
        push(blu.store, client, outlet="BLU", clock=clock, batch_size=10)
    assert failed.value.retryable and failed.value.key == "sync.unreachable"
    status = sync_status(blu.store, outlet="BLU", now=clock.now(), configured=True)
    assert status.acked_seq == 0 and status.waiting == 6 and not status.online
    assert status.last_error is not None and "127.0.0.1" in status.last_error
    client.close()


def test_status_reports_online_waiting_and_age(
    server: ServerThread, make_outlet: MakeOutlet, clock: FixedClock
) -> None:
    blu = make_outlet("BLU")
    add_sales(blu, 2)
    client = client_for(blu, server.url)
    push(blu.store, client, outlet="BLU", clock=clock, batch_size=100)
    add_sales(blu, 1, start=2)
    clock.advance(timedelta(minutes=3))
    status = sync_status(blu.store, outlet="BLU", now=clock.now(), configured=True)
    assert status.online and status.waiting == 1 and status.acked_seq == 5
    assert status.last_success_age_s == 180
    as_json = status.as_dict()
    assert as_json["last_success_at"].startswith("2026-11-22T06:00")
    client.close()


def test_a_centre_that_lost_entries_gets_them_again(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet, clock: FixedClock
) -> None:
    blu = make_outlet("BLU")
    add_sales(blu, 5)
    client = client_for(blu, server.url)
    push(blu.store, client, outlet="BLU", clock=clock, batch_size=100)
    # The centre is restored from a backup older than the last push.
    with central.begin() as connection:
        connection.execute(text("DELETE FROM central_stock_movement WHERE seq > 4"))
        connection.execute(text("DELETE FROM central_journal WHERE seq > 4"))
        connection.execute(text("UPDATE central_outlet SET contiguous_seq = 4, last_seq = 4"))
    push(blu.store, client, outlet="BLU", clock=clock, batch_size=100)
    assert central_seqs(central, "BLU") == list(range(1, 9))
    client.close()


def test_refusals_are_not_retried_blindly(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet, clock: FixedClock
) -> None:
    blu = make_outlet("BLU")
    add_sales(blu, 1)
    bad = CentralClient(server.url, "wrong-token", timeout=5)
    with pytest.raises(SyncFailed) as failed:
        push(blu.store, bad, outlet="BLU", clock=clock, batch_size=10)
    assert failed.value.status == 401 and not failed.value.retryable
    bad.close()


def test_one_sync_worker_per_outlet_database(make_outlet: MakeOutlet) -> None:
    blu = make_outlet("BLU")
    with SyncLock(blu.path):
        with pytest.raises(NttMartError) as locked:
            SyncLock(blu.path).acquire()
        assert locked.value.key == "sync.locked"
    with SyncLock(blu.path):  # released: can be taken again
        pass


def test_backoff_doubles_up_to_the_cap_with_jitter() -> None:
    rng = random.Random(7)
    delays = [backoff_delay(n, 1.0, 30.0, rng) for n in range(1, 9)]
    for n, delay in enumerate(delays, start=1):
        ceiling = min(30.0, 2 ** (n - 1))
        assert ceiling / 2 <= delay <= ceiling
    assert len({round(d, 6) for d in delays}) == len(delays)
    assert max(delays) <= 30


def test_the_worker_catches_up_after_the_centre_comes_back(
    central: Engine, make_outlet: MakeOutlet, clock: FixedClock
) -> None:
    from sync.central.api import create_app

    blu = make_outlet("BLU")
    add_sales(blu, 4)
    port = free_port()
    client = CentralClient(f"http://127.0.0.1:{port}", blu.token, timeout=2)
    worker = SyncWorker(
        blu.store,
        client,
        outlet="BLU",
        clock=clock,
        settings=WorkerSettings(
            batch_size=3, push_interval=0.05, backoff_initial=0.02, backoff_max=0.1
        ),
        rng=random.Random(1),
    )
    worker.start()
    try:
        assert worker.cycles.wait(10)
        assert sync_status(blu.store, outlet="BLU", now=clock.now(), configured=True).waiting == 7
        # While the worker runs, nobody else may sync this database.
        with pytest.raises(NttMartError):
            SyncLock(blu.path).acquire()
        server = ServerThread(create_app(central, max_batch_entries=MAX_ENTRIES), port=port)
        server.start()
        try:
            for _ in range(400):
                worker.cycles.clear()
                assert worker.cycles.wait(10)
                status = sync_status(blu.store, outlet="BLU", now=clock.now(), configured=True)
                if status.waiting == 0:
                    break
            assert status.waiting == 0 and status.online
            assert central_seqs(central, "BLU") == list(range(1, 8))
        finally:
            server.stop()
    finally:
        worker.stop(10)
        client.close()


def test_the_till_never_waits_for_the_network(
    server: ServerThread, make_outlet: MakeOutlet, clock: FixedClock
) -> None:
    """While a batch's answer is held back in the network, sales commit as if offline."""
    import time

    from tests.sync.faultproxy import Fault, FaultProxy

    blu = make_outlet("BLU")
    add_sales(blu, 4)
    proxy = FaultProxy(server.port).start()
    proxy.cue(Fault.NONE, Fault.NONE, Fault.HOLD)  # health, state, then the first batch
    client = CentralClient(f"http://127.0.0.1:{proxy.port}", blu.token, timeout=30)
    pushing = threading.Thread(
        target=push,
        args=(blu.store, client),
        kwargs={"outlet": "BLU", "clock": clock, "batch_size": 3},
    )
    try:
        pushing.start()
        assert proxy.holding.wait(30)
        stamp = Stamp(outlet="BLU", actor="kasir", at=FROZEN_NOW)
        with blu.store.read() as session:
            ids = [p.id for p in session.exec(select(Product)).all()]
        slowest = 0.0
        for number in range(10):
            started = time.perf_counter()
            with blu.store.write() as session:
                record_sale(session, stamp, ids, 100 + number)
            slowest = max(slowest, time.perf_counter() - started)
        assert pushing.is_alive()  # the answer is still held
        proxy.release()
        pushing.join(60)
    finally:
        proxy.release()
        client.close()
        proxy.stop()
    assert slowest < 1.0, f"a sale waited {slowest:.2f} s"
    status = sync_status(blu.store, outlet="BLU", now=clock.now(), configured=True)
    assert status.acked_seq >= 7 and status.last_seq == 17
    assert status.waiting == status.last_seq - status.acked_seq


def test_an_idle_outlet_is_still_heard_from(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet, clock: FixedClock
) -> None:
    from sync.central import outlets

    blu = make_outlet("BLU")
    client = client_for(blu, server.url)
    report = push(blu.store, client, outlet="BLU", clock=clock, batch_size=10)
    client.close()
    assert report.sent == 0
    assert outlets.get_outlet(central, "BLU").last_heard_at is not None
    assert sync_status(blu.store, outlet="BLU", now=clock.now(), configured=True).online
