"""Render the pictures of docs/admin.md: a month of three outlets at a throwaway centre.

Run from the repository root: ``python docs/img/make_admin_pictures.py`` (needs PostgreSQL at
``$NTTMART_TEST_PG``, default ``postgresql://postgres@127.0.0.1:5432/postgres``, and
``pdftoppm`` from poppler-utils). It creates a temporary central database, seeds the demo
catalog at BLU (Belu) and copies it to KPG (Kota Kupang) and END (Ende), rings up November
2026 with the cashier simulator, sends a transfer that is still on the road, settles and pays
one producer, ingests every journal through the centre's own ingest, and writes
``admin-<report>.png`` for every registered report (a fifth of the sales tagged with a
campaign) and ``admin-statement.png`` (first pages at 60 dpi) next to this file.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
from sqlalchemy import func
from sqlmodel import select

import sync.central.reports.catalog_of_reports  # noqa: F401 - fills the registry
from inventory import settlements
from inventory.clock import FixedClock
from inventory.db import Store
from inventory.documents import KIND_CATALOG, CatalogChange, ProducerDoc
from inventory.manager_models import PayoutMethod
from inventory.models import (
    Barcode,
    Category,
    MovementKind,
    Producer,
    Product,
    StockMovement,
)
from inventory.outlet import open_store
from inventory.stamp import Stamp
from inventory.stock import MovementRequest, record_movements
from inventory.transfers import send_transfer
from pos.config import (
    CampaignDefinition,
    CampaignSettings,
    OutletSettings,
    SaleSettings,
    Settings,
)
from pos.context import OutletContext
from pos.demo import seed
from pos.simulate import simulate
from sync import journal
from sync.central import migrate, outlets
from sync.central.appliers import default_registry
from sync.central.db import make_engine
from sync.central.ingest import check_batch, store_batch
from sync.central.reports.base import REGISTRY, ReportParams
from sync.central.reports.render import to_pdf
from sync.central.reports.statement import render_producer_statement
from sync.journal import JournalEntry
from sync.wire import batch_body

HERE = Path(__file__).resolve().parent
ADMIN_DSN = os.environ.get("NTTMART_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
OUTLETS = (("BLU", "Belu", 1.0), ("KPG", "Kota Kupang", 0.6), ("END", "Ende", 0.25))
SALES_PER_DAY = {"BLU": 6, "KPG": 8, "END": 3}


def at(day: int, hour: int = 1) -> datetime:
    """``day`` November 2026 at ``hour``:00 UTC."""
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def to_png(pdf: bytes, name: str, folder: Path) -> None:
    """First page of ``pdf`` as ``HERE/name.png`` at 60 dpi."""
    source = folder / f"{name}.pdf"
    source.write_bytes(pdf)
    command = ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
               str(source), str(HERE / name)]
    subprocess.run(command, check=True)  # noqa: S603 - fixed arguments, poppler on PATH


def ingest(engine: object, code: str, store: Store) -> None:
    """Every journal entry of ``store`` through the centre's ingest, in batches."""
    registry = default_registry()
    with store.read() as session:
        entries = list(session.exec(select(JournalEntry).order_by(JournalEntry.seq)))  # type: ignore[arg-type]
    for start in range(0, len(entries), 500):
        chunk = entries[start : start + 500]
        body = json.loads(batch_body(chunk))
        checked = check_batch(body, outlet=code, registry=registry, max_entries=len(chunk))
        store_batch(engine, outlet=code, entries=checked, now=at(25), registry=registry)  # type: ignore[arg-type]


