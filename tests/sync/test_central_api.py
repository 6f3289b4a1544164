"""The central API over real HTTP: auth, idempotency, conflicts, validation, gzip and limits."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable

import httpx
from sqlalchemy import Engine, select

from sync.central import outlets, tables
from sync.wire import content_hash, dumps, entry_text
from tests.conftest import FROZEN_NOW
from tests.factories import make_catalog, record_sale
from tests.sync.conftest import MAX_BYTES, MAX_ENTRIES, OutletUnderTest
from tests.sync.helpers import central_counts, central_seqs, entries_of, post, wire
from tests.sync.servers import ServerThread

MakeOutlet = Callable[[str], OutletUnderTest]


def with_sales(outlet: OutletUnderTest, count: int) -> OutletUnderTest:
    """Give ``outlet`` a small catalog and ``count`` sale entries."""
    from inventory.stamp import Stamp

    stamp = Stamp(outlet=outlet.code, actor="kasir", at=FROZEN_NOW)
    with outlet.store.write() as session:
        ids = make_catalog(session, stamp)
    for n in range(count):
        with outlet.store.write() as session:
            record_sale(session, stamp, ids, n)
    return outlet


def test_a_batch_is_stored_and_applied(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet
) -> None:
    blu = with_sales(make_outlet("BLU"), 5)
    entries = entries_of(blu.store)
    response = post(server.url, blu.token, wire(entries))
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["contiguous_seq"] == entries[-1].seq == answer["last_seq"]
    assert answer["stored"] == len(entries) and answer["gaps"] == []
    counts = central_counts(central)
    assert counts["central_journal"] == len(entries)
    # 3 catalog entries' products reach the master; every sale line is a movement.
    assert counts["central_product"] == 3
    assert counts["central_stock_movement"] == 5 * 3
    with central.connect() as connection:
        stored = connection.execute(
            select(tables.journal.c.payload, tables.journal.c.content_hash).where(
                tables.journal.c.seq == entries[-1].seq
            )
        ).one()
    assert stored.payload == entries[-1].payload
    last = entries[-1]
    assert stored.content_hash == content_hash(
        entry_text(
            outlet=last.outlet,
            seq=last.seq,
            id=last.id,
            kind=last.kind,
            schema_version=last.schema_version,
            created_at=last.created_at,
            payload_text=last.payload,
        )
    )


def test_resending_the_same_batch_changes_nothing(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet
) -> None:
    blu = with_sales(make_outlet("BLU"), 4)
    body = wire(entries_of(blu.store))
    first = post(server.url, blu.token, body).json()
    before = central_counts(central)
    for _ in range(5):
        again = post(server.url, blu.token, body)
        assert again.status_code == 200
        assert again.json()["stored"] == 0
        assert again.json()["duplicates"] == len(body["entries"])
        assert again.json()["contiguous_seq"] == first["contiguous_seq"]
    # Reordered keys and spacing are the same entry.
    shuffled = {"entries": [dict(reversed(list(e.items()))) for e in body["entries"]]}
    assert post(server.url, blu.token, shuffled).json()["stored"] == 0
    assert central_counts(central) == before


def test_gaps_are_reported_and_filled(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet
) -> None:
    blu = with_sales(make_outlet("BLU"), 7)
    entries = entries_of(blu.store)  # seqs 1..10
    later = post(server.url, blu.token, wire(entries[5:])).json()
    assert later["contiguous_seq"] == 0
    assert later["gaps"] == [{"first": 1, "last": 5}]
    middle = post(server.url, blu.token, wire([entries[2]])).json()
    assert middle["gaps"] == [{"first": 1, "last": 2}, {"first": 4, "last": 5}]
    done = post(server.url, blu.token, wire(entries[:5])).json()
    assert done["contiguous_seq"] == entries[-1].seq and done["gaps"] == []
    assert central_seqs(central, "BLU") == [e.seq for e in entries]


def test_same_seq_other_content_is_a_conflict_recorded_for_admins(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet
) -> None:
    blu = with_sales(make_outlet("BLU"), 2)
    body = wire(entries_of(blu.store))
    assert post(server.url, blu.token, body).status_code == 200
    before = central_counts(central)
    forged = json.loads(json.dumps(body))
    forged["entries"][-1]["payload"]["movements"][0]["quantity"] = -99
    for _ in range(2):
        refused = post(server.url, blu.token, forged)
        assert refused.status_code == 409
        assert refused.json()["problems"][0]["seq"] == body["entries"][-1]["seq"]
    assert central_counts(central) == before
    with central.connect() as connection:
        conflicts = connection.execute(select(tables.conflict)).all()
    assert len(conflicts) == 1
    assert conflicts[0].seq == body["entries"][-1]["seq"] and conflicts[0].times == 2
    assert '"quantity":-99' in conflicts[0].offered_entry


def test_tokens_identify_the_outlet(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet
) -> None:
    blu = with_sales(make_outlet("BLU"), 2)
    kpg = make_outlet("KPG")
    body = wire(entries_of(blu.store))
    assert post(server.url, None, body).status_code == 401
    bad = post(server.url, "not-a-token", body)
    assert bad.status_code == 401 and bad.headers["www-authenticate"] == "Bearer"
    # KPG's token cannot write BLU's entries, even mixed with its own.
    foreign = post(server.url, kpg.token, body)
    assert foreign.status_code == 403
    assert foreign.json()["problems"][0]["field"] == "outlet"
    assert central_counts(central)["central_journal"] == 0
    # Nor read BLU's state: the token decides whose journal GET /v1/journal shows.
    assert post(server.url, blu.token, body).status_code == 200
    seen = httpx.get(
        f"{server.url}/v1/journal", headers={"Authorization": f"Bearer {kpg.token}"}
    ).json()
    assert seen["outlet"] == "KPG" and seen["last_seq"] == 0


def test_disabled_outlet_and_rotated_token_are_refused(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet
) -> None:
    blu = with_sales(make_outlet("BLU"), 1)
    body = wire(entries_of(blu.store))
    outlets.set_enabled(central, code="BLU", enabled=False)
    assert post(server.url, blu.token, body).status_code == 403
    outlets.set_enabled(central, code="BLU", enabled=True)
    new_token = outlets.rotate_token(central, code="BLU", now=FROZEN_NOW)
    assert post(server.url, blu.token, body).status_code == 401
    assert central_counts(central)["central_journal"] == 0
    assert post(server.url, new_token, body).status_code == 200


def test_a_malformed_entry_names_entry_and_field_and_nothing_is_stored(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet
) -> None:
    blu = with_sales(make_outlet("BLU"), 3)
    body = wire(entries_of(blu.store))
    bad_seq = body["entries"][4]["seq"]
    body["entries"][4]["payload"]["movements"][1]["quantity"] = "two"
    response = post(server.url, blu.token, body)
    assert response.status_code == 422
    problem = response.json()["problems"][0]
    assert problem["seq"] == bad_seq and problem["index"] == 4
    assert problem["field"] == "payload.movements.1.quantity"
    body["entries"][4]["payload"]["movements"][1]["quantity"] = -1
    body["entries"][1]["kind"] = "sale.teleported"
    unknown = post(server.url, blu.token, body).json()["problems"][0]
    assert (unknown["index"], unknown["field"]) == (1, "kind")
    del body["entries"][1]["kind"]
    missing = post(server.url, blu.token, body).json()["problems"][0]
    assert (missing["index"], missing["field"]) == (1, "kind")
    assert central_counts(central)["central_journal"] == 0
    assert central_counts(central)["central_stock_movement"] == 0


def test_gzip_bodies_are_accepted_and_bad_gzip_refused(
    server: ServerThread, make_outlet: MakeOutlet
) -> None:
    blu = with_sales(make_outlet("BLU"), 2)
    body = wire(entries_of(blu.store))
    assert post(server.url, blu.token, body, gzipped=True).json()["stored"] == len(body["entries"])
    broken = gzip.compress(json.dumps(body).encode())[:-12]
    refused = post(server.url, blu.token, None, raw=broken, gzipped=False)
    assert refused.status_code == 400  # not JSON
    truncated = httpx.post(
        f"{server.url}/v1/journal",
        content=broken,
        headers={
            "Authorization": f"Bearer {blu.token}",
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
        },
    )
    assert truncated.status_code == 400 and "gzip" in truncated.json()["message"]


def test_limits_on_count_and_size(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet
) -> None:
    blu = make_outlet("BLU")
    entry = {
        "outlet": "BLU",
        "seq": 1,
        "id": "x",
        "kind": "audit",
        "schema_version": 1,
        "created_at": "2026-11-22T06:00:00+00:00",
        "payload": {"id": "a", "at": "2026-11-22T06:00:00+00:00", "actor": "x", "action": "y"},
    }
    many = {"entries": [{**entry, "seq": n + 1} for n in range(MAX_ENTRIES + 1)]}
    assert post(server.url, blu.token, many).status_code == 413
    big = {"entries": [{**entry, "payload": {**entry["payload"], "subject": "x" * MAX_BYTES}}]}
    assert post(server.url, blu.token, big).status_code == 413
    # A small gzip body that inflates past the limit is cut off while inflating.
    bomb = gzip.compress(b'{"entries": [' + b" " * (MAX_BYTES * 4) + b"]}")
    assert len(bomb) < MAX_BYTES // 10
    assert post(server.url, blu.token, None, raw=bomb, gzipped=False).status_code == 400
    inflating = httpx.post(
        f"{server.url}/v1/journal",
        content=bomb,
        headers={
            "Authorization": f"Bearer {blu.token}",
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
        },
    )
    assert inflating.status_code == 413
    assert central_counts(central)["central_journal"] == 0


def test_health_and_openapi(server: ServerThread) -> None:
    health = httpx.get(f"{server.url}/v1/health").json()
    assert health["status"] == "ok" and health["database"] == "ok"
    assert health["max_batch_entries"] == MAX_ENTRIES
    assert {"catalog.change", "stock.movements", "audit"} <= set(health["kinds"])
    schema = httpx.get(f"{server.url}/openapi.json").json()
    push = schema["paths"]["/v1/journal"]["post"]
    assert "entries" in push["requestBody"]["content"]["application/json"]["schema"]["properties"]
    assert {"200", "401", "403", "409", "413", "422"} <= set(push["responses"])
    assert "/v1/catalog" in schema["paths"]


def test_canonical_entry_text_equals_dumps_of_the_entry(make_outlet: MakeOutlet) -> None:
    blu = with_sales(make_outlet("BLU"), 1)
    for entry in entries_of(blu.store):
        as_dict = {
            "outlet": entry.outlet,
            "seq": entry.seq,
            "id": entry.id,
            "kind": entry.kind,
            "schema_version": entry.schema_version,
            "created_at": entry.created_at,
            "payload": json.loads(entry.payload),
        }
        assert dumps(as_dict) == entry_text(
            outlet=entry.outlet,
            seq=entry.seq,
            id=entry.id,
            kind=entry.kind,
            schema_version=entry.schema_version,
            created_at=entry.created_at,
            payload_text=entry.payload,
        )


def test_rows_clashing_with_another_outlets_rows_are_refused_not_crashed(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet
) -> None:
    blu = with_sales(make_outlet("BLU"), 1)
    kpg = make_outlet("KPG")
    blu_body = wire(entries_of(blu.store))
    assert post(server.url, blu.token, blu_body).status_code == 200
    before = central_counts(central)
    sale = next(e for e in blu_body["entries"] if e["kind"] == "stock.movements")
    copied = {"entries": [{**sale, "outlet": "KPG", "seq": 1}]}
    refused = post(server.url, kpg.token, copied)
    assert refused.status_code == 422, refused.text
    assert central_counts(central) == before


def test_two_service_processes_share_the_database_safely(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet
) -> None:
    """The same batch sent at once to two servers is stored once; the answers agree."""
    import threading

    from sync.central.api import create_app

    other = ServerThread(create_app(central, max_batch_entries=MAX_ENTRIES)).start()
    blu = with_sales(make_outlet("BLU"), 20)
    body = wire(entries_of(blu.store))
    answers: list[dict[str, int]] = []
    start = threading.Barrier(8)

    def send(url: str) -> None:
        start.wait()
        response = post(url, blu.token, body)
        assert response.status_code == 200, response.text
        answers.append(response.json())

    senders = [threading.Thread(target=send, args=(s.url,)) for s in [server, other] * 4]
    try:
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join(60)
    finally:
        other.stop()
    count = len(body["entries"])
    assert len(answers) == 8
    assert sum(a["stored"] for a in answers) == count
    assert sum(a["duplicates"] for a in answers) == 7 * count
    assert {a["contiguous_seq"] for a in answers} == {count}
    assert central_counts(central)["central_stock_movement"] == 20 * 3
