"""A small province with known figures: two outlets' real books through the real ingest.

BLU (Belu) and KPG (Kota Kupang) sell coffee and tea of a Ngada OVOP cooperative (15%
commission), tenun of a Sumba Timur OCOP group (20%) and bought salt (no producer), through the
cashier and manager services of the outlet; every journal entry then goes through the centre's
own ingest (``check_batch`` + ``store_batch``, as ``POST /v1/journal`` and ``central import`` do).
The figures each report must show are worked out by hand in the tests.

November 2026 (WITA): 10th goods received at both outlets; 12th BLU sells 3 coffee + 1 tenun
(cash) and 2 tea + 4 salt (QRIS); 13th KPG sells 9 coffee + 1 salt; 15th BLU sells 2 coffee and
refunds 1 coffee of the 12th; 16th BLU sends 5 tea to KPG (received on the 17th); 20th BLU
sends 10 salt to KPG (never confirmed: in transit); 21st BLU settles the cooperative's
1st-20th and pays it by bank transfer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session
from sqlmodel import select as sm_select

from inventory import settlements
from inventory.clock import FixedClock
from inventory.db import Store
from inventory.documents import KIND_CATALOG, CatalogChange, ProducerDoc
from inventory.manager_models import PayoutMethod, ReceivingMode
from inventory.models import Producer, ProducerKind, Product, Program
from inventory.outlet import open_store
from inventory.receiving import ReceivingLineInput, receive
from inventory.stamp import Stamp
from inventory.transfers import confirm_transfer, import_transfer, send_transfer
from pos import cart as carts
from pos.checkout import TenderInput, complete_sale
from pos.config import OutletSettings, SaleSettings, Settings
from pos.context import OutletContext
from pos.demo import seed_staff
from pos.models import ApprovalAction, Sale, SaleLine, TenderKind
from pos.refunds import RefundItem, refund
from pos.shifts import open_shift
from pos.simulate import CASHIER, MANAGER
from pos.staff import approve
from sync import journal
from sync.central import outlets
from sync.central.appliers import default_registry
from sync.central.ingest import check_batch, store_batch
from tests.inventory.manager.support import make_item
from tests.sync.helpers import entries_of, wire

INGESTED_AT = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
KOPI, TEH, TENUN, GARAM = "KOP-BJW-250", "TEH-KLR-50", "TEN-SMB-01", "GRM-KPG-500"


def at(day: int, hour: int = 1) -> datetime:
    """``day`` November 2026, ``hour``:00 UTC (9:00 WITA by default)."""
    return datetime(2026, 11, day, hour, 0, tzinfo=UTC)


@dataclass
class Province:
    """What the tests need to name: the producers' ids and the outlet stores."""

    bajawa: str
    sumba: str
    blu: Store
    kpg: Store


def _producers(session: Session, stamp: Stamp) -> tuple[Producer, Producer]:
    bajawa = Producer(
        name="Koperasi Kopi Fa Masa Bajawa",
        kind=ProducerKind.KOPERASI,
        program=Program.OVOP,
        kabupaten="Ngada",
        kecamatan="Golewa",
        desa="Were",
        commission_bp=1500,
        created_at=stamp.at,
        updated_at=stamp.at,
    )
    sumba = Producer(
        name="Kelompok Tenun Lambanapu",
        kind=ProducerKind.COMMUNITY,
        program=Program.OCOP,
        kabupaten="Sumba Timur",
        commission_bp=2000,
        created_at=stamp.at,
        updated_at=stamp.at,
    )
    session.add_all([bajawa, sumba])
    session.flush()
    return bajawa, sumba


def _journal_producers(session: Session, stamp: Stamp, producers: list[Producer]) -> None:
    docs = [
        ProducerDoc(
            id=p.id,
            name=p.name,
            kind=p.kind,
            program=p.program,
            kabupaten=p.kabupaten,
            kecamatan=p.kecamatan,
            desa=p.desa,
            commission_bp=p.commission_bp,
            version=1,
        )
        for p in producers
    ]
    change = CatalogChange(producers=docs)
    journal.append(session, outlet=stamp.outlet, kind=KIND_CATALOG, payload=change, at=stamp.at)


