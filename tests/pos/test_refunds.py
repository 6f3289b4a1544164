"""Refunds, reprints, held and cancelled sales."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import select

from inventory import stock
from inventory.errors import InvalidInputError, NotFoundError
from inventory.models import Product
from pos import cart as carts
from pos.cart import Cart, new_cart
from pos.checkout import CompletedSale, TenderInput, cancel_sale, complete_sale
from pos.context import OutletContext
from pos.documents import (
    KIND_REFUND,
    KIND_SALE,
    KIND_SALE_CANCELLED,
    RefundCompleted,
    SaleCompleted,
)
from pos.held import held_sales, hold, recall
from pos.models import ApprovalAction, Refund, Shift, TenderKind
from pos.pricing import Discount
from pos.receipts import render_text
from pos.refunds import RefundItem, find_refundable, refund
from pos.sales import find_sale, reprint, sale_doc
from pos.staff import Approval, ApprovalRequired, approve
from sync.journal import JournalEntry
from tests.factories import KOPI_EAN, MADU_EAN
from tests.pos.conftest import MANAJER_PIN


def manager(outlet: OutletContext, action: ApprovalAction) -> Approval:
    return approve(
        outlet,
        username="manajer",
        pin=MANAJER_PIN,
        action=action,
        reason="rusak",
        requested_by="kasir",
    )


def cart_with(outlet: OutletContext, shift: Shift, *codes: str) -> Cart:
    cart = new_cart("kasir", started_at=outlet.clock.now(), shift_id=shift.id)
    with outlet.store.read() as session:
        for code in codes:
            carts.scan(session, cart, code)
    return cart


def sell(
    outlet: OutletContext, shift: Shift, *codes: str, tenders: list[TenderInput]
) -> CompletedSale:
    return complete_sale(outlet, cart_with(outlet, shift, *codes), tenders)


def journal_kinds(outlet: OutletContext) -> list[str]:
    with outlet.store.read() as session:
        return list(session.execute(select(JournalEntry.kind).order_by(JournalEntry.seq)).scalars())


def test_rebuilt_sale_equals_the_journaled_document(
    outlet: OutletContext, shift: Shift, products: dict[str, Product]
) -> None:
    cart = cart_with(outlet, shift, f"2*{KOPI_EAN}", MADU_EAN, KOPI_EAN)
    carts.void_line(cart, 1, approval=manager(outlet, ApprovalAction.VOID_LINE))
    carts.set_sale_discount(cart, Discount.rupiah(3_000), limit_percent=10)
    done = complete_sale(outlet, cart, [TenderInput.qris(100_000, "Q"), TenderInput.cash(100_000)])
    with outlet.store.read() as session:
        rebuilt = sale_doc(session, find_sale(session, done.receipt_no.lower()), "BLU")
        entry = session.execute(
            select(JournalEntry).where(JournalEntry.kind == KIND_SALE)
        ).scalar_one()
    assert rebuilt == done.doc == SaleCompleted.model_validate_json(entry.payload)
    copy = reprint(outlet)
    text = render_text(copy)
    assert "SALINAN" in text and done.receipt_no in text and not copy.open_drawer
    assert render_text(done.receipt) != text


def test_partial_refunds_never_exceed_what_was_sold(
    outlet: OutletContext, shift: Shift, products: dict[str, Product]
) -> None:
    done = sell(outlet, shift, f"3*{KOPI_EAN}", tenders=[TenderInput.cash(200_000)])
    line_id = done.doc.lines[0].id
    approval = manager(outlet, ApprovalAction.REFUND)
    first = refund(
        outlet,
        receipt_no=done.receipt_no,
        items=[RefundItem(line_id, 2)],
        approval=approval,
        reason="kemasan rusak",
        cashier="kasir",
        shift_id=shift.id,
    )
    assert first.doc.number == "BLU-20261122-R001"
    assert (first.doc.goods_amount, first.doc.total) == (130_000, 130_000)
    assert [(m.quantity, m.amount) for m in first.doc.stock_movements] == [(2, 130_000)]
    with outlet.store.read() as session:
        assert stock.on_hand(session, products["kopi"].id) == -1
    before = journal_kinds(outlet)
    with pytest.raises(InvalidInputError) as raised:
        refund(
            outlet,
            receipt_no=done.receipt_no,
            items=[RefundItem(line_id, 2)],
            approval=manager(outlet, ApprovalAction.REFUND),
            reason="x",
            cashier="kasir",
            shift_id=shift.id,
        )
    assert raised.value.key == "refund.too_much"
    assert "terjual 3" in str(raised.value) and "sudah diretur 2" in str(raised.value)
    assert [k for k in journal_kinds(outlet) if k != "audit"] == [k for k in before if k != "audit"]
    left = find_refundable(outlet, done.receipt_no)
    assert left.lines[0].refundable == 1
    last = refund(
        outlet,
        receipt_no=done.receipt_no,
        items=[RefundItem(line_id, 1)],
        approval=manager(outlet, ApprovalAction.REFUND),
        reason="x",
        cashier="kasir",
        shift_id=shift.id,
    )
    assert last.doc.goods_amount == 65_000
    with outlet.store.read() as session:
        refunded = session.execute(select(func.sum(Refund.goods_amount))).scalar_one()
        entries = (
            session.execute(select(JournalEntry).where(JournalEntry.kind == KIND_REFUND))
            .scalars()
            .all()
        )
    assert refunded == done.doc.goods_total
    docs = [RefundCompleted.model_validate_json(e.payload) for e in entries]
    assert [len(d.stock_movements) for d in docs] == [1, 1]
    assert "RETUR" in render_text(last.slip)


def test_refund_rules(outlet: OutletContext, shift: Shift, products: dict[str, Product]) -> None:
    done = sell(outlet, shift, MADU_EAN, tenders=[TenderInput.qris(85_000, "Q7")])
    line_id = done.doc.lines[0].id
    with pytest.raises(ApprovalRequired):
        refund(
            outlet,
            receipt_no=done.receipt_no,
            items=[RefundItem(line_id, 1)],
            approval=None,
            reason="x",
            cashier="kasir",
            shift_id=shift.id,
        )
    with pytest.raises(NotFoundError) as unknown:
        refund(
            outlet,
            receipt_no="BLU-20261122-9999",
            items=[RefundItem(line_id, 1)],
            approval=manager(outlet, ApprovalAction.REFUND),
            reason="x",
            cashier="kasir",
            shift_id=shift.id,
        )
    assert unknown.value.key == "sale.unknown_receipt"
    with pytest.raises(InvalidInputError) as tender:
        refund(
            outlet,
            receipt_no=done.receipt_no,
            items=[RefundItem(line_id, 1)],
            approval=manager(outlet, ApprovalAction.REFUND),
            reason="x",
            cashier="kasir",
            shift_id=shift.id,
            tender=TenderKind.DEBIT,
        )
    assert tender.value.key == "refund.bad_tender"
    back = refund(
        outlet,
        receipt_no=done.receipt_no,
        items=[RefundItem(line_id, 1)],
        approval=manager(outlet, ApprovalAction.REFUND),
        reason="x",
        cashier="kasir",
        shift_id=shift.id,
        tender=TenderKind.QRIS,
        reference="Q7-R",
    )
    assert (back.doc.tender, back.doc.total) == (TenderKind.QRIS, 85_000)
    assert not back.slip.open_drawer


def test_held_sales_survive_and_are_recalled_once(
    outlet: OutletContext, shift: Shift, products: dict[str, Product]
) -> None:
    first = cart_with(outlet, shift, KOPI_EAN, MADU_EAN)
    second = cart_with(outlet, shift, f"2*{MADU_EAN}")
    hold(outlet, first)
    hold(outlet, second)
    listed = held_sales(outlet)
    assert [(h.label, h.total) for h in listed] == [
        ("Kopi Arabika Flores Bajawa 250g +1", 150_000),
        ("Madu Hutan Amfoang 250ml", 170_000),
    ]
    back = recall(outlet, first.id)
    assert back == first
    assert [h.id for h in held_sales(outlet)] == [second.id]
    with pytest.raises(NotFoundError):
        recall(outlet, first.id)
    done = complete_sale(outlet, back, [TenderInput.cash(150_000)])
    assert done.doc.total == 150_000


def test_cancelling_a_sale_with_lines_needs_approval_and_is_journaled(
    outlet: OutletContext, shift: Shift, products: dict[str, Product]
) -> None:
    cart = cart_with(outlet, shift, KOPI_EAN)
    with pytest.raises(ApprovalRequired):
        cancel_sale(outlet, cart, approval=None)
    cancel_sale(outlet, cart, approval=manager(outlet, ApprovalAction.CANCEL_SALE))
    assert journal_kinds(outlet)[-1] == KIND_SALE_CANCELLED
    with pytest.raises(Exception) as raised:
        complete_sale(outlet, cart, [TenderInput.cash(65_000)])
    assert getattr(raised.value, "key", "") == "sale.cancelled"
    cancel_sale(outlet, cart_with(outlet, shift), approval=None)  # an empty cart just goes
