"""The outbox: gapless sequence numbers written in the caller's transaction."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from inventory.db import Store
from sync import journal
from sync.journal import JournalEntry


def test_seq_is_gapless_even_when_transactions_roll_back(store: Store, clock) -> None:  # type: ignore[no-untyped-def]
    with store.write() as session:
        journal.append(session, outlet="BLU", kind="test", payload={"n": 1}, at=clock.now())
    with pytest.raises(RuntimeError), store.write() as session:
        journal.append(session, outlet="BLU", kind="test", payload={"n": 2}, at=clock.now())
        raise RuntimeError("cancelled")
    with store.write() as session:
        entry = journal.append(session, outlet="BLU", kind="test", payload={"n": 3}, at=clock.now())
    assert entry.seq == 2
    with store.read() as session:
        entries = session.exec(select(JournalEntry).order_by(JournalEntry.seq)).all()  # type: ignore[arg-type]
    assert [e.seq for e in entries] == [1, 2]
    assert [json.loads(e.payload)["n"] for e in entries] == [1, 3]
    assert len({e.id for e in entries}) == 2


def test_payload_is_canonical_json() -> None:
    assert journal.canonical_json({"b": 1, "a": "Rp125.000 é"}) == '{"a":"Rp125.000 é","b":1}'


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(), _json_values, max_size=6))
def test_canonical_text_is_the_standard_librarys(data: dict[str, object]) -> None:
    """The fast encoder writes byte for byte what json.dumps writes, surrogates and huge
    integers included (those take the standard library's path)."""
    expected = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert journal.canonical_dumps(data) == expected


def test_acknowledge_never_moves_backwards(store: Store, clock) -> None:  # type: ignore[no-untyped-def]
    with store.write() as session:
        for n in range(5):
            journal.append(session, outlet="BLU", kind="test", payload={"n": n}, at=clock.now())
        journal.acknowledge(session, outlet="BLU", seq=3, at=clock.now())
        journal.acknowledge(session, outlet="BLU", seq=2, at=clock.now())
    with store.read() as session:
        assert journal.state(session, "BLU").acked_seq == 3
        assert [e.seq for e in journal.pending(session, outlet="BLU", limit=10)] == [4, 5]
        assert journal.last_seq(session) == 5
        # Nothing is deleted to sync.
        assert len(session.exec(select(JournalEntry)).all()) == 5


def test_what_the_fast_encoder_refuses_takes_the_standard_path() -> None:
    data = {"big": 2**70, "odd": "\ud800", "name": "Madu — Sumba"}
    expected = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert journal.canonical_dumps(data) == expected
