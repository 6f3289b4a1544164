"""Exactly once, however bad the link: real server process, real PostgreSQL, real sockets.

Several outlets run ``nttmart sync run`` through the fault proxy while their tills keep
selling (a backlog of sale-like stock entries, then real checkouts with shifts and refunds); the proxy resets, stalls, delays and cuts exchanges at random; the central server is
SIGKILLed mid-push and started again; one outlet's sync daemon is SIGKILLed mid-push and started
again. Then the link heals, every outlet drains its backlog, and the checker compares both sides.
"""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, text

from inventory.clock import FixedClock
from inventory.db import Store
from inventory.outlet import open_store
from inventory.stamp import Stamp
from pos.config import OutletSettings, Settings
from pos.context import OutletContext
from pos.simulate import simulate
from sync.central import outlets
from sync.client import push
from sync.journal import JournalState
from sync.transport import CentralClient, SyncFailed
from tests.conftest import FROZEN_NOW
from tests.factories import ean, make_product, record_sale
from tests.sync.checker import check_exactly_once
from tests.sync.conftest import OutletUnderTest
from tests.sync.faultproxy import Fault, FaultProxy
from tests.sync.helpers import central_seqs
from tests.sync.servers import NTTMART, ServerProcess, ServerThread, free_port
from tests.sync.test_client import add_sales

CODES = ("BLU", "KPG", "SBA", "ENE")
SEEDED_SALES = 500
LIVE_SALES = 80
FAULTS = {
    Fault.RESET: 0.04,
    Fault.CLOSE_HALFWAY: 0.04,
    Fault.STALL: 0.02,
    Fault.CUT_RESPONSE: 0.08,
    Fault.LATENCY: 0.10,
}