def _context(store: Store, code: str, clock: FixedClock) -> OutletContext:
    settings = Settings(
        outlet=OutletSettings(code=code, name=f"NTT Mart {code}", address="NTT"),
        sale=SaleSettings(),
    )
    return OutletContext(settings=settings, store=store, clock=clock)


def _sell(context: OutletContext, shift_id: str, lines: list[tuple[str, int]], tender: str) -> str:
    cart = carts.new_cart(CASHIER.username, started_at=context.clock.now(), shift_id=shift_id)
    with context.store.read() as session:
        for sku, quantity in lines:
            product = session.exec(sm_select(Product).where(Product.sku == sku)).one()
            carts.add_product(session, cart, product, quantity)
    total = cart.totals().goods_total
    tenders = [TenderInput.cash(total) if tender == "cash" else TenderInput.qris(total, "QR-1")]
    return complete_sale(context, cart, tenders).doc.receipt_no


def ingest(central: Engine, code: str, store: Store, now: datetime = INGESTED_AT) -> int:
    """Every journal entry of ``store`` through the centre's ingest; returns how many."""
    registry = default_registry()
    entries = entries_of(store)
    body = json.loads(json.dumps(wire(entries)))
    checked = check_batch(body, outlet=code, registry=registry, max_entries=len(entries))
    answer = store_batch(central, outlet=code, entries=checked, now=now, registry=registry)
    assert answer.contiguous_seq == len(entries)
    return len(entries)


