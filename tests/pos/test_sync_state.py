"""The sync state the till's header shows, read from the outlet database alone."""

from __future__ import annotations

from datetime import timedelta

import pytest

from inventory.clock import FixedClock
from inventory.db import Store
from pos.config import SyncSettings
from pos.sync_state import read_sync_state, sync_state_text
from sync import journal
from tests.conftest import OUTLET

SET_UP = SyncSettings(central_url="http://127.0.0.1:8400", token="t")


def shown(store: Store, clock: FixedClock, settings: SyncSettings = SET_UP) -> str:
    state = read_sync_state(store, outlet=OUTLET, settings=settings, now=clock.now())
    return sync_state_text(state)


def write_entries(store: Store, clock: FixedClock, count: int) -> None:
    with store.write() as session:
        for n in range(count):
            journal.append(session, outlet=OUTLET, kind="test", payload={"n": n}, at=clock.now())


def test_not_configured(store: Store, clock: FixedClock) -> None:
    write_entries(store, clock, 2)
    assert shown(store, clock, SyncSettings()) == "Sync: tidak diatur"
    state = read_sync_state(store, outlet=OUTLET, settings=SyncSettings(), now=clock.now())
    assert (state.configured, state.online, state.waiting) == (False, False, 2)


def test_waiting_online_and_offline_with_the_age_of_the_last_success(
    store: Store, clock: FixedClock
) -> None:
    write_entries(store, clock, 3)
    assert shown(store, clock) == "Offline · 3 menunggu · belum pernah terkirim"
    with store.write() as session:
        journal.acknowledge(session, outlet=OUTLET, seq=2, at=clock.now())
        journal.record_attempt(session, outlet=OUTLET, at=clock.now(), error=None)
    assert shown(store, clock) == "Online · 1 menunggu · baru saja"
    clock.advance(timedelta(minutes=2, seconds=59))
    assert shown(store, clock) == "Online · 1 menunggu · 2 mnt lalu"
    # Nothing heard for longer than five minutes: offline, whatever the last try said.
    clock.advance(timedelta(minutes=3))
    assert shown(store, clock) == "Offline · 1 menunggu · terakhir 5 mnt lalu"
    write_entries(store, clock, 117)
    clock.advance(timedelta(hours=3))
    assert shown(store, clock) == "Offline · 118 menunggu · terakhir 3 jam lalu"
    # A failed try is offline at once, and keeps the time of the last success.
    with store.write() as session:
        journal.record_attempt(session, outlet=OUTLET, at=clock.now(), error="timeout")
    assert shown(store, clock).startswith("Offline · 118 menunggu · terakhir 3 jam")
    clock.advance(timedelta(days=2))
    assert shown(store, clock) == "Offline · 118 menunggu · terakhir 2 hari lalu"


@pytest.mark.usefixtures("english")
def test_in_english(store: Store, clock: FixedClock) -> None:
    assert shown(store, clock, SyncSettings()) == "Sync: not set up"
    write_entries(store, clock, 1)
    with store.write() as session:
        journal.record_attempt(session, outlet=OUTLET, at=clock.now(), error=None)
    clock.advance(timedelta(minutes=7))
    write_entries(store, clock, 1)
    assert shown(store, clock) == "Offline · 2 waiting · last 7 min ago"