@dataclass
class Outlet:
    code: str
    path: Path
    config: Path
    store: Store
    product_ids: list[str]
    daemon: subprocess.Popen[bytes] | None = None


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    """Poll ``condition`` (state in other processes has no event to wait on) until a deadline."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.05)


def central_entries(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM central_journal")).scalar_one())


def acked_and_last(outlet: Outlet) -> tuple[int, int]:
    with outlet.store.read() as session:
        state = session.get(JournalState, outlet.code)
        last = session.execute(text("SELECT coalesce(max(seq), 0) FROM journal")).scalar_one()
    return (state.acked_seq if state else 0), int(last)


def start_daemon(outlet: Outlet, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as sink:
        return subprocess.Popen(
            [str(NTTMART), "--config", str(outlet.config), "sync", "run"],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )


@pytest.fixture
def fleet(tmp_path: Path, central: Engine, postgres_url: str) -> Iterator[dict[str, Outlet]]:
    """The outlets, each with a catalog and a backlog of sales, registered at the centre."""
    made: dict[str, Outlet] = {}
    for index, code in enumerate(CODES):
        token = outlets.add_outlet(central, code=code, name=code, kabupaten="NTT", now=FROZEN_NOW)
        path = tmp_path / code / "outlet.db"
        store = open_store(path, outlet_code=code, outlet_name=code, now=FROZEN_NOW, create=True)
        stamp = Stamp(outlet=code, actor="kasir", at=FROZEN_NOW)
        with store.write() as session:
            ids = [
                make_product(
                    session, stamp, sku=f"{code}-{n}", name=f"Produk {code} {n}",
                    barcodes=[ean(index * 10 + n)],
                ).id
                for n in range(3)
            ]  # fmt: skip
            for number in range(SEEDED_SALES):
                record_sale(session, stamp, ids, number)
        config = path.parent / "config.toml"
        made[code] = Outlet(code=code, path=path, config=config, store=store, product_ids=ids)
        made[code].config.write_text(
            f'[outlet]\ncode = "{code}"\nname = "{code}"\n[database]\npath = "{path}"\n'
            f'[log]\npath = "{path.parent / "sync.log"}"\nlevel = "INFO"\n'
            f'[sync]\ncentral_url = "http://127.0.0.1:0"\ntoken = "{token}"\n'
            f"batch_size = {17 + 9 * index}\ntimeout = 1.0\npush_interval = 0.2\n"
            "pull_interval = 1.0\nbackoff_initial = 0.05\nbackoff_max = 0.4\n",
            encoding="utf-8",
        )
    yield made
    for outlet in made.values():
        if outlet.daemon is not None and outlet.daemon.poll() is None:
            outlet.daemon.kill()
            outlet.daemon.wait(10)
        outlet.store.close()


def sell(outlet: Outlet, count: int, failures: list[BaseException]) -> None:
    """The till, while sync runs: real checkouts (shifts, several tenders, some refunds)."""
    context = OutletContext(
        settings=Settings(outlet=OutletSettings(code=outlet.code, name=outlet.code)),
        store=outlet.store,
        clock=FixedClock(FROZEN_NOW),
    )
    try:
        simulate(context, sales=count, seed=len(outlet.code) + count, shift_size=30)
    except BaseException as error:  # reported by the test thread
        failures.append(error)


def test_every_sale_reaches_the_centre_exactly_once(
    tmp_path: Path, central: Engine, postgres_url: str, fleet: dict[str, Outlet]
) -> None:
    port = free_port()
    server = ServerProcess(
        port,
        {"NTTMART_CENTRAL__DATABASE_URL": postgres_url, "NTTMART_CENTRAL__MAX_BATCH_ENTRIES": "60"},
        tmp_path / "server.log",
    ).start()
    proxy = FaultProxy(port, probabilities=FAULTS, seed=20261122, stall_seconds=2.0).start()
    # Every kind of fault at least twice, whatever the dice say, then at random.
    proxy.cue(*FAULTS, *FAULTS)
    try:
        for outlet in fleet.values():
            text_ = outlet.config.read_text().replace(
                "http://127.0.0.1:0", f"http://127.0.0.1:{proxy.port}"
            )
            outlet.config.write_text(text_)
            outlet.daemon = start_daemon(outlet, tmp_path / f"{outlet.code}.daemon.log")
        failures: list[BaseException] = []
        tills = [
            threading.Thread(target=sell, args=(outlet, LIVE_SALES, failures))
            for outlet in fleet.values()
        ]
        # At least one entry per sale (a shift, a refund or an approval adds more).
        total = sum(acked_and_last(o)[1] for o in fleet.values()) + len(fleet) * LIVE_SALES
        for till in tills:
            till.start()

        # The central server dies mid-push (SIGKILL: no shutdown at all) and comes back.
        wait_for(lambda: central_entries(central) > total // 5, 180, "a fifth of the entries")
        server.kill()
        server.start()

        # One outlet's sync daemon dies mid-push and is started again.
        blu = fleet["BLU"]
        wait_for(lambda: acked_and_last(blu)[0] > 150, 180, "BLU to push a while")
        assert acked_and_last(blu)[0] < acked_and_last(blu)[1], "BLU had no backlog left"
        assert blu.daemon is not None
        blu.daemon.send_signal(signal.SIGKILL)
        blu.daemon.wait(10)
        blu.daemon = start_daemon(blu, tmp_path / "BLU.daemon.log")

        for till in tills:
            till.join(60)
        assert failures == []
        # Sales, refunds, shifts and approvals: the exact count of entries is known now.
        total = sum(acked_and_last(o)[1] for o in fleet.values())
        # The link heals: everything waiting must drain.
        wait_for(lambda: central_entries(central) > total // 2, 240, "half of the entries")
        proxy.set_probabilities({})
        wait_for(
            lambda: all(acked == last for acked, last in map(acked_and_last, fleet.values())),
            90,
            "every outlet to be acknowledged",
        )
        for outlet in fleet.values():
            assert outlet.daemon is not None
            outlet.daemon.send_signal(signal.SIGTERM)
            assert outlet.daemon.wait(15) == 0
        health = httpx.get(f"{server.url}/v1/health", timeout=5)
        assert health.status_code == 200
    finally:
        proxy.stop()
        server.stop()

    problems = check_exactly_once(central, {code: o.path for code, o in fleet.items()})
    assert problems == []
    assert central_entries(central) == total
    injected = {fault: n for fault, n in proxy.counts.items() if fault is not Fault.NONE}
    assert set(injected) == set(FAULTS), f"not every fault happened: {injected}"
    assert sum(injected.values()) >= 15, proxy.counts


def test_a_lost_answer_is_resent_and_stored_once(
    server: ServerThread,
    central: Engine,
    make_outlet: Callable[[str], OutletUnderTest],
    clock: FixedClock,
) -> None:
    """The server commits a batch but the answer is cut off: the resend only acknowledges it."""
    blu = make_outlet("BLU")
    add_sales(blu, 4)
    proxy = FaultProxy(server.port).start()
    # A stall costs one timeout; a loaded machine needs the slack.
    client = CentralClient(f"http://127.0.0.1:{proxy.port}", blu.token, timeout=5)
    try:
        client.limits()
        for fault in (Fault.CUT_RESPONSE, Fault.STALL, Fault.CLOSE_HALFWAY, Fault.RESET):
            proxy.cue(Fault.NONE, fault)  # the state check passes, the batch does not
            with pytest.raises(SyncFailed):
                push(blu.store, client, outlet="BLU", clock=clock, batch_size=100)
        # The cut answer came after the commit: the centre already holds everything once.
        assert central_seqs(central, "BLU") == list(range(1, 8))
        report = push(blu.store, client, outlet="BLU", clock=clock, batch_size=100)
        assert report.acked_seq == 7 and report.waiting == 0
        assert central_seqs(central, "BLU") == list(range(1, 8))
    finally:
        client.close()
        proxy.stop()
    assert check_exactly_once(central, {"BLU": blu.path}) == []
