"""The centre accepts a transfer's receipt only from its destination, once, and never for more
than was sent. A refused receipt is stored as raw journal (the batch is answered 200 and the
outlet's sync goes on) but does not touch the transfer: the admins find it in
``central_transfer_refusal``. Real outlets, real uvicorn, real PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

from click.testing import CliRunner
from sqlalchemy import Engine, select

from inventory.clock import FixedClock
from inventory.documents import KIND_TRANSFER_IN, TransferDoc, TransferReceiptDoc
from inventory.stamp import Stamp
from inventory.stock import adjust
from inventory.transfers import confirm_transfer, import_transfer, send_transfer
from pos.cli import main
from sync import journal
from sync.central import outlet_tables, tables
from sync.client import push
from sync.transport import CentralClient
from tests.conftest import FROZEN_NOW
from tests.inventory.manager.support import make_item
from tests.sync.conftest import OutletUnderTest
from tests.sync.servers import ServerThread

SKU = "KOP-BJW-250"


def _sync(server: ServerThread, outlet: OutletUnderTest, clock: FixedClock) -> None:
    client = CentralClient(server.url, outlet.token, timeout=10)
    try:
        report = push(outlet.store, client, outlet=outlet.code, clock=clock, batch_size=50)
    finally:
        client.close()
    assert report.waiting == 0  # refused receipts never block the outlet's journal


def _send(blu: OutletUnderTest, to: str) -> TransferDoc:
    stamp = Stamp(outlet=blu.code, actor="maria", at=FROZEN_NOW)
    with blu.store.write() as session:
        make_item(session, stamp, SKU)
        adjust(session, stamp, sku=SKU, quantity=20, reason="stok awal")
        return send_transfer(session, stamp, to_outlet=to, lines=[(SKU, 6)])


def _forge(outlet: OutletUnderTest, sent: TransferDoc, *, received: int, to_outlet: str) -> None:
    """A receipt written straight into ``outlet``'s journal, as a broken or hostile till could."""
    line = sent.lines[0]
    doc = TransferReceiptDoc(
        transfer_id=sent.id,
        number=sent.number,
        from_outlet=sent.from_outlet,
        to_outlet=to_outlet,
        actor="siapa",
        confirmed_at=FROZEN_NOW + timedelta(hours=1),
        lines=[
            {
                "product_id": line.product_id,
                "sent": line.quantity,
                "received": received,
                "difference": max(0, line.quantity - received),
            }
        ],
    )
    with outlet.store.write() as session:
        journal.append(
            session, outlet=outlet.code, kind=KIND_TRANSFER_IN, payload=doc, at=FROZEN_NOW
        )


def _transfer(central: Engine) -> tuple[str, str | None, list[object]]:
    with central.connect() as connection:
        row = connection.execute(select(outlet_tables.transfer)).one()
        received = (
            connection.execute(select(outlet_tables.transfer_line.c.received)).scalars().all()
        )
    return row.status, row.received_outlet, list(received)


def _refusals(central: Engine) -> list[tuple[str, str, dict[str, object]]]:
    with central.connect() as connection:
        rows = connection.execute(
            select(tables.transfer_refusal).order_by(tables.transfer_refusal.c.refused_at,
                                                     tables.transfer_refusal.c.seq)
        ).all()  # fmt: skip
    return [(row.outlet, row.reason, json.loads(row.detail)) for row in rows]


def test_only_the_destination_confirms_once_and_never_more_than_sent(
    postgres_url: str,
    central: Engine,
    server: ServerThread,
    make_outlet: Callable[[str], OutletUnderTest],
    clock: FixedClock,
) -> None:
    blu, kpg, ttu = make_outlet("BLU"), make_outlet("KPG"), make_outlet("TTU")
    sent = _send(blu, "KPG")
    _sync(server, blu, clock)
    assert _transfer(central) == ("in_transit", None, [None])

    # Another outlet claims the goods: stored, not applied.
    _forge(ttu, sent, received=6, to_outlet="KPG")
    _sync(server, ttu, clock)
    assert _transfer(central) == ("in_transit", None, [None])
    assert _refusals(central) == [
        ("TTU", "not_destination", {"destination": "KPG", "receiver": "TTU"})
    ]
    with central.connect() as connection:
        kinds = (
            connection.execute(
                select(tables.journal.c.kind).where(tables.journal.c.outlet == "TTU")
            )
            .scalars()
            .all()
        )
    assert kinds == [KIND_TRANSFER_IN]

    # The destination claiming more than was sent: refused too.
    _forge(kpg, sent, received=9, to_outlet="KPG")
    # Then its real confirmation, through the outlet's own service.
    there = Stamp(outlet="KPG", actor="yanti", at=FROZEN_NOW + timedelta(hours=2))
    with kpg.store.write() as session:
        make_item(session, there, SKU)
        import_transfer(session, there, sent)
        confirm_transfer(session, there, number=sent.number, received={SKU: 5})
    _sync(server, kpg, clock)
    assert _transfer(central) == ("received", "KPG", [5])
    assert [(outlet, reason) for outlet, reason, _ in _refusals(central)] == [
        ("TTU", "not_destination"),
        ("KPG", "more_than_sent"),
    ]

    # A second receipt after the transfer was received changes nothing.
    _forge(kpg, sent, received=6, to_outlet="KPG")
    _sync(server, kpg, clock)
    assert _transfer(central) == ("received", "KPG", [5])
    assert _refusals(central)[-1][:2] == ("KPG", "already_received")

    # Resending everything is answered as duplicates: no new refusals.
    with kpg.store.write() as session:
        journal.rewind(session, outlet="KPG", seq=0)
    _sync(server, kpg, clock)
    assert len(_refusals(central)) == 3

    # The admins list them.
    env = {"NTTMART_CENTRAL__DATABASE_URL": postgres_url, "COLUMNS": "200"}
    listed = CliRunner().invoke(
        main, ["central", "transfer-refusals", "--json"], env=env, catch_exceptions=False
    )
    assert [(r["outlet"], r["reason"], r["number"]) for r in json.loads(listed.stdout)] == [
        ("TTU", "not_destination", sent.number),
        ("KPG", "more_than_sent", sent.number),
        ("KPG", "already_received", sent.number),
    ]
    table = CliRunner().invoke(
        main, ["--lang", "en", "central", "transfer-refusals"], env=env, catch_exceptions=False
    )
    assert "not the destination (KPG)" in table.stdout
    assert "line 1: received 9, sent 6" in table.stdout


def test_a_receipt_arriving_before_the_transfer_is_checked_against_the_sender(
    central: Engine,
    server: ServerThread,
    make_outlet: Callable[[str], OutletUnderTest],
    clock: FixedClock,
) -> None:
    blu, ttu = make_outlet("BLU"), make_outlet("TTU")
    sent = _send(blu, "KPG")
    # TTU claims to be the destination before BLU's document reaches the centre.
    _forge(ttu, sent, received=6, to_outlet="TTU")
    _sync(server, ttu, clock)
    assert _transfer(central) == ("received", "TTU", [6])
    _sync(server, blu, clock)
    assert _transfer(central) == ("in_transit", None, [None])
    assert _refusals(central) == [
        ("TTU", "not_destination", {"destination": "KPG", "receiver": "TTU"})
    ]
