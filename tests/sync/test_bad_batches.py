"""Generated bad batches never crash the centre (no 500) and never store anything."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from tests.sync.conftest import OutletUnderTest
from tests.sync.servers import ServerThread

NOW = "2026-11-22T06:00:00+00:00"
MOVEMENT = {
    "id": "0193a000-0000-7000-8000-000000000001",
    "product_id": "0193a000-0000-7000-8000-000000000002",
    "kind": "sale",
    "quantity": -2,
    "reason": None,
    "reference": "SALE-1",
    "actor": "kasir",
    "occurred_at": NOW,
}
TEMPLATES: list[dict[str, Any]] = [
    {"kind": "stock.movements", "payload": {"movements": [MOVEMENT]}},
    {
        "kind": "audit",
        "payload": {"id": "a1", "at": NOW, "actor": "maria", "action": "product.price"},
    },
    {
        "kind": "catalog.change",
        "payload": {
            "products": [
                {
                    "id": "p1",
                    "sku": "KOP-1",
                    "name": "Kopi",
                    "unit": "pcs",
                    "price": 65000,
                    "version": 1,
                }
            ]
        },
    },
]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)

# Changes that make an entry invalid whatever else is in it.
SURELY_BAD: list[Callable[[dict[str, Any]], None]] = [
    lambda e: e.pop("seq"),
    lambda e: e.pop("kind"),
    lambda e: e.pop("payload"),
    lambda e: e.update(seq="7"),
    lambda e: e.update(seq=0),
    lambda e: e.update(seq=True),
    lambda e: e.update(kind="sale.unknown"),
    lambda e: e.update(schema_version=99),
    lambda e: e.update(payload=[]),
    lambda e: e.update(created_at="yesterday"),
    lambda e: e.update(created_at="2026-11-22T06:00:00"),
    lambda e: e.update(outlet="blu"),
    lambda e: e.update(outlet="KPG"),
    lambda e: e.update(extra="field"),
    lambda e: _in_payload(e, lambda p: p.update(unexpected=1)),
    lambda e: _in_payload(e, lambda p: p.update(movements=[]) if "movements" in p else e.pop("id")),
    lambda e: _in_payload(
        e, lambda p: p.update(actor="nul\x00byte") if "actor" in p else e.pop("created_at")
    ),
]


def _in_payload(e: dict[str, Any], change: Callable[[dict[str, Any]], object]) -> None:
    """Damage the payload; when random damage already replaced it, drop the seq instead."""
    payload = e.get("payload")
    if isinstance(payload, dict):
        change(payload)
    else:
        e.pop("seq", None)


def entry(seq: int, template: dict[str, Any]) -> dict[str, Any]:
    return {
        "outlet": "BLU",
        "seq": seq,
        "id": f"0193a000-0000-7000-8000-{seq:012d}",
        "schema_version": 1,
        "created_at": NOW,
        **copy.deepcopy(template),
    }


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(paths(child, (*prefix, index)))
    return found


@st.composite
def bad_batches(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(min_value=1, max_value=6))
    entries = [entry(n + 1, draw(st.sampled_from(TEMPLATES))) for n in range(count)]
    # Random damage anywhere, which may or may not make an entry invalid...
    for item in entries:
        if draw(st.booleans()):
            where = draw(st.sampled_from(paths(item)))
            target = item
            for key in where[:-1]:
                target = target[key]
            target[where[-1]] = draw(json_values)
    # ...and one change that surely does.
    victim = draw(st.sampled_from(entries))
    draw(st.sampled_from(SURELY_BAD))(victim)
    return {"entries": entries}


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=bad_batches())
def test_bad_batches_are_refused_without_a_trace(
    server: ServerThread,
    central: Engine,
    make_outlet: Callable[[str], OutletUnderTest],
    batch: dict[str, Any],
) -> None:
    token = _token(make_outlet)
    body = json.dumps(batch, allow_nan=True).encode()
    response = httpx.post(
        f"{server.url}/v1/journal",
        content=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=30,
    )
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["error"] in {"invalid", "forbidden", "unreadable"}
    assert stored_rows(central) == 0


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode),
    encoding=st.sampled_from([None, "gzip", "br"]),
)
def test_garbage_bodies_are_refused(
    server: ServerThread,
    central: Engine,
    make_outlet: Callable[[str], OutletUnderTest],
    raw: bytes,
    encoding: str | None,
) -> None:
    token = _token(make_outlet)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if encoding:
        headers["Content-Encoding"] = encoding
    response = httpx.post(f"{server.url}/v1/journal", content=raw, headers=headers, timeout=30)
    assert 400 <= response.status_code < 500, response.text
    assert stored_rows(central) == 0


STORED = text(
    "SELECT (SELECT count(*) FROM central_journal) + (SELECT count(*) FROM central_stock_movement)"
    " + (SELECT count(*) FROM central_audit_event) + (SELECT count(*) FROM central_product)"
    " + (SELECT count(*) FROM central_conflict)"
)


def stored_rows(engine: Engine) -> int:
    """Rows ingest could have written, all tables together."""
    with engine.connect() as connection:
        return int(connection.execute(STORED).scalar_one())


_tokens: dict[int, str] = {}


def _token(make_outlet: Callable[[str], OutletUnderTest]) -> str:
    """BLU (and KPG, so cross-outlet entries name a real outlet), made once per test."""
    key = id(make_outlet)
    if key not in _tokens:
        _tokens[key] = make_outlet("BLU").token
        make_outlet("KPG")
    return _tokens[key]