def build(engine: object, folder: Path) -> str:
    """The month at three outlets; returns the id of the producer who was paid."""
    stores: dict[str, Store] = {}
    for code, kabupaten, _share in OUTLETS:
        stores[code] = open_store(folder / code / "outlet.db", outlet_code=code,
                                  outlet_name=f"NTT Mart {kabupaten}", now=at(1), create=True)
        outlets.add_outlet(engine, code=code, name=f"NTT Mart {kabupaten}",  # type: ignore[arg-type]
                           kabupaten=kabupaten, now=at(1))
    opening = Stamp("BLU", "maria", at(1))
    with stores["BLU"].write() as session:
        seed(session, opening, instore_prefix="20", outlet_number=1)
        producers = list(session.exec(select(Producer)))
        docs = [
            ProducerDoc(id=p.id, name=p.name, kind=p.kind, program=p.program,
                        kabupaten=p.kabupaten, kecamatan=p.kecamatan, desa=p.desa,
                        commission_bp=p.commission_bp, version=1)
            for p in producers
        ]
        journal.append(session, outlet="BLU", kind=KIND_CATALOG,
                       payload=CatalogChange(producers=docs), at=opening.at)
        producer_rows = [p.model_dump() for p in producers]
        category_rows = [c.model_dump() for c in session.exec(select(Category))]
        product_rows = [p.model_dump() for p in session.exec(select(Product))]
        barcode_rows = [b.model_dump() for b in session.exec(select(Barcode))]
    for code, _kabupaten, share in OUTLETS[1:]:
        stamp = Stamp(code, "yanti", at(1))
        with stores[code].write() as session:
            session.add_all(Producer(**row) for row in producer_rows)
            session.add_all(Category(**row) for row in category_rows)
            session.flush()
            session.add_all(Product(**{**row, "local": False}) for row in product_rows)
            session.flush()
            session.add_all(Barcode(**row) for row in barcode_rows)
            session.flush()
            record_movements(session, stamp, [
                MovementRequest(row["id"], MovementKind.CONSIGN_IN,
                                max(2, int(60 * share)), reference="STOK-AWAL")
                for row in product_rows
            ])
    for code, _kabupaten, _share in OUTLETS:
        clock = FixedClock(at(1))
        drive = CampaignDefinition(code="BELI-NTT", name="Belanja Produk NTT",
                                   starts=date(2026, 11, 1), ends=date(2026, 11, 30),
                                   minimum=100_000)
        settings = Settings(outlet=OutletSettings(code=code, name=f"NTT Mart {code}",
                                                  address="NTT"), sale=SaleSettings(),
                            campaigns=CampaignSettings(drive=[drive]))
        context = OutletContext(settings=settings, store=stores[code], clock=clock)
        for day in range(1, 31):
            clock.set(at(day, 2))
            simulate(context, sales=SALES_PER_DAY[code] + day % 5, seed=day * 7 + len(code),
                     shift_size=500, refund_rate=0.03, campaign_rate=0.2)
    with stores["BLU"].write() as session:
        coffee = session.exec(select(Product).where(Product.sku == "KOP-BJW-250")).one()
        # The product BLU holds most of goes to Ende and is still on the road.
        plenty = session.exec(
            select(StockMovement.product_id)
            .group_by(StockMovement.product_id)
            .order_by(func.sum(StockMovement.quantity).desc())
        ).first()
        sku = session.exec(select(Product.sku).where(Product.id == plenty)).one()
        send_transfer(session, Stamp("BLU", "maria", at(28)), to_outlet="END", lines=[(sku, 6)])
        assert coffee.producer_id is not None
        paid = coffee.producer_id
        settled = settlements.settle(session, Stamp("BLU", "maria", at(30, 12)), producer_id=paid,
                                     start=date(2026, 11, 1), end=date(2026, 11, 15))
        assert settled.number is not None
        settlements.record_payout(session, Stamp("BLU", "maria", at(30, 12)),
                                  number=settled.number, paid_on=date(2026, 11, 30),
                                  method=PayoutMethod.TRANSFER, reference="BRI 0098123")
    for code, store in stores.items():
        ingest(engine, code, store)
        store.close()
    return paid


def main() -> None:
    """Make the database, build the month, render the pictures, drop the database."""
    name = f"nttmart_pictures_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(ADMIN_DSN, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    base = ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    engine = make_engine(f"{base}/{name}")
    try:
        migrate.upgrade(engine)
        with tempfile.TemporaryDirectory() as work:
            folder = Path(work)
            paid = build(engine, folder)
            params = ReportParams(date(2026, 11, 1), date(2026, 11, 30))
            for report in sorted(REGISTRY):
                to_png(to_pdf(REGISTRY[report].build(engine, params)), f"admin-{report}", folder)
            statement = render_producer_statement(engine, paid, params)
            to_png(statement, "admin-statement", folder)
    finally:
        engine.dispose()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


if __name__ == "__main__":
    main()
