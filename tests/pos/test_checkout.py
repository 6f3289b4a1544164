"""Checkout: scans, discounts, approvals, tenders, rounding, and the one transaction of a sale."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func
from sqlmodel import select

from inventory import stock
from inventory.barcodes import with_check_digit
from inventory.errors import ConflictError, InvalidInputError, NotFoundError
from inventory.models import Product, StockMovement
from pos import cart as carts
from pos.cart import Cart, new_cart
from pos.checkout import TenderInput, commit_sale, complete_sale, prepare_sale, quote
from pos.context import OutletContext
from pos.documents import KIND_SALE, SaleCompleted
from pos.models import Approval, ApprovalAction, Payment, Sale, SaleLine, Shift, TenderKind
from pos.pricing import Discount
from pos.receipts import render_text
from pos.sales import find_sale, sale_doc
from pos.staff import ApprovalRequired, approve
from sync.journal import JournalEntry
from tests.factories import KOPI_EAN, MADU_EAN
from tests.pos.conftest import MANAJER_PIN


def fresh_cart(outlet: OutletContext, shift: Shift) -> Cart:
    return new_cart("kasir", started_at=outlet.clock.now(), shift_id=shift.id)


def scan(outlet: OutletContext, cart: Cart, text: str) -> int:
    with outlet.store.read() as session:
        return carts.scan(session, cart, text, layouts=outlet.settings.barcodes.variable_measure)


def manager(outlet: OutletContext, action: ApprovalAction, reason: str = "ok"):  # type: ignore[no-untyped-def]
    return approve(
        outlet,
        username="manajer",
        pin=MANAJER_PIN,
        action=action,
        reason=reason,
        requested_by="kasir",
    )


def counts(outlet: OutletContext) -> dict[str, int]:
    with outlet.store.read() as session:
        return {
            model.__tablename__: session.execute(
                select(func.count()).select_from(model)
            ).scalar_one()  # type: ignore[attr-defined]
            for model in (Sale, SaleLine, Payment, StockMovement, JournalEntry, Approval)
        }


def test_cash_sale_commits_everything_together(
    outlet: OutletContext, shift: Shift, products: dict[str, Product]
) -> None:
    cart = fresh_cart(outlet, shift)
    assert scan(outlet, cart, f"3*{KOPI_EAN}") == 0
    assert scan(outlet, cart, MADU_EAN) == 1
    assert scan(outlet, cart, KOPI_EAN) == 0  # same product joins its line
    assert [line.quantity for line in cart.lines] == [4, 1]
    before = counts(outlet)
    done = complete_sale(outlet, cart, [TenderInput.cash(400_000)])
    assert done.receipt_no == "BLU-20261122-0001"
    assert (done.doc.total, done.doc.change) == (345_000, 55_000)
    after = counts(outlet)
    assert after["sale"] - before["sale"] == 1
    assert after["sale_line"] - before["sale_line"] == 2
    assert after["payment"] - before["payment"] == 1
    assert after["stock_movement"] - before["stock_movement"] == 2
    assert after["journal"] - before["journal"] == 1  # one entry: stock rides in the sale
    with outlet.store.read() as session:
        entry = session.execute(
            select(JournalEntry).where(JournalEntry.kind == KIND_SALE)
        ).scalar_one()
        payload = SaleCompleted.model_validate_json(entry.payload)
        assert stock.on_hand(session, products["kopi"].id) == -4
        moved = (
            session.execute(select(StockMovement).where(StockMovement.reference == done.receipt_no))
            .scalars()
            .all()
        )
    assert payload == done.doc
    assert sorted(m.quantity for m in moved) == [-4, -1]
    # Each movement carries its line's net amount: consignment settlements add these up.
    assert sorted((m.product_id, m.amount) for m in moved) == sorted(
        (line.product_id, line.total) for line in done.doc.lines
    )
    assert [m.id for m in payload.stock_movements] == [m.id for m in moved] or len(moved) == 2
    receipt = render_text(done.receipt)
    assert "BLU-20261122-0001" in receipt and "Kembalian" in receipt and "Rp55.000" in receipt
    assert done.receipt.open_drawer


def test_receipt_numbers_count_per_business_day(
    outlet: OutletContext, shift: Shift, products: dict[str, Product]
) -> None:
    from datetime import timedelta

    numbers = []
    for hours in (0, 1, 13, 14):  # 14:00, 15:00, 03:00 (before the 04:00 cut-off), 04:00 WITA
        outlet.clock.set(outlet.clock.now().replace(hour=6) + timedelta(hours=hours))  # type: ignore[attr-defined]
        cart = fresh_cart(outlet, shift)
        scan(outlet, cart, KOPI_EAN)
        numbers.append(complete_sale(outlet, cart, [TenderInput.cash(65_000)]).receipt_no)
    assert numbers == [
        "BLU-20261122-0001",
        "BLU-20261122-0002",
        "BLU-20261122-0003",
        "BLU-20261123-0001",
    ]


def test_cash_rounding_is_its_own_line(
    outlet: OutletContext, shift: Shift, products: dict[str, Product]
) -> None:
    cart = fresh_cart(outlet, shift)
    # 1.234 kg of oranges at Rp35.000/kg = Rp43.190; a scale label 28 00401 01234 C.
    scan(outlet, cart, with_check_digit("280040101234"))
    rules = outlet.settings.sale
    q = quote(cart, [TenderInput.cash(50_000)], rules)
    assert (q.goods_total, q.rounding, q.total, q.change) == (43_190, -90, 43_100, 6_900)
    q_card = quote(cart, [TenderInput.debit(43_190, "A1")], rules)
    assert (q_card.rounding, q_card.total, q_card.remaining) == (0, 43_190, 0)
    done = complete_sale(outlet, cart, [TenderInput.cash(50_000)])
    assert (done.doc.rounding, done.doc.total) == (-90, 43_100)
    assert "Pembulatan" in render_text(done.receipt)


def test_split_tender_rounds_only_the_cash_part(
    outlet: OutletContext, shift: Shift, products: dict[str, Product]
) -> None:
    cart = fresh_cart(outlet, shift)
    scan(outlet, cart, with_check_digit("280040101234"))  # Rp43.190
    tenders = [TenderInput.qris(20_000, "QR-1"), TenderInput.cash(25_000)]
    done = complete_sale(outlet, cart, tenders)
    assert done.doc.rounding == -90
    assert done.doc.change == 1_900
    by_tender = {p.tender: p for p in done.doc.payments}
    assert by_tender[TenderKind.QRIS].verified is False
    assert by_tender[TenderKind.QRIS].reference == "QR-1"
    assert by_tender[TenderKind.CASH].amount == 23_100
    assert sum(p.tendered for p in done.doc.payments) - done.doc.change == done.doc.total


def test_too_little_money_changes_nothing(
    outlet: OutletContext, shift: Shift, products: dict[str, Product]
) -> None:
    cart = fresh_cart(outlet, shift)
    scan(outlet, cart, KOPI_EAN)
    before = counts(outlet)
    with pytest.raises(InvalidInputError) as raised:
        complete_sale(outlet, cart, [TenderInput.cash(60_000)])
    assert raised.value.key == "payment.not_enough"
    assert "Rp5.000" in str(raised.value) or "5000" in str(raised.value)
    with pytest.raises(InvalidInputError) as raised:
        complete_sale(outlet, cart, [TenderInput.debit(65_000, "")])
    assert raised.value.key == "payment.reference_required"
    with pytest.raises(InvalidInputError):
        complete_sale(outlet, cart, [TenderInput.qris(70_000)])
    assert counts(outlet) == before


def test_unknown_barcode_leaves_the_cart_alone(
    outlet: OutletContext, shift: Shift, products: dict[str, Product]
) -> None:
    cart = fresh_cart(outlet, shift)
    scan(outlet, cart, KOPI_EAN)
    with pytest.raises(NotFoundError) as raised:
        scan(outlet, cart, with_check_digit("899000000001"))
    assert raised.value.key == "catalog.unknown_barcode"
    with pytest.raises(InvalidInputError) as bad_check:
        scan(outlet, cart, KOPI_EAN[:-1] + str((int(KOPI_EAN[-1]) + 1) % 10))
    assert bad_check.value.key == "barcode.bad_check"
    with pytest.raises(InvalidInputError):
        scan(outlet, cart, f"0*{KOPI_EAN}")
    assert [(line.sku, line.quantity) for line in cart.lines] == [("KOP-BJW-250", 1)]


def test_discount_above_limit_needs_approval(
    outlet: OutletContext, shift: Shift, products: dict[str, Product]
) -> None:
    cart = fresh_cart(outlet, shift)
    scan(outlet, cart, f"2*{KOPI_EAN}")  # Rp130.000
    limit = outlet.settings.sale.discount_limit_percent
    carts.set_line_discount(cart, 0, Discount.percent(10), limit_percent=limit)  # at the limit
    with pytest.raises(ApprovalRequired) as raised:
        carts.set_line_discount(cart, 0, Discount.rupiah(20_000), limit_percent=limit)
    assert raised.value.action is ApprovalAction.DISCOUNT
    assert cart.lines[0].discount is not None and cart.lines[0].discount.value == 1000
    approval = manager(outlet, ApprovalAction.DISCOUNT, "pelanggan setia")
    carts.set_line_discount(
        cart, 0, Discount.rupiah(20_000), limit_percent=limit, approval=approval
    )
    carts.set_sale_discount(cart, Discount.percent("5"), limit_percent=limit)
    done = complete_sale(outlet, cart, [TenderInput.cash(110_000)])
    doc = done.doc
    assert (doc.gross, doc.line_discounts, doc.subtotal) == (130_000, 20_000, 110_000)
    assert doc.sale_discount is not None and doc.sale_discount.amount == 5_500
    assert (doc.goods_total, doc.rounding, doc.total) == (104_500, 0, 104_500)
    assert [a.id for a in doc.approvals] == [approval.id]
    with outlet.store.read() as session:
        stored = session.get(Approval, approval.id)
    assert stored is not None and stored.subject == doc.id and stored.reason == "pelanggan setia"


def test_void_and_price_override_need_approval_and_are_recorded(
    outlet: OutletContext, shift: Shift, products: dict[str, Product]
) -> None:
    cart = fresh_cart(outlet, shift)
    scan(outlet, cart, KOPI_EAN)
    scan(outlet, cart, MADU_EAN)
    with pytest.raises(ApprovalRequired):
        carts.void_line(cart, 1, approval=None)
    with pytest.raises(InvalidInputError) as wrong:
        carts.void_line(cart, 1, approval=manager(outlet, ApprovalAction.REFUND))
    assert wrong.value.key == "approval.wrong_action"
    void = manager(outlet, ApprovalAction.VOID_LINE, "salah scan")
    carts.void_line(cart, 1, approval=void)
    with pytest.raises(ApprovalRequired):
        carts.override_price(cart, 0, 60_000, approval=None)
    override = manager(outlet, ApprovalAction.PRICE_OVERRIDE, "kemasan penyok")
    carts.override_price(cart, 0, 60_000, approval=override)
    done = complete_sale(outlet, cart, [TenderInput.cash(60_000)])
    assert done.doc.total == 60_000
    assert [v.sku for v in done.doc.voided_lines] == ["MDU-AMF-250"]
    assert done.doc.lines[0].list_price == 65_000
    assert done.doc.lines[0].price_override_approval_id == override.id
    with outlet.store.read() as session:
        rows = session.execute(select(Approval).where(Approval.subject == done.doc.id)).scalars()
        by_action = {row.action: row for row in rows}
    assert set(by_action) == {ApprovalAction.VOID_LINE, ApprovalAction.PRICE_OVERRIDE}
    assert json.loads(by_action[ApprovalAction.VOID_LINE].detail or "{}")["sku"] == "MDU-AMF-250"


def test_lowering_a_quantity_is_a_void_with_approval(
    outlet: OutletContext, shift: Shift, products: dict[str, Product]
) -> None:
    cart = fresh_cart(outlet, shift)
    kopi = scan(outlet, cart, f"3*{KOPI_EAN}")
    carts.set_line_discount(cart, kopi, Discount.percent(10), limit_percent=10)
    carts.set_quantity(cart, kopi, 5)  # more needs nobody
    assert (cart.lines[kopi].quantity, cart.voided) == (5, [])
    with pytest.raises(ApprovalRequired) as needed:
        carts.set_quantity(cart, kopi, 2)
    assert needed.value.action is ApprovalAction.VOID_LINE
    with pytest.raises(InvalidInputError) as wrong:
        carts.set_quantity(cart, kopi, 2, approval=manager(outlet, ApprovalAction.DISCOUNT))
    assert wrong.value.key == "approval.wrong_action"
    assert (cart.lines[kopi].quantity, cart.voided) == (5, [])  # refused: nothing changed
    approval = manager(outlet, ApprovalAction.VOID_LINE, "pelanggan batal dua")
    carts.set_quantity(cart, kopi, 2, approval=approval)
    assert cart.lines[kopi].quantity == 2
    # 5 x 65.000 less 10% = 292.500; 2 x 65.000 less 10% = 117.000: 175.500 taken off.
    assert [(v.sku, v.quantity, v.amount) for v in cart.voided] == [("KOP-BJW-250", 3, 175_500)]
    with pytest.raises(InvalidInputError) as twice:
        carts.set_quantity(cart, kopi, 1, approval=approval)
    assert twice.value.key == "approval.already_used"
    done = complete_sale(outlet, cart, [TenderInput.cash(117_000)])
    assert [(line.quantity, line.total) for line in done.doc.lines] == [(2, 117_000)]
    assert [(v.quantity, v.approval_id) for v in done.doc.voided_lines] == [(3, approval.id)]
    with outlet.store.read() as session:
        stored = session.get(Approval, approval.id)
    assert stored is not None
    assert (stored.action, stored.approver, stored.reason, stored.subject) == (
        ApprovalAction.VOID_LINE,
        "manajer",
        "pelanggan batal dua",
        done.doc.id,
    )
    assert json.loads(stored.detail or "{}")["quantity"] == 3


def test_ppn_inclusive_is_shown_and_contained(
    outlet: OutletContext, shift: Shift, products: dict[str, Product]
) -> None:
    outlet.settings.sale.ppn = "inclusive"
    outlet.settings.sale.npwp = "01.234.567.8-912.000"
    cart = fresh_cart(outlet, shift)
    scan(outlet, cart, f"3*{MADU_EAN}")  # Rp255.000 including PPN
    done = complete_sale(outlet, cart, [TenderInput.transfer(255_000, "TRF-9")])
    # 255.000 x 11/111 = 25.270,27 -> 25.270
    assert done.doc.ppn == 25_270
    text = render_text(done.receipt)
    assert "NPWP 01.234.567.8-912.000" in text and "Rp25.270" in text
    assert not done.receipt.open_drawer


def test_sale_needs_an_open_shift(
    outlet: OutletContext, shift: Shift, products: dict[str, Product]
) -> None:
    from pos.shifts import close_shift

    cart = fresh_cart(outlet, shift)
    scan(outlet, cart, KOPI_EAN)
    close_shift(outlet, shift_id=shift.id, counts={"n100000": 2}, closed_by="kasir")
    before = counts(outlet)
    with pytest.raises(Exception) as raised:
        complete_sale(outlet, cart, [TenderInput.cash(65_000)])
    assert getattr(raised.value, "key", "") == "sale.shift_not_open"
    assert counts(outlet) == before


def test_a_cart_is_paid_only_once(
    outlet: OutletContext, shift: Shift, products: dict[str, Product]
) -> None:
    cart = fresh_cart(outlet, shift)
    scan(outlet, cart, KOPI_EAN)
    complete_sale(outlet, cart, [TenderInput.cash(65_000)])
    before = counts(outlet)
    with pytest.raises(Exception) as raised:
        complete_sale(outlet, cart, [TenderInput.cash(65_000)])
    assert getattr(raised.value, "key", "") == "sale.already_completed"
    assert counts(outlet) == before


def test_price_label_and_quantity_changes(
    outlet: OutletContext, shift: Shift, products: dict[str, Product]
) -> None:
    cart = fresh_cart(outlet, shift)
    # 29 00401 05000 C: Rp5.000 of oranges at Rp35.000/kg, i.e. 143 g.
    index = scan(outlet, cart, with_check_digit("290040105000"))
    line = cart.lines[index]
    assert (line.quantity, line.gross, line.fixed_amount) == (143, 5_000, 5_000)
    with pytest.raises(InvalidInputError) as fixed:
        carts.set_quantity(cart, index, 500)
    assert fixed.value.key == "cart.fixed_line"
    with pytest.raises(InvalidInputError) as weighed, outlet.store.read() as session:
        carts.add_product(session, cart, products["jeruk"], None)
    assert weighed.value.key == "cart.needs_weight"
    kopi = scan(outlet, cart, KOPI_EAN)
    carts.set_quantity(cart, kopi, 3)
    with pytest.raises(InvalidInputError):
        carts.set_quantity(cart, kopi, 0)
    with pytest.raises(InvalidInputError):
        carts.set_quantity(cart, 9, 1)
    assert cart.totals().goods_total == 5_000 + 3 * 65_000
    done = complete_sale(outlet, cart, [TenderInput.debit(200_000, "EDC-77")])
    assert [line.quantity for line in done.doc.lines] == [143, 3]
    assert "143 g x Rp35.000/kg" in render_text(done.receipt)


def test_a_prepared_sale_commits_once_and_reads_back_as_journaled(
    outlet: OutletContext, shift: Shift, products: dict[str, Product]
) -> None:
    # Two sales of the same product at the same (frozen) instant: each reads back with its own
    # stock movements, found by product and time and told apart by the receipt number.
    done = []
    for _ in range(2):
        cart = fresh_cart(outlet, shift)
        scan(outlet, cart, f"2*{KOPI_EAN}")
        scan(outlet, cart, MADU_EAN)
        prepared = prepare_sale(outlet, cart, [TenderInput.cash(300_000)])
        assert prepared.draft.receipt_no == "-"  # numbered only inside the transaction
        done.append(commit_sale(outlet, prepared))
    before = counts(outlet)
    with pytest.raises(ConflictError) as raised:
        commit_sale(outlet, prepared)
    assert raised.value.key == "sale.already_completed"
    assert counts(outlet) == before
    with outlet.store.read() as session:
        for sale in done:
            rebuilt = sale_doc(session, find_sale(session, sale.receipt_no), "BLU")
            assert rebuilt == sale.doc
            assert {m.reference for m in rebuilt.stock_movements} == {sale.receipt_no}
            assert len(rebuilt.stock_movements) == 2
        entries = session.execute(
            select(JournalEntry).where(JournalEntry.kind == KIND_SALE)
        ).scalars()
        journaled = [SaleCompleted.model_validate_json(entry.payload) for entry in entries]
    assert journaled == [sale.doc for sale in done]
