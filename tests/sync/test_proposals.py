"""Catalog proposals at the centre: listed with what they would change, adopted into the master
as a new catalog version every outlet pulls, or rejected with a reason; decided only once.
Real outlets, real uvicorn, real PostgreSQL; the admin commands through the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, select

from inventory.clock import FixedClock
from sync.central import proposals, tables
from tests.conftest import FROZEN_NOW
from tests.sync.conftest import OutletUnderTest
from tests.sync.servers import ServerThread
from tests.sync.test_pull import product, save, sync_once

MakeOutlet = Callable[[str], OutletUnderTest]
SKU = "MDU-SMB-500"


@pytest.fixture
def central_env(postgres_url: str, central: Engine) -> dict[str, str]:
    """Environment that points ``nttmart central`` at the test database."""
    return {"NTTMART_CENTRAL__DATABASE_URL": postgres_url}


def nttmart(env: dict[str, str], *args: str) -> Result:
    from pos.cli import main

    # Indonesian unless the arguments say otherwise (the language is process-wide).
    lang = [] if "--lang" in args else ["--lang", "id"]
    return CliRunner().invoke(main, [*lang, *args], env=env, catch_exceptions=False)


def _two_proposals(
    server: ServerThread, make_outlet: MakeOutlet, clock: FixedClock
) -> tuple[OutletUnderTest, OutletUnderTest, OutletUnderTest]:
    """KPG owns the honey; BLU and TTU each propose another price."""
    kpg, blu, ttu = make_outlet("KPG"), make_outlet("BLU"), make_outlet("TTU")
    save(kpg, SKU, 85_000)
    sync_once(kpg, server.url, clock)
    for outlet, price in ((blu, 90_000), (ttu, 95_000)):
        sync_once(outlet, server.url, clock)
        save(outlet, SKU, price)
        sync_once(outlet, server.url, clock)
    return kpg, blu, ttu


def _master_price(central: Engine) -> tuple[int, int]:
    with central.connect() as connection:
        row = connection.execute(
            select(tables.product.c.price, tables.product.c.catalog_version)
        ).one()
    return int(row.price), int(row.catalog_version)


def test_adopting_a_proposal_publishes_it_to_every_outlet(
    server: ServerThread,
    central: Engine,
    central_env: dict[str, str],
    make_outlet: MakeOutlet,
    clock: FixedClock,
) -> None:
    kpg, blu, _ = _two_proposals(server, make_outlet, clock)
    price, version = _master_price(central)
    assert price == 85_000

    listed = nttmart(central_env, "central", "proposal", "list", "--json")
    assert listed.exit_code == 0, listed.output
    found = json.loads(listed.stdout)
    assert [(p["outlet"], p["status"], p["changes"]) for p in found] == [
        ("BLU", "pending", {"price": [85_000, 90_000]}),
        ("TTU", "pending", {"price": [85_000, 95_000]}),
    ]
    blu_id, ttu_id = found[0]["id"], found[1]["id"]
    table = nttmart(central_env, "--lang", "en", "central", "proposal", "list")
    assert "90000" in table.stdout and "pending" in table.stdout and "Outlet" in table.stdout

    adopted = nttmart(central_env, "central", "proposal", "adopt", str(blu_id), "--by", "admin")
    assert adopted.exit_code == 0, adopted.output
    assert "diterima" in adopted.stdout
    price, adopted_version = _master_price(central)
    assert price == 90_000 and adopted_version > version
    assert f"versi {adopted_version}" in adopted.stdout
    # Every outlet pulls the new version: the owner takes it; BLU's row is the same as its edit.
    assert sync_once(kpg, server.url, clock) == (1, 0, 0)
    assert product(kpg, SKU).price == 90_000  # type: ignore[union-attr]
    sync_once(blu, server.url, clock)
    assert product(blu, SKU).price == 90_000  # type: ignore[union-attr]

    # Decided once: adopting again, or rejecting it now, is refused and changes nothing.
    again = nttmart(central_env, "central", "proposal", "adopt", str(blu_id))
    assert again.exit_code == 1 and "sudah diputuskan" in again.stderr
    unknown = nttmart(central_env, "central", "proposal", "reject", "999", "--reason", "x")
    assert unknown.exit_code == 1 and "999" in unknown.stderr
    assert _master_price(central) == (90_000, adopted_version)

    rejected = nttmart(
        central_env, "central", "proposal", "reject", str(ttu_id), "--reason", "harga terlalu tinggi",
        "--by", "admin",
    )  # fmt: skip
    assert rejected.exit_code == 0, rejected.output
    assert _master_price(central) == (90_000, adopted_version)
    decided = json.loads(nttmart(central_env, "central", "proposal", "list", "--json").stdout)
    assert [(p["status"], p["decided_by"], p["reason"], p["catalog_version"]) for p in decided] == [
        ("adopted", "admin", None, adopted_version),
        ("rejected", "admin", "harga terlalu tinggi", None),
    ]
    pending = nttmart(central_env, "central", "proposal", "list", "--status", "pending", "--json")
    assert json.loads(pending.stdout) == []


def test_a_rejection_needs_a_reason_and_stores_nothing_without_one(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet, clock: FixedClock
) -> None:
    _two_proposals(server, make_outlet, clock)
    first = proposals.list_proposals(central)[0]
    with pytest.raises(Exception) as refused:
        proposals.reject_proposal(
            central, proposal_id=first.id, by="admin", reason="  ", now=FROZEN_NOW
        )
    assert getattr(refused.value, "key", None) == "proposal.no_reason"
    assert [p.status for p in proposals.list_proposals(central)] == ["pending", "pending"]
    with pytest.raises(Exception) as bad:
        proposals.list_proposals(central, status="maybe")
    assert getattr(bad.value, "key", None) == "proposal.bad_status"


def test_a_proposal_over_a_master_row_changed_since_needs_force(
    server: ServerThread,
    central: Engine,
    central_env: dict[str, str],
    make_outlet: MakeOutlet,
    clock: FixedClock,
) -> None:
    kpg, _, _ = _two_proposals(server, make_outlet, clock)
    found = json.loads(nttmart(central_env, "central", "proposal", "list", "--json").stdout)
    blu_id, ttu_id = found[0]["id"], found[1]["id"]
    assert [p["master_changed"] for p in found] == [False, False]
    # The owner edits the honey again after both proposals arrived.
    save(kpg, SKU, 88_000)
    sync_once(kpg, server.url, clock)
    owner_price, owner_version = _master_price(central)
    assert owner_price == 88_000

    refused = nttmart(central_env, "central", "proposal", "adopt", str(blu_id), "--by", "admin")
    assert refused.exit_code == 1
    assert f"Usulan {blu_id} dibuat atas katalog induk versi" in refused.stderr
    assert f"sekarang versi {owner_version}, oleh KPG" in refused.stderr
    assert _master_price(central) == (88_000, owner_version)  # nothing overwritten
    listed = json.loads(nttmart(central_env, "central", "proposal", "list", "--json").stdout)
    assert [(p["status"], p["master_changed"]) for p in listed] == [
        ("pending", True),
        ("pending", True),
    ]
    table = nttmart(central_env, "central", "proposal", "list").stdout
    assert "induk" in table and "berubah" in table  # "induk berubah", wrapped in its cell

    # Knowingly: --force adopts it over the owner's newer price.
    forced = nttmart(
        central_env, "central", "proposal", "adopt", str(blu_id), "--by", "admin", "--force"
    )
    assert forced.exit_code == 0, forced.output
    price, version = _master_price(central)
    assert price == 90_000 and version > owner_version
    # Decided proposals are no longer flagged; TTU's, still pending, is.
    listed = json.loads(nttmart(central_env, "central", "proposal", "list", "--json").stdout)
    assert [(p["id"], p["master_changed"]) for p in listed] == [(blu_id, False), (ttu_id, True)]
