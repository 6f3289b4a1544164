"""Properties: totals, discounts, rounding and PPN never lose or invent a Rupiah; refunds never
exceed what was sold."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from inventory.quantity import Unit
from pos.cart import Cart, CartLine, DiscountSpec
from pos.checkout import TenderInput, build_sale_doc, quote
from pos.config import SaleSettings
from pos.pricing import DiscountKind, ppn_contained, round_cash, split_proportionally
from pos.refunds import RefundableLine, line_refund_amount

NOW = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)

discounts = st.one_of(
    st.none(),
    st.builds(DiscountSpec, kind=st.just(DiscountKind.PERCENT), value=st.integers(1, 10_000)),
    st.builds(DiscountSpec, kind=st.just(DiscountKind.AMOUNT), value=st.integers(1, 2_000_000)),
)


@st.composite
def lines(draw: st.DrawFn) -> CartLine:
    unit = draw(st.sampled_from(list(Unit)))
    fixed = draw(st.one_of(st.none(), st.integers(1, 500_000))) if unit is not Unit.PIECE else None
    return CartLine(
        product_id="p",
        sku="SKU",
        name="Barang",
        unit=unit,
        quantity=draw(st.integers(1, 50 if unit is Unit.PIECE else 20_000)),
        list_price=(price := draw(st.integers(0, 2_000_000))),
        unit_price=price,
        fixed_amount=fixed,
        discount=draw(discounts),
    )


rules_strategy = st.builds(
    SaleSettings,
    discount_limit_percent=st.just(100),
    cash_rounding=st.sampled_from([1, 50, 100, 200, 500, 1000]),
    cash_rounding_mode=st.sampled_from(["nearest", "down"]),
    ppn=st.sampled_from(["none", "inclusive"]),
)


@given(
    cart_lines=st.lists(lines(), min_size=1, max_size=8),
    sale_discount=discounts,
    rules=rules_strategy,
    way=st.sampled_from(["cash", "qris", "split"]),
    extra=st.integers(0, 200_000),
    split=st.floats(0, 1),
)
@settings(max_examples=300, deadline=None)
def test_a_sale_adds_up_to_the_rupiah(
    cart_lines: list[CartLine],
    sale_discount: DiscountSpec | None,
    rules: SaleSettings,
    way: str,
    extra: int,
    split: float,
) -> None:
    cart = Cart(cashier="kasir", started_at=NOW, lines=cart_lines, sale_discount=sale_discount)
    goods = cart.totals(rules.ppn).goods_total
    if goods == 0:
        return
    if way == "qris":
        tenders = [TenderInput.qris(goods)]
    else:
        part = int(goods * split) if way == "split" else 0
        part = min(part, goods - 1)
        tenders = [TenderInput.qris(part)] if part > 0 else []
        due = quote(cart, [*tenders, TenderInput.cash(1)], rules).cash_due
        if due == 0:
            return
        tenders.append(TenderInput.cash(due + extra))
    doc = build_sale_doc(
        cart,
        tenders,
        rules,
        outlet="BLU",
        receipt_no="BLU-20261122-0001",
        day=date(2026, 11, 22),
        shift_id="s",
        cashier_name="Yohana",
        completed_at=NOW,
    )
    sale_discount_amount = doc.sale_discount.amount if doc.sale_discount else 0
    assert (
        sum(line.gross for line in doc.lines)
        - doc.line_discounts
        - sale_discount_amount
        + doc.rounding
        == doc.total
    )
    assert sum(line.total for line in doc.lines) + doc.rounding == doc.total
    assert sum(p.tendered for p in doc.payments) - doc.change == doc.total
    assert all(line.total >= 0 for line in doc.lines)
    assert 0 <= doc.ppn <= doc.total
    assert abs(doc.rounding) < rules.cash_rounding or (
        rules.cash_rounding == 1 and doc.rounding == 0
    )
    if rules.cash_rounding_mode == "down":
        assert doc.rounding <= 0


@given(
    st.integers(0, 10**12),
    st.sampled_from([1, 50, 100, 500, 1000]),
    st.sampled_from(["nearest", "down"]),
)
def test_cash_rounding_moves_less_than_a_step(amount: int, step: int, mode: str) -> None:
    rounded = round_cash(amount, step, mode)
    assert rounded % step == 0
    assert abs(rounded - amount) <= step // 2 if mode == "nearest" else 0 <= amount - rounded < step


@given(st.integers(0, 10**12))
def test_ppn_is_eleven_percent_of_the_base(amount: int) -> None:
    tax = ppn_contained(amount, "inclusive")
    base = amount - tax
    assert 0 <= tax <= amount
    # 12% of 11/12 of the base is 11% of it; rounding the tax moves it by at most half a Rupiah.
    assert abs(tax * 100 - base * 11) <= 111 // 2 + 1
    assert ppn_contained(amount, "none") == 0


@given(st.integers(0, 10**9), st.lists(st.integers(0, 10**9), min_size=1, max_size=30))
def test_a_split_is_exact_and_never_exceeds_a_weight(total: int, weights: list[int]) -> None:
    total = min(total, sum(weights))
    shares = split_proportionally(total, weights)
    assert sum(shares) == total
    assert all(0 <= share <= weight for share, weight in zip(shares, weights, strict=True))


@given(
    line_total=st.integers(0, 10**8),
    sold=st.integers(1, 200),
    steps=st.lists(st.integers(1, 50), max_size=30),
)
def test_partial_refunds_never_exceed_the_line(
    line_total: int, sold: int, steps: list[int]
) -> None:
    refunded = refunded_amount = 0
    for step in steps:
        quantity = min(step, sold - refunded)
        if quantity == 0:
            break
        line = RefundableLine("l", 1, "S", "n", sold, refunded, line_total, refunded_amount)
        amount = line_refund_amount(line, quantity)
        assert amount >= 0
        refunded += quantity
        refunded_amount += amount
        assert refunded_amount <= line_total
    if refunded == sold:
        assert refunded_amount == line_total
