"""Known outlet days for the reconciliation and QRIS tests, rung up through the real till
services, and a way to hand chosen journal entries to the centre at a chosen time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import select as sm_select

from inventory.clock import FixedClock
from inventory.models import Product
from inventory.stamp import Stamp
from inventory.stock import adjust
from pos import cart as carts
from pos.checkout import TenderInput, complete_sale
from pos.config import OutletSettings, SaleSettings, Settings
from pos.context import OutletContext
from pos.demo import seed_staff
from pos.models import ApprovalAction, CashMovementKind, Sale, SaleLine, TenderKind
from pos.refunds import RefundItem, refund
from pos.shifts import close_shift, move_cash, open_shift, shift_report
from pos.simulate import CASHIER, MANAGER
from pos.staff import approve
from sync.central.appliers import default_registry
from sync.central.ingest import check_batch, store_batch
from sync.journal import JournalEntry
from sync.wire import PushAnswer
from tests.inventory.manager.support import make_item
from tests.sync.conftest import OutletUnderTest
from tests.sync.helpers import entries_of, wire

PRICES = {"KOP-BJW": 15_000, "MDU-AMF": 45_000}


def context_of(outlet: OutletUnderTest, clock: FixedClock) -> OutletContext:
    """The till of ``outlet``, with two products in stock and the demo staff."""
    settings = Settings(
        outlet=OutletSettings(code=outlet.code, name=f"NTT Mart {outlet.code}"),
        sale=SaleSettings(),
    )
    context = OutletContext(settings=settings, store=outlet.store, clock=clock)
    stamp = Stamp(outlet=outlet.code, actor="maria", at=clock.now())
    with outlet.store.write() as session:
        seed_staff(session, stamp)
        for sku, price in PRICES.items():
            make_item(session, stamp, sku, price=price)
            adjust(session, stamp, sku=sku, quantity=100, reason="stok awal")
    return context


def sell(
    context: OutletContext, shift_id: str, sku: str, quantity: int, tender: TenderInput
) -> str:
    """One sale of ``quantity`` x ``sku``; returns its id."""
    cart = carts.new_cart(CASHIER.username, started_at=context.clock.now(), shift_id=shift_id)
    with context.store.read() as session:
        product = session.exec(sm_select(Product).where(Product.sku == sku)).one()
        carts.add_product(session, cart, product, quantity)
    done = complete_sale(context, cart, [tender])
    clock = context.clock
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(minutes=5))
    return done.doc.id


@dataclass
class KnownDay:
    """What was rung up, for the assertions."""

    shift_id: str
    open_shift_id: str
    sale_ids: dict[str, str] = field(default_factory=dict)
    refund_total: int = 0
    z_net: int = 0
    z_cash_expected: int = 0
    counted: int = 0


def ring_known_day(context: OutletContext) -> KnownDay:
    """Shift 1: float 300.000, cash in 100.000, cash out 25.000; sales ``cash1`` 2 x 15.000
    cash, ``qris`` 45.000 QRIS (reference QR-77), ``cash2`` 1 x 15.000 cash, ``debit`` 45.000;
    a cash refund of one coffee from ``cash1``; closed with Rp1.000 short. Shift 2: opened, one
    sale, left open."""
    shift = open_shift(context, cashier=CASHIER.username, opening_float=300_000)
    day = KnownDay(shift_id=shift.id, open_shift_id="")
    for kind, amount in ((CashMovementKind.CASH_IN, 100_000), (CashMovementKind.CASH_OUT, 25_000)):
        move_cash(
            context, shift_id=shift.id, kind=kind, amount=amount, reason="kas", actor=CASHIER.username
        )  # fmt: skip
    day.sale_ids["cash1"] = sell(context, shift.id, "KOP-BJW", 2, TenderInput.cash(50_000))
    day.sale_ids["qris"] = sell(context, shift.id, "MDU-AMF", 1, TenderInput.qris(45_000, "QR-77"))
    day.sale_ids["cash2"] = sell(context, shift.id, "KOP-BJW", 1, TenderInput.cash(15_000))
    day.sale_ids["debit"] = sell(
        context, shift.id, "MDU-AMF", 1, TenderInput.debit(45_000, "EDC-1")
    )
    with context.store.read() as session:
        line = session.exec(
            sm_select(SaleLine).where(SaleLine.sale_id == day.sale_ids["cash1"])
        ).one()
    done = refund(
        context,
        receipt_no=_receipt(context, day.sale_ids["cash1"]),
        items=[RefundItem(line.id, 1)],
        approval=approve(
            context,
            username=MANAGER.username,
            pin=MANAGER.pin,
            action=ApprovalAction.REFUND,
            reason="kemasan rusak",
            requested_by=CASHIER.username,
        ),
        reason="kemasan rusak",
        cashier=CASHIER.username,
        shift_id=shift.id,
        tender=TenderKind.CASH,
    )
    day.refund_total = done.doc.total
    expected = shift_report(context, shift.id).summary.cash_expected
    day.counted = expected - 1_000
    counts = {"n100000": day.counted // 100_000, "c100": day.counted % 100_000 // 100}
    close_shift(context, shift_id=shift.id, counts=counts, closed_by=CASHIER.username)
    summary = shift_report(context, shift.id).summary
    day.z_net, day.z_cash_expected = summary.net, summary.cash_expected
    second = open_shift(context, cashier=CASHIER.username, opening_float=200_000)
    day.open_shift_id = second.id
    day.sale_ids["later"] = sell(context, second.id, "KOP-BJW", 1, TenderInput.cash(15_000))
    return day


def _receipt(context: OutletContext, sale_id: str) -> str:
    with context.store.read() as session:
        sale = session.get(Sale, sale_id)
        assert sale is not None
        return sale.receipt_no


def deliver(
    engine: Engine,
    outlet: OutletUnderTest,
    entries: list[JournalEntry],
    *,
    received_at: datetime,
) -> PushAnswer:
    """Store ``entries`` at the centre as if they had arrived at ``received_at`` (the same
    check and store path ``POST /v1/journal`` takes)."""
    registry = default_registry()
    checked = check_batch(wire(entries), outlet=outlet.code, registry=registry, max_entries=10_000)
    return store_batch(
        engine, outlet=outlet.code, entries=checked, now=received_at, registry=registry
    )


def entries_except(outlet: OutletUnderTest, *, skip_kind_ids: set[str]) -> list[JournalEntry]:
    """The outlet's journal without the entries whose payload names one of ``skip_kind_ids``."""
    return [e for e in entries_of(outlet.store) if not any(i in e.payload for i in skip_kind_ids)]
