"""The one-machine demo: the same central service on a SQLite file instead of PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from inventory.clock import FixedClock
from inventory.outlet import open_store
from inventory.stamp import Stamp
from sync.central import migrate, outlets
from sync.central.api import create_app
from sync.central.db import make_engine
from sync.central.ingest import _existing_hashes
from sync.central.summary import summarize
from sync.client import push
from sync.pull import pull_catalog
from sync.transport import CentralClient
from tests.conftest import FROZEN_NOW
from tests.factories import make_catalog, record_sale
from tests.sync.checker import check_exactly_once
from tests.sync.helpers import entries_of, post, wire
from tests.sync.servers import ServerThread


def test_sqlite_centre_ingests_idempotently(tmp_path: Path, clock: FixedClock) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    assert migrate.upgrade(engine) == migrate.current_revision(engine) == migrate.HEAD
    token = outlets.add_outlet(engine, code="KPG", name="Kupang", kabupaten="Kota", now=FROZEN_NOW)
    store = open_store(
        tmp_path / "kpg.db", outlet_code="KPG", outlet_name="Kupang", now=FROZEN_NOW, create=True
    )
    stamp = Stamp(outlet="KPG", actor="kasir", at=FROZEN_NOW)
    with store.write() as session:
        ids = make_catalog(session, stamp)
        for n in range(20):
            record_sale(session, stamp, ids, n)
    server = ServerThread(create_app(engine, max_batch_entries=7)).start()
    try:
        client = CentralClient(server.url, token, timeout=5)
        report = push(store, client, outlet="KPG", clock=clock, batch_size=5)
        assert report.waiting == 0 and report.acked_seq == 23
        again = post(server.url, token, wire(entries_of(store, limit=7)))
        assert again.status_code == 200 and again.json()["duplicates"] == 7
        assert pull_catalog(store, client, outlet="KPG", clock=clock).unchanged == 3
        client.close()
    finally:
        server.stop()
    assert check_exactly_once(engine, {"KPG": tmp_path / "kpg.db"}) == []
    # A large import asks about more seqs than SQLite binds in one statement.
    with engine.connect() as connection:
        assert len(_existing_hashes(connection, "KPG", list(range(1, 40_001)))) == 23
    (row,) = summarize(engine)
    assert (row.code, row.entries, row.contiguous_seq, row.stock_movements) == ("KPG", 23, 23, 60)
    store.close()
    engine.dispose()
