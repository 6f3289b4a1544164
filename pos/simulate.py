"""A headless till: random baskets paid through the real checkout services, for load and demos.

``nttmart simulate`` and the checkout benchmark use it. Every sale goes through the same cart,
checkout and refund functions a cashier's screen calls, inside open shifts, with a realistic mix
of tenders (mostly cash and QRIS, some cards, transfers and split payments) and a few refunds.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import col, select

from inventory.clock import business_day
from inventory.errors import NttMartError
from inventory.models import Barcode, Product
from inventory.quantity import Unit
from pos import cart as carts
from pos.campaigns import CampaignTag, running
from pos.checkout import CompletedSale, TenderInput, complete_sale, quote
from pos.context import OutletContext
from pos.demo import DEMO_STAFF, seed_staff
from pos.models import ApprovalAction, Shift, TenderKind
from pos.pricing import Discount
from pos.refunds import RefundItem, refund
from pos.shifts import close_shift, current_shift, open_shift, shift_report
from pos.staff import approve

CASHIER = DEMO_STAFF[0]
MANAGER = DEMO_STAFF[1]
# Share of sales per way of paying (the rest of the weight is cash).
TENDER_MIX = (
    ("cash", 55),
    ("qris", 25),
    ("debit", 7),
    ("credit", 3),
    ("transfer", 4),
    ("split", 6),
)


@dataclass
class SimulationResult:
    """What a simulation did."""

    sales: int = 0
    refunds: int = 0
    shifts: int = 0
    total: int = 0
    refunded: int = 0
    seconds: float = 0.0
    per_tender: Counter[str] = field(default_factory=Counter)
    tagged: int = 0
    """Sales tagged with a campaign (``campaign_rate``)."""

    @property
    def sales_per_second(self) -> float:
        """Throughput of the checkout."""
        return self.sales / self.seconds if self.seconds else 0.0


@dataclass(frozen=True, slots=True)
class _Item:
    product: Product
    barcode: str | None


def _catalog(context: OutletContext, limit: int = 5_000) -> list[_Item]:
    with context.store.read() as session:
        rows = session.execute(
            select(Product, Barcode.code)
            .outerjoin(Barcode, col(Barcode.product_id) == col(Product.id))
            .where(col(Product.active), col(Product.price) > 0)
            .limit(limit)
        ).all()
    seen: dict[str, _Item] = {}
    for product, code in rows:
        seen.setdefault(product.id, _Item(product, code))
    return list(seen.values())


def _cash_handed(amount: int, rng: random.Random) -> int:
    """What a customer hands over for ``amount``: exact, or rounded up to a note."""
    if rng.random() < 0.35:
        return amount
    note = rng.choice((10_000, 20_000, 50_000, 100_000))
    return -(-amount // note) * note


def _tenders(
    context: OutletContext, cart: carts.Cart, rng: random.Random, number: int
) -> list[TenderInput]:
    rules = context.settings.sale
    goods = cart.totals(rules.ppn).goods_total
    kinds, weights = zip(*TENDER_MIX, strict=True)
    way = rng.choices(kinds, weights)[0]
    reference = f"SIM{number:07d}"
    if way == "qris":
        return [TenderInput.qris(goods, reference)]
    if way == "debit":
        return [TenderInput.debit(goods, reference)]
    if way == "credit":
        return [TenderInput.credit(goods, reference)]
    if way == "transfer":
        return [TenderInput.transfer(goods, reference)]
    if way == "split" and goods > 20_000:
        first = TenderInput.qris(rng.randrange(1, goods // 10_000 + 1) * 5_000, reference)
        if first.amount < goods:
            due = quote(cart, [first, TenderInput.cash(1)], rules).cash_due
            if due > 0:
                return [first, TenderInput.cash(_cash_handed(due, rng))]
    due = quote(cart, [TenderInput.cash(1)], rules).cash_due
    return [TenderInput.cash(_cash_handed(due, rng))]


def _basket(
    context: OutletContext, catalog: list[_Item], rng: random.Random, shift: Shift
) -> carts.Cart:
    cart = carts.new_cart(CASHIER.username, started_at=context.clock.now(), shift_id=shift.id)
    with context.store.read() as session:
        for _ in range(rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6))):
            item = rng.choice(catalog)
            product = item.product
            if product.unit is Unit.PIECE:
                quantity = rng.choice((1, 1, 1, 2, 3))
                if item.barcode:
                    carts.scan(session, cart, f"{quantity}*{item.barcode}")
                else:
                    carts.add_product(session, cart, product, quantity)
            else:
                carts.add_product(session, cart, product, rng.randrange(100, 2_500))
            if rng.random() < 0.05:
                carts.set_line_discount(
                    cart,
                    len(cart.lines) - 1,
                    Discount.percent(rng.choice((5, 10))),
                    limit_percent=context.settings.sale.discount_limit_percent,
                )
    return cart


def _close(context: OutletContext, shift: Shift, rng: random.Random) -> None:
    expected = shift_report(context, shift.id).summary.cash_expected
    # Count the drawer in Rp100.000 notes and Rp100 coins, off by a little now and then.
    counted = max(0, expected + rng.choice((0, 0, 0, -1_000, 500)))
    counts = {"n100000": counted // 100_000, "c100": counted % 100_000 // 100}
    close_shift(context, shift_id=shift.id, counts=counts, closed_by=CASHIER.username)


def demo_buyers(count: int, rng: random.Random) -> list[str]:
    """``count`` made-up but valid NIPs (born 1965-1990, appointed at 22-30, both sexes)."""
    buyers = []
    for number in range(1, count + 1):
        born = rng.randrange(1965, 1991)
        month, day = rng.randrange(1, 13), rng.randrange(1, 29)
        appointed = born + rng.randrange(22, 31)
        buyers.append(
            f"{born}{month:02d}{day:02d}{appointed}{rng.randrange(1, 13):02d}"
            f"{rng.choice('12')}{number:03d}"
        )
    return buyers


def _campaign_tag(
    context: OutletContext, rng: random.Random, buyers: list[str], rate: float
) -> CampaignTag | None:
    if not rate or rng.random() >= rate:
        return None
    day = business_day(context.clock.now(), context.settings.outlet.business_day_cutoff)
    usable = [c for c in running(context.settings, day) if c.buyer_id == "nip"]
    if not usable:
        return None
    return CampaignTag(rng.choice(usable).code, rng.choice(buyers))


def simulate(
    context: OutletContext,
    *,
    sales: int,
    seed: int | None = None,
    shift_size: int = 150,
    refund_rate: float = 0.03,
    campaign_rate: float = 0.0,
    progress: Callable[[int], None] | None = None,
) -> SimulationResult:
    """Ring up ``sales`` random sales (and some refunds) through the checkout services.

    Uses the open shift if there is one (and leaves it open); otherwise opens shifts of
    ``shift_size`` sales for the demo cashier and closes them with a blind count. Adds the demo
    staff if they are missing. Raises :class:`NttMartError` when the catalog has nothing to sell.
    With ``campaign_rate`` that share of sales is tagged with a running NIP campaign of the
    config and one of 40 made-up buyers (its own random stream: the baskets stay the same).
    """
    rng = random.Random(seed)
    tag_rng = random.Random(None if seed is None else seed + 1)
    buyers = demo_buyers(40, tag_rng)
    with context.store.write() as session:
        seed_staff(session, context.stamp("simulate"))
    catalog = _catalog(context)
    if not catalog:
        raise NttMartError("simulate.no_products")
    result = SimulationResult()
    started = time.perf_counter()
    with context.store.read() as session:
        shift = current_shift(session)
    ours = shift is None
    in_shift = 0
    recent: list[CompletedSale] = []
    for number in range(1, sales + 1):
        if shift is None:
            shift = open_shift(context, cashier=CASHIER.username, opening_float=500_000)
            result.shifts += 1
            in_shift = 0
        cart = _basket(context, catalog, rng, shift)
        tenders = _tenders(context, cart, rng, number)
        tag = _campaign_tag(context, tag_rng, buyers, campaign_rate)
        done = complete_sale(context, cart, tenders, campaign=tag)
        result.tagged += tag is not None
        result.sales += 1
        result.total += done.doc.total
        for payment in done.doc.payments:
            result.per_tender[payment.tender.value] += payment.amount
        recent = [*recent[-19:], done]
        if rng.random() < refund_rate:
            back = _refund_one(context, rng, recent, shift)
            if back is not None:
                result.refunded += back
                result.refunds += 1
        in_shift += 1
        if ours and in_shift >= shift_size:
            _close(context, shift, rng)
            shift = None
        if progress is not None:
            progress(number)
    if ours and shift is not None:
        _close(context, shift, rng)
    result.seconds = time.perf_counter() - started
    return result


def _refund_one(
    context: OutletContext, rng: random.Random, recent: list[CompletedSale], shift: Shift
) -> int | None:
    sale = rng.choice(recent).doc
    line = rng.choice(sale.lines)
    approval = approve(
        context,
        username=MANAGER.username,
        pin=MANAGER.pin,
        action=ApprovalAction.REFUND,
        reason="barang rusak",
        requested_by=CASHIER.username,
    )
    tenders = [p.tender for p in sale.payments]
    tender = TenderKind.CASH if TenderKind.CASH in tenders else tenders[0]
    quantity = 1 if line.unit is Unit.PIECE else line.quantity
    try:
        done = refund(
            context,
            receipt_no=sale.receipt_no,
            items=[RefundItem(line.id, quantity)],
            approval=approval,
            reason="barang rusak",
            cashier=CASHIER.username,
            shift_id=shift.id,
            tender=tender,
            reference=None if tender is TenderKind.CASH else f"R-{sale.receipt_no}",
        )
    except NttMartError:
        return None  # already refunded in full: the customer is sent away
    return done.doc.total
