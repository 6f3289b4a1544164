"""A real outlet's day reaches the centre whole: every kind the till and the manager journal.

The cashier services ring up sales (several tenders, discounts, a voided line, a cancelled
cart, refunds, cash in and out, shifts opened and closed) and the manager receives goods, sets
shelves, counts, adjusts, returns to a producer, transfers to another outlet and settles with
a producer. The real client pushes everything to a real uvicorn over real PostgreSQL; then the
centre's books must agree with the outlet's own figures, and a resend must change nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, select
from sqlmodel import col
from sqlmodel import select as sm_select

from inventory import settlements
from inventory.adjustments import adjust_stock
from inventory.clock import FixedClock
from inventory.consignment import return_to_producer
from inventory.manager_common import InstoreNumbering
from inventory.manager_models import (
    AdjustmentReason,
    CountScope,
    PayoutMethod,
    ReceivingMode,
    ReturnReason,
)
from inventory.models import Product
from inventory.outlet import open_store
from inventory.receiving import ReceivingLineInput, receive
from inventory.stamp import Stamp
from inventory.stock import adjust
from inventory.stockcount import approve_count, enter_quantity, set_shelf, start_count
from inventory.transfers import confirm_transfer, import_transfer, send_transfer
from inventory.units import UnitInput
from pos import cart as carts
from pos.checkout import TenderInput, cancel_sale, complete_sale, quote
from pos.config import OutletSettings, SaleSettings, Settings
from pos.context import OutletContext
from pos.models import ApprovalAction, CashMovementKind, Shift, TenderKind
from pos.pricing import Discount
from pos.refunds import RefundItem, refund
from pos.sales import day_summary
from pos.shifts import close_shift, move_cash, open_shift, shift_report
from pos.simulate import CASHIER, MANAGER, simulate
from pos.staff import approve
from pos.verification import KIND_PAYMENT_VERIFIED
from sync import journal
from sync.central import migrate, outlet_tables, outlets, tables
from sync.central.api import create_app
from sync.central.appliers import default_registry
from sync.central.db import make_engine
from sync.central.summary import summarize
from sync.client import push
from sync.transport import CentralClient
from tests.conftest import FROZEN_NOW
from tests.factories import ean
from tests.inventory.manager.support import make_item, make_producer
from tests.sync.checker import check_exactly_once
from tests.sync.conftest import MAX_ENTRIES, OutletUnderTest
from tests.sync.helpers import central_counts, entries_of, post, wire
from tests.sync.servers import ServerThread

DAY = date(2026, 11, 22)
SKUS = ("KOP-BJW", "MDU-AMF", "KEL-TEH", "JMB-MTE")


def _settings(code: str) -> Settings:
    return Settings(
        outlet=OutletSettings(code=code, name=f"NTT Mart {code}", address="Atambua"),
        sale=SaleSettings(),
    )


def _stock_the_outlet(outlet: OutletUnderTest) -> str:
    """Two days before: a producer, four products, consignment and bought goods received."""
    stamp = Stamp(outlet=outlet.code, actor="maria", at=FROZEN_NOW - timedelta(days=2))
    with outlet.store.write() as session:
        bajawa = make_producer(session, stamp)
        for n, sku in enumerate(SKUS, start=1):
            owner = bajawa if n <= 3 else None
            make_item(session, stamp, sku, price=15_000 * n, producer=owner, barcodes=[ean(n)])
        receive(
            session,
            stamp,
            mode=ReceivingMode.CONSIGNMENT,
            producer_id=bajawa.id,
            lines=[ReceivingLineInput(sku, 400, unit_price=10_000) for sku in SKUS[:3]],
        )
        receive(
            session,
            stamp,
            mode=ReceivingMode.PURCHASE,
            lines=[ReceivingLineInput(SKUS[3], 300, unit_price=40_000)],
        )
        return bajawa.id


def _pay_split(context: OutletContext, cart: carts.Cart, qris: int) -> list[TenderInput]:
    first = TenderInput.qris(qris, "QR-0001")
    due = quote(cart, [first, TenderInput.cash(1)], context.settings.sale).cash_due
    return [first, TenderInput.cash(due + 20_000)]


def _a_shift_by_hand(context: OutletContext) -> None:
    """Cash in and out, a discounted split sale, a voided line, a cancelled cart, a refund."""
    shift = open_shift(context, cashier=CASHIER.username, opening_float=300_000)
    move_cash(
        context,
        shift_id=shift.id,
        kind=CashMovementKind.CASH_IN,
        amount=100_000,
        reason="tambah uang kecil",
        actor=CASHIER.username,
    )
    move_cash(
        context,
        shift_id=shift.id,
        kind=CashMovementKind.CASH_OUT,
        amount=25_000,
        reason="beli kantong plastik",
        actor=CASHIER.username,
    )

    def approval(action: ApprovalAction) -> Any:
        return approve(
            context,
            username=MANAGER.username,
            pin=MANAGER.pin,
            action=action,
            reason="pelanggan tetap",
            requested_by=CASHIER.username,
        )

    def cart_of(*quantities: int) -> carts.Cart:
        cart = carts.new_cart(CASHIER.username, started_at=context.clock.now(), shift_id=shift.id)
        with context.store.read() as session:
            for sku, quantity in zip(SKUS, quantities, strict=False):
                if quantity:
                    product = session.exec(sm_select(Product).where(Product.sku == sku)).one()
                    carts.add_product(session, cart, product, quantity)
        return cart

    discounted = cart_of(2, 1, 0, 1)
    carts.set_sale_discount(
        discounted,
        Discount.percent(20),
        limit_percent=context.settings.sale.discount_limit_percent,
        approval=approval(ApprovalAction.DISCOUNT),
    )
    sale = complete_sale(context, discounted, _pay_split(context, discounted, 50_000)).doc

    voided = cart_of(1, 1)
    carts.void_line(voided, 1, approval=approval(ApprovalAction.VOID_LINE))
    complete_sale(context, voided, [TenderInput.debit(15_000, "EDC-778")])

    cancel_sale(context, cart_of(0, 0, 3), approval=approval(ApprovalAction.CANCEL_SALE))

    line = sale.lines[0]
    refund(
        context,
        receipt_no=sale.receipt_no,
        items=[RefundItem(line.id, 1)],
        approval=approval(ApprovalAction.REFUND),
        reason="kemasan rusak",
        cashier=CASHIER.username,
        shift_id=shift.id,
        tender=TenderKind.CASH,
    )
    expected = shift_report(context, shift.id).summary.cash_expected
    counts = {"n100000": expected // 100_000, "c100": expected % 100_000 // 100}
    close_shift(context, shift_id=shift.id, counts=counts, closed_by=CASHIER.username)


def _manage(outlet: OutletUnderTest, kpg: OutletUnderTest, producer_id: str) -> None:
    """After the sales: shelf, count, adjustment, return, units, transfer out, a settlement;
    KPG stocks up and takes the transfer in."""
    stamp = Stamp(outlet=outlet.code, actor="maria", at=FROZEN_NOW + timedelta(hours=2))
    with outlet.store.write() as session:
        set_shelf(session, stamp, code=SKUS[0], shelf="A1")
        count = start_count(session, stamp, scope=CountScope.SHELF, value="A1")
        enter_quantity(
            session, stamp, number=count.number, code=SKUS[0], counter="maria", quantity=300
        )
        approve_count(session, stamp, number=count.number, approver="pak-yosef")
        adjust_stock(
            session,
            stamp,
            code=SKUS[3],
            quantity=-2,
            reason=AdjustmentReason.DAMAGED,
            approval_above=1_000_000,
        )
        return_to_producer(
            session,
            stamp,
            producer_id=producer_id,
            reason=ReturnReason.UNSOLD,
            lines=[(SKUS[2], 5)],
        )
        make_item(session, stamp, "TNN-BUNA", name="Tenun Buna Insana", price=750_000)
        receive(
            session,
            stamp,
            mode=ReceivingMode.PURCHASE,
            lines=[
                ReceivingLineInput(
                    "TNN-BUNA",
                    2,
                    unit_price=500_000,
                    units=[UnitInput(motif="Buna", weaver="Mama Yuliana"), UnitInput()],
                )
            ],
            numbering=InstoreNumbering("20", 2),
        )
        sent = send_transfer(
            session, stamp, to_outlet=kpg.code, lines=[(SKUS[0], 6), (SKUS[1], 4)], note="stok"
        )
    next_day = Stamp(outlet=outlet.code, actor="maria", at=FROZEN_NOW + timedelta(days=1))
    with outlet.store.write() as session:
        settled = settlements.settle(session, next_day, producer_id=producer_id, start=DAY, end=DAY)
        settlements.record_payout(
            session, next_day, number=settled.number, paid_on=DAY + timedelta(days=1),
            method=PayoutMethod.CASH,
        )  # fmt: skip

    # KPG takes the transfer in and finds one jar of honey broken.
    there = Stamp(outlet=kpg.code, actor="yanti", at=FROZEN_NOW + timedelta(days=1))
    with kpg.store.write() as session:
        for n, sku in enumerate(SKUS[:2], start=1):
            make_item(session, there, sku, price=15_000 * n, barcodes=[ean(n)])
        # Opening stock by a plain adjustment of the base layer: a ``stock.movements`` entry.
        adjust(session, there, sku=SKUS[0], quantity=12, reason="stok awal")
        import_transfer(session, there, sent)
        confirm_transfer(session, there, number=sent.number, received={SKUS[0]: 6, SKUS[1]: 3})


def _central_day(engine: Engine, outlet: str, day: date) -> dict[str, object]:
    """``sales summary --json`` computed from the central tables."""
    sale, refund_, payment = tables.sale, tables.refund, tables.payment
    with engine.connect() as connection:
        count, gross, discounts, total = connection.execute(
            select(
                func.count(),
                func.coalesce(func.sum(sale.c.gross), 0),
                func.coalesce(func.sum(sale.c.discount), 0),
                func.coalesce(func.sum(sale.c.total), 0),
            ).where(sale.c.outlet == outlet, sale.c.business_day == day)
        ).one()
        refunds_count, refunded = connection.execute(
            select(func.count(), func.coalesce(func.sum(refund_.c.total), 0)).where(
                refund_.c.outlet == outlet, refund_.c.business_day == day
            )
        ).one()
        per_tender: dict[str, int] = {}
        for tender, amount in connection.execute(
            select(payment.c.tender, func.sum(payment.c.amount))
            .join(sale, sale.c.id == payment.c.sale_id)
            .where(sale.c.outlet == outlet, sale.c.business_day == day)
            .group_by(payment.c.tender)
        ):
            per_tender[tender] = int(amount)
        for tender, amount in connection.execute(
            select(refund_.c.tender, func.sum(refund_.c.total))
            .where(refund_.c.outlet == outlet, refund_.c.business_day == day)
            .group_by(refund_.c.tender)
        ):
            per_tender[tender] = per_tender.get(tender, 0) - int(amount)
    return {
        "date": day.isoformat(),
        "count": int(count),
        "gross": int(gross),
        "discounts": int(discounts),
        "refunds_count": int(refunds_count),
        "refunds": int(refunded),
        "net": int(total) - int(refunded),
        "per_tender": dict(sorted(per_tender.items())),
    }


def _rows(engine: Engine, table: Any, *where: Any) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.execute(select(table).where(*where)).all())


def test_a_real_outlet_day_is_accepted_applied_and_matches_the_outlet(
    server: ServerThread,
    central: Engine,
    make_outlet: Callable[[str], OutletUnderTest],
    clock: FixedClock,
) -> None:
    blu, kpg = make_outlet("BLU"), make_outlet("KPG")
    producer_id = _stock_the_outlet(blu)
    context = OutletContext(settings=_settings("BLU"), store=blu.store, clock=clock)
    ran = simulate(context, sales=60, seed=20261122, shift_size=25, refund_rate=0.2)
    assert ran.sales == 60 and ran.refunds >= 3 and ran.shifts == 3
    assert {"cash", "qris", "debit"} <= set(ran.per_tender)
    _a_shift_by_hand(context)
    _manage(blu, kpg, producer_id)

    # Every kind the centre knows was written by these two outlets.
    written = {e.kind for e in entries_of(blu.store)} | {e.kind for e in entries_of(kpg.store)}
    # (payment.verified is written only when the centre verifies a QRIS payment:
    # tests/sync/test_qris_verification.py)
    assert written == set(default_registry().kinds) - {KIND_PAYMENT_VERIFIED}

    for outlet in (blu, kpg):
        client = CentralClient(server.url, outlet.token, timeout=10)
        try:
            report = push(outlet.store, client, outlet=outlet.code, clock=clock, batch_size=37)
        finally:
            client.close()
        with outlet.store.read() as session:
            last = journal.last_seq(session)
            acked = journal.state(session, outlet.code).acked_seq
        assert report.waiting == 0 and acked == last == report.sent and last > 0

    # The centre's books of BLU's day are the outlet's own figures.
    with blu.store.read() as session:
        outlet_day = day_summary(session, DAY).as_json()
    assert outlet_day["count"] == ran.sales + 2 and outlet_day["refunds_count"] == ran.refunds + 1
    assert _central_day(central, "BLU", DAY) == outlet_day
    line = {row.code: row for row in summarize(central)}["BLU"]
    assert (line.sales, line.net_total) == (outlet_day["count"], outlet_day["net"])
    assert check_exactly_once(central, {"BLU": blu.path, "KPG": kpg.path}) == []

    # Shifts: opened and closed, whatever order their entries were applied in.
    with blu.store.read() as session:
        shifts = {s.id: s for s in session.exec(sm_select(Shift)).all()}
    central_shifts = _rows(central, tables.shift, tables.shift.c.outlet == "BLU")
    assert {s.id for s in central_shifts} == set(shifts) and len(shifts) == 4
    for row in central_shifts:
        assert row.opened_seq is not None and row.closed_seq is not None
        assert (row.counted_cash, row.expected_cash) == (
            shifts[row.id].cash_counted,
            shifts[row.id].cash_expected,
        )
    cash = _rows(central, tables.cash_movement, tables.cash_movement.c.outlet == "BLU")
    assert sorted((m.kind, m.amount) for m in cash) == [("in", 100_000), ("out", 25_000)]
    (cancelled,) = _rows(central, outlet_tables.sale_cancelled)
    assert (cancelled.line_count, cancelled.goods_total) == (1, 3 * 45_000)
    actions = {a.action for a in _rows(central, outlet_tables.approval)}
    assert {"discount", "void_line", "cancel_sale", "refund"} <= actions
    assert len(_rows(central, outlet_tables.sale_voided_line)) == 1

    # The transfer left BLU and arrived at KPG one jar short.
    (transfer,) = _rows(central, outlet_tables.transfer)
    assert (transfer.from_outlet, transfer.to_outlet, transfer.status) == ("BLU", "KPG", "received")
    assert (transfer.sent_outlet, transfer.received_outlet) == ("BLU", "KPG")
    lines = _rows(central, outlet_tables.transfer_line)
    assert sorted((t.sku, t.sent, t.received, t.difference) for t in lines) == [
        (SKUS[0], 6, 6, 0),
        (SKUS[1], 4, 3, 1),
    ]
    (settled,) = _rows(central, outlet_tables.settlement)
    (paid,) = _rows(central, outlet_tables.payout)
    assert paid.settlement_id == settled.id and paid.amount == settled.payable > 0
    assert settled.gross == settled.commission + settled.payable
    (count,) = _rows(central, outlet_tables.stock_count)
    assert count.line_count == 1 and len(_rows(central, outlet_tables.product_unit)) == 2

    # Resending everything, in the client's wire format, changes nothing.
    before = central_counts(central)
    for outlet in (blu, kpg):
        entries = entries_of(outlet.store)
        for start in range(0, len(entries), MAX_ENTRIES):
            chunk = entries[start : start + MAX_ENTRIES]
            answer = post(server.url, outlet.token, wire(chunk))
            assert answer.status_code == 200, answer.text
            assert (answer.json()["stored"], answer.json()["duplicates"]) == (0, len(chunk))
    assert central_counts(central) == before
    assert _central_day(central, "BLU", DAY) == outlet_day

    # The checker notices a refund lost at the centre.
    lost = _rows(central, tables.refund)[0]
    with central.begin() as connection:
        connection.execute(
            delete(tables.refund_line).where(tables.refund_line.c.refund_id == lost.id)
        )
        connection.execute(delete(tables.refund).where(tables.refund.c.id == lost.id))
    problems = check_exactly_once(central, {"BLU": blu.path, "KPG": kpg.path})
    assert any("refunds differ: 1 missing" in p for p in problems), problems


def test_a_shift_closed_before_its_opening_arrives_is_whole(
    server: ServerThread,
    central: Engine,
    make_outlet: Callable[[str], OutletUnderTest],
    clock: FixedClock,
) -> None:
    """Ingest applies kinds in name order: ``shift.closed`` before ``shift.opened`` in a batch."""
    blu = make_outlet("BLU")
    _stock_the_outlet(blu)
    context = OutletContext(settings=_settings("BLU"), store=blu.store, clock=clock)
    simulate(context, sales=3, seed=1, shift_size=10, refund_rate=0.0)
    entries = entries_of(blu.store)
    assert [e.kind for e in entries].count("shift.closed") == 1
    answer = post(server.url, blu.token, wire(entries))
    assert answer.status_code == 200, answer.text
    with blu.store.read() as session:
        shift = session.exec(sm_select(Shift).order_by(col(Shift.opened_at))).one()
    (row,) = _rows(central, tables.shift)
    kinds = {e.seq: e.kind for e in entries}
    assert kinds[row.opened_seq] == "shift.opened" and kinds[row.closed_seq] == "shift.closed"
    assert (row.id, row.opening_float, row.sales_count) == (shift.id, 500_000, 3)


def test_a_sale_that_does_not_add_up_is_refused_and_nothing_is_stored(
    server: ServerThread,
    central: Engine,
    make_outlet: Callable[[str], OutletUnderTest],
    clock: FixedClock,
) -> None:
    blu = make_outlet("BLU")
    _stock_the_outlet(blu)
    context = OutletContext(settings=_settings("BLU"), store=blu.store, clock=clock)
    simulate(context, sales=2, seed=3, shift_size=10, refund_rate=0.0)
    body = wire(entries_of(blu.store))
    index = next(i for i, e in enumerate(body["entries"]) if e["kind"] == "sale.completed")
    body["entries"][index]["payload"]["total"] += 1_000
    before = central_counts(central)
    answer = post(server.url, blu.token, body)
    assert answer.status_code == 422
    (problem,) = answer.json()["problems"]
    assert problem["index"] == index and problem["field"].startswith("payload")
    assert "goods_total + rounding != total" in problem["message"]
    assert central_counts(central) == before


def test_a_sqlite_centre_applies_the_same_day(tmp_path: Path, clock: FixedClock) -> None:
    """The one-machine demo centre takes the same documents (upserts and inserts on SQLite)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    migrate.upgrade(engine)
    made = []
    for code in ("BLU", "KPG"):
        token = outlets.add_outlet(engine, code=code, name=code, kabupaten="NTT", now=FROZEN_NOW)
        path = tmp_path / code / "outlet.db"
        store = open_store(path, outlet_code=code, outlet_name=code, now=FROZEN_NOW, create=True)
        made.append(OutletUnderTest(code=code, store=store, token=token, path=path))
    blu, kpg = made
    producer_id = _stock_the_outlet(blu)
    context = OutletContext(settings=_settings("BLU"), store=blu.store, clock=clock)
    simulate(context, sales=12, seed=5, shift_size=5, refund_rate=0.3)
    _a_shift_by_hand(context)
    _manage(blu, kpg, producer_id)
    server = ServerThread(create_app(engine, max_batch_entries=50)).start()
    try:
        for outlet in made:
            client = CentralClient(server.url, outlet.token, timeout=10)
            try:
                report = push(outlet.store, client, outlet=outlet.code, clock=clock, batch_size=9)
            finally:
                client.close()
            assert report.waiting == 0
    finally:
        server.stop()
    with blu.store.read() as session:
        outlet_day = day_summary(session, DAY).as_json()
    assert _central_day(engine, "BLU", DAY) == outlet_day
    assert check_exactly_once(engine, {o.code: o.path for o in made}) == []
    (transfer,) = _rows(engine, outlet_tables.transfer)
    assert transfer.status == "received"
    assert all(row.opened_seq and row.closed_seq for row in _rows(engine, tables.shift))
    for outlet in made:
        outlet.store.close()
    engine.dispose()