def build_province(central: Engine, folder: Path) -> Province:
    """Register BLU and KPG at the centre, run their November, and ingest their journals."""
    stores = {}
    for code, kabupaten in (("BLU", "Belu"), ("KPG", "Kota Kupang")):
        stores[code] = open_store(
            folder / code / "outlet.db",
            outlet_code=code,
            outlet_name=f"NTT Mart {code}",
            now=at(1),
            create=True,
        )
        outlets.add_outlet(
            central, code=code, name=f"NTT Mart {code}", kabupaten=kabupaten, now=at(1)
        )
    blu, kpg = stores["BLU"], stores["KPG"]

    # BLU: producers and products (journaled: they become the central master), goods in.
    start = Stamp(outlet="BLU", actor="maria", at=at(10))
    with blu.write() as session:
        seed_staff(session, start)
        bajawa, sumba = _producers(session, start)
        _journal_producers(session, start, [bajawa, sumba])
        make_item(
            session, start, KOPI, name="Kopi Arabika Bajawa 250 g", price=50_000, producer=bajawa
        )
        make_item(session, start, TEH, name="Teh Kelor 50 g", price=30_000, producer=bajawa)
        make_item(
            session, start, TENUN, name="Selendang Tenun Sumba", price=250_000, producer=sumba
        )
        make_item(session, start, GARAM, name="Garam Kupang 500 g", price=10_000)
        receive(
            session,
            start,
            mode=ReceivingMode.CONSIGNMENT,
            producer_id=bajawa.id,
            lines=[
                ReceivingLineInput(KOPI, 40, unit_price=40_000),
                ReceivingLineInput(TEH, 20, unit_price=24_000),
            ],
        )
        receive(
            session,
            start,
            mode=ReceivingMode.CONSIGNMENT,
            producer_id=sumba.id,
            lines=[ReceivingLineInput(TENUN, 10, unit_price=200_000)],
        )
        receive(
            session,
            start,
            mode=ReceivingMode.PURCHASE,
            lines=[ReceivingLineInput(GARAM, 50, unit_price=7_000)],
        )
        masters = [
            session.exec(sm_select(Product).where(Product.sku == sku)).one().model_dump()
            for sku in (KOPI, TEH, TENUN, GARAM)
        ]
        producer_rows = [bajawa.model_dump(), sumba.model_dump()]
        ids = (bajawa.id, sumba.id)

    # KPG holds the same master rows (as pulled from the centre) and receives its own goods.
    there = Stamp(outlet="KPG", actor="yanti", at=at(10))
    with kpg.write() as session:
        seed_staff(session, there)
        session.add_all([Producer(**row) for row in producer_rows])
        session.flush()
        session.add_all([Product(**{**row, "local": False}) for row in masters])
        session.flush()
        receive(
            session,
            there,
            mode=ReceivingMode.CONSIGNMENT,
            producer_id=ids[0],
            lines=[ReceivingLineInput(KOPI, 10, unit_price=40_000)],
        )
        receive(
            session,
            there,
            mode=ReceivingMode.PURCHASE,
            lines=[ReceivingLineInput(GARAM, 5, unit_price=7_000)],
        )

    # Sales.
    clock = FixedClock(at(12, 2))
    here = _context(blu, "BLU", clock)
    blu_shift = open_shift(here, cashier=CASHIER.username, opening_float=500_000).id
    first = _sell(here, blu_shift, [(KOPI, 3), (TENUN, 1)], "cash")
    _sell(here, blu_shift, [(TEH, 2), (GARAM, 4)], "qris")
    kpg_clock = FixedClock(at(13, 2))
    kupang = _context(kpg, "KPG", kpg_clock)
    kpg_shift = open_shift(kupang, cashier=CASHIER.username, opening_float=500_000).id
    _sell(kupang, kpg_shift, [(KOPI, 9), (GARAM, 1)], "cash")
    clock.set(at(15, 2))
    _sell(here, blu_shift, [(KOPI, 2)], "cash")
    with blu.read() as session:
        sale_line = next(line for line in _sale_lines(session, first) if line[1] == KOPI)[0]
    refund(
        here,
        receipt_no=first,
        items=[RefundItem(sale_line, 1)],
        approval=approve(
            here,
            username=MANAGER.username,
            pin=MANAGER.pin,
            action=ApprovalAction.REFUND,
            reason="rusak",
            requested_by=CASHIER.username,
        ),
        reason="kemasan rusak",
        cashier=CASHIER.username,
        shift_id=blu_shift,
        tender=TenderKind.CASH,
    )

    # Transfers: tea arrives at KPG the next day; salt is still on the road.
    with blu.write() as session:
        tea = send_transfer(
            session, Stamp("BLU", "maria", at(16)), to_outlet="KPG", lines=[(TEH, 5)]
        )
    with kpg.write() as session:
        import_transfer(session, Stamp("KPG", "yanti", at(17)), tea)
        confirm_transfer(
            session, Stamp("KPG", "yanti", at(17)), number=tea.number, received={TEH: 5}
        )
    with blu.write() as session:
        send_transfer(session, Stamp("BLU", "maria", at(20)), to_outlet="KPG", lines=[(GARAM, 10)])

    # BLU settles the cooperative's 1st-20th and pays it.
    with blu.write() as session:
        settled = settlements.settle(
            session,
            Stamp("BLU", "maria", at(21)),
            producer_id=ids[0],
            start=date(2026, 11, 1),
            end=date(2026, 11, 20),
        )
        assert settled.number is not None and settled.payable == 221_000
        settlements.record_payout(
            session,
            Stamp("BLU", "maria", at(21)),
            number=settled.number,
            paid_on=date(2026, 11, 21),
            method=PayoutMethod.TRANSFER,
            reference="BRI 0098123",
        )

    ingest(central, "BLU", blu)
    ingest(central, "KPG", kpg)
    return Province(bajawa=ids[0], sumba=ids[1], blu=blu, kpg=kpg)


def _sale_lines(session: Session, receipt_no: str) -> list[tuple[str, str]]:
    sale = session.exec(sm_select(Sale).where(Sale.receipt_no == receipt_no)).one()
    lines = session.exec(sm_select(SaleLine).where(SaleLine.sale_id == sale.id)).all()
    return [(line.id, line.sku) for line in lines]
