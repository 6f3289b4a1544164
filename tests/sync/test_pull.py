"""Catalog pull: central changes reach the outlets, local edits are never overwritten."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import Engine, func, select
from sqlmodel import select as sm_select

from inventory import catalog
from inventory.catalog import ProductInput
from inventory.clock import FixedClock
from inventory.models import Barcode, Product
from inventory.stamp import Stamp
from pos.cli import main
from sync.central import tables
from sync.central.catalog import set_product_price
from sync.client import push
from sync.pull import pull_catalog
from sync.transport import CentralClient
from tests.conftest import FROZEN_NOW
from tests.factories import ean
from tests.sync.conftest import OutletUnderTest
from tests.sync.servers import ServerThread

MakeOutlet = Callable[[str], OutletUnderTest]


def stamp_of(outlet: OutletUnderTest) -> Stamp:
    return Stamp(outlet=outlet.code, actor="manajer", at=FROZEN_NOW)


def save(outlet: OutletUnderTest, sku: str, price: int, name: str = "Madu Hutan Sumba") -> str:
    with outlet.store.write() as session:
        product = catalog.save_product(
            session,
            stamp_of(outlet),
            ProductInput(sku=sku, name=name, price=price, barcodes=[ean(42)]),
        )
        return product.id


def product(outlet: OutletUnderTest, sku: str) -> Product | None:
    with outlet.store.read() as session:
        return session.exec(sm_select(Product).where(Product.sku == sku)).first()


def sync_once(outlet: OutletUnderTest, url: str, clock: FixedClock) -> tuple[int, int, int]:
    client = CentralClient(url, outlet.token, timeout=5)
    try:
        push(outlet.store, client, outlet=outlet.code, clock=clock, batch_size=50)
        report = pull_catalog(outlet.store, client, outlet=outlet.code, clock=clock)
    finally:
        client.close()
    return report.applied, report.unchanged, report.conflicts


def write_config(outlet: OutletUnderTest, url: str) -> Path:
    config = outlet.path.parent / "config.toml"
    config.write_text(
        f'[outlet]\ncode = "{outlet.code}"\nname = "NTT Mart {outlet.code}"\n'
        f'[database]\npath = "{outlet.path}"\n'
        f'[sync]\ncentral_url = "{url}"\ntoken = "{outlet.token}"\n',
        encoding="utf-8",
    )
    return config


def test_a_product_born_at_one_outlet_reaches_the_others(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet, clock: FixedClock
) -> None:
    kpg, blu = make_outlet("KPG"), make_outlet("BLU")
    product_id = save(kpg, "MDU-SMB-500", 85_000)
    assert sync_once(kpg, server.url, clock) == (0, 1, 0)  # its own product comes back as is
    assert sync_once(blu, server.url, clock) == (1, 0, 0)
    pulled = product(blu, "MDU-SMB-500")
    assert pulled is not None and pulled.id == product_id and pulled.price == 85_000
    assert not pulled.local
    with blu.store.read() as session:
        assert session.get(Barcode, ean(42)) is not None
    # Pulling again changes nothing.
    assert sync_once(blu, server.url, clock) == (0, 0, 0)


def test_an_unsynced_local_edit_is_kept_and_shown_as_a_conflict(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet, clock: FixedClock
) -> None:
    kpg, blu = make_outlet("KPG"), make_outlet("BLU")
    save(kpg, "MDU-SMB-500", 85_000)
    sync_once(kpg, server.url, clock)
    sync_once(blu, server.url, clock)
    # BLU changes the price (not pushed yet); KPG, the owner, changes it too and pushes.
    save(blu, "MDU-SMB-500", 90_000)
    save(kpg, "MDU-SMB-500", 80_000)
    sync_once(kpg, server.url, clock)
    client = CentralClient(server.url, blu.token, timeout=5)
    report = pull_catalog(blu.store, client, outlet="BLU", clock=clock)
    client.close()
    assert report.conflicts == 1
    kept = product(blu, "MDU-SMB-500")
    assert kept is not None and kept.price == 90_000

    config = write_config(blu, server.url)
    runner = CliRunner()
    listed = runner.invoke(main, ["--config", str(config), "sync", "conflicts", "--json"])
    assert listed.exit_code == 0, listed.output
    conflicts = json.loads(listed.stdout)
    assert len(conflicts) == 1 and conflicts[0]["reason"] == "local_edit"
    assert json.loads(conflicts[0]["central"])["price"] == 80_000
    table = runner.invoke(main, ["--config", str(config), "--lang", "en", "sync", "conflicts"])
    assert "edited here" in table.stdout

    # BLU's own edit reaches the centre as a proposal; the master keeps the owner's price.
    sync_once(blu, server.url, clock)
    with central.connect() as connection:
        assert connection.execute(select(tables.product.c.price)).scalar_one() == 80_000
        proposals = connection.execute(select(tables.catalog_proposal)).all()
    assert [(p.outlet, json.loads(p.doc)["price"]) for p in proposals] == [("BLU", 90_000)]
    assert product(blu, "MDU-SMB-500").price == 90_000  # type: ignore[union-attr]

    settled = runner.invoke(
        main, ["--config", str(config), "sync", "resolve", kept.id, "--keep", "central"]
    )
    assert settled.exit_code == 0, settled.output
    assert product(blu, "MDU-SMB-500").price == 80_000  # type: ignore[union-attr]
    again = runner.invoke(main, ["--config", str(config), "sync", "conflicts", "--json"])
    assert json.loads(again.stdout) == []


def test_keeping_the_local_version_stops_the_conflict_coming_back(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet, clock: FixedClock
) -> None:
    from sync.pull import open_conflicts, resolve_conflict

    kpg, blu = make_outlet("KPG"), make_outlet("BLU")
    save(kpg, "MDU-SMB-500", 85_000)
    sync_once(kpg, server.url, clock)
    sync_once(blu, server.url, clock)
    product_id = save(blu, "MDU-SMB-500", 95_000)
    save(kpg, "MDU-SMB-500", 70_000)
    sync_once(kpg, server.url, clock)
    assert sync_once(blu, server.url, clock)[2] == 1
    resolve_conflict(blu.store, entity_id=product_id, keep="local", now=clock.now())
    assert open_conflicts(blu.store) == []
    assert sync_once(blu, server.url, clock) == (0, 0, 0)
    assert product(blu, "MDU-SMB-500").price == 95_000  # type: ignore[union-attr]


def test_a_central_change_applies_where_nothing_was_edited(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet, clock: FixedClock
) -> None:
    kpg, blu = make_outlet("KPG"), make_outlet("BLU")
    product_id = save(kpg, "MDU-SMB-500", 85_000)
    sync_once(kpg, server.url, clock)
    sync_once(blu, server.url, clock)
    set_product_price(central, product_id=product_id, price=87_500, now=clock.now())
    assert sync_once(blu, server.url, clock) == (1, 0, 0)
    assert product(blu, "MDU-SMB-500").price == 87_500  # type: ignore[union-attr]
    # The owner had not edited it either: it takes the centre's price too.
    assert sync_once(kpg, server.url, clock) == (1, 0, 0)


def test_a_central_product_clashing_with_a_local_barcode_is_held_back(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet, clock: FixedClock
) -> None:
    kpg, blu = make_outlet("KPG"), make_outlet("BLU")
    save(kpg, "MDU-SMB-500", 85_000)
    save(blu, "MDU-LOKAL", 50_000, name="Madu lokal")  # same barcode, another product
    sync_once(kpg, server.url, clock)
    assert sync_once(blu, server.url, clock)[2] == 1
    assert product(blu, "MDU-SMB-500") is None
    with blu.store.read() as session:
        count = session.execute(select(func.count()).select_from(Product)).scalar_one()
    assert count == 1


def test_sync_pull_command(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet, clock: FixedClock
) -> None:
    kpg, blu = make_outlet("KPG"), make_outlet("BLU")
    save(kpg, "MDU-SMB-500", 85_000)
    sync_once(kpg, server.url, clock)
    config = write_config(blu, server.url)
    result = CliRunner().invoke(main, ["--config", str(config), "--lang", "en", "sync", "pull"])
    assert result.exit_code == 0, result.output
    assert "1 changes applied" in result.stdout
    assert product(blu, "MDU-SMB-500") is not None
    offline = write_config(blu, "http://127.0.0.1:9")
    failed = CliRunner().invoke(main, ["--config", str(offline), "--lang", "en", "sync", "pull"])
    assert failed.exit_code == 1 and "cannot be reached" in failed.stderr
