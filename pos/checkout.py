"""Paying for a cart: tenders, cash rounding, change, and the one transaction that records a sale.

:func:`complete_sale` writes the sale, its lines, payments, approvals, stock movements and its one
``sale.completed`` journal entry in a single ``BEGIN IMMEDIATE`` transaction (DESIGN.md
invariant 1): a power cut at any instant leaves the whole sale or none of it. Only after the
commit does it return the receipt to print.

Cash rounding applies to the part paid in cash only: with a split tender the non-cash tenders
pay exact amounts and the rest, due in cash, is rounded by the configured rule. The rounding is
its own receipt line, so ``sum of lines - discounts + rounding = total`` and
``tenders - change = total`` hold exactly.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from hardware.document import PrintDocument
from inventory.catalog import clean_text
from inventory.clock import business_day
from inventory.counters import next_value
from inventory.errors import ConflictError, InvalidInputError, NotFoundError
from inventory.ids import new_id
from inventory.models import MovementKind
from inventory.stamp import Stamp
from inventory.stock import MovementRequest, record_movements
from pos.cart import Cart
from pos.config import SaleSettings
from pos.context import OutletContext
from pos.documents import (
    KIND_SALE,
    DiscountDoc,
    PaymentDoc,
    SaleCompleted,
    SaleLineDoc,
    VoidedLineDoc,
)
from pos.models import Approval as ApprovalRow
from pos.models import ApprovalAction, Payment, Sale, SaleLine, Shift, Staff, TenderKind
from pos.pricing import round_cash
from pos.receipts import sale_receipt
from pos.staff import ApprovalRequired
from sync import journal

# Tenders whose money is only confirmed later against the bank's statement.
UNVERIFIED = frozenset({TenderKind.QRIS, TenderKind.TRANSFER})
# Tenders paid on an external EDC terminal: its approval code is the reference.
NEEDS_REFERENCE = frozenset({TenderKind.DEBIT, TenderKind.CREDIT})
MAX_REFERENCE = 64


@dataclass(frozen=True, slots=True)
class TenderInput:
    """One tender offered by the customer; for cash, ``amount`` is the cash handed over."""

    kind: TenderKind
    amount: int
    reference: str | None = None

    @classmethod
    def cash(cls, amount: int) -> TenderInput:
        """Cash handed over (change is worked out)."""
        return cls(TenderKind.CASH, amount)

    @classmethod
    def qris(cls, amount: int, reference: str | None = None) -> TenderInput:
        """QRIS confirmed on the merchant's device (recorded as not yet verified)."""
        return cls(TenderKind.QRIS, amount, reference)

    @classmethod
    def debit(cls, amount: int, reference: str) -> TenderInput:
        """Debit card on the external EDC; ``reference`` is its approval code."""
        return cls(TenderKind.DEBIT, amount, reference)

    @classmethod
    def credit(cls, amount: int, reference: str) -> TenderInput:
        """Credit card on the external EDC; ``reference`` is its approval code."""
        return cls(TenderKind.CREDIT, amount, reference)

    @classmethod
    def transfer(cls, amount: int, reference: str | None = None) -> TenderInput:
        """Bank transfer to the outlet's account."""
        return cls(TenderKind.TRANSFER, amount, reference)


@dataclass(frozen=True, slots=True)
class PaymentQuote:
    """What the tenders offered so far pay, and what is still due."""

    goods_total: int
    noncash: int
    """Paid by QRIS, cards and transfer."""
    cash_due: int
    """Left to pay in cash, after rounding (0 if the non-cash tenders pay everything)."""
    rounding: int
    total: int
    """``goods_total + rounding``."""
    cash_tendered: int
    change: int
    remaining: int
    """Still to pay (0 when the tenders cover the total)."""

    @property
    def complete(self) -> bool:
        """Whether the tenders pay the sale."""
        return self.remaining == 0


def quote(cart: Cart, tenders: Sequence[TenderInput], rules: SaleSettings) -> PaymentQuote:
    """Work out rounding, total, change and what is still due for ``tenders``.

    Does not raise for too little money (``remaining`` says how much is missing); raises
    :class:`InvalidInputError` for tenders that can never be right (non-cash above the amount
    due, a non-positive amount).
    """
    goods_total = cart.totals(rules.ppn).goods_total
    for tender in tenders:
        if isinstance(tender.amount, bool) or not isinstance(tender.amount, int):
            raise InvalidInputError("payment.bad_amount", amount=tender.amount)
        if tender.amount <= 0:
            raise InvalidInputError("payment.bad_amount", amount=tender.amount)
    noncash = sum(t.amount for t in tenders if t.kind is not TenderKind.CASH)
    cash_tendered = sum(t.amount for t in tenders if t.kind is TenderKind.CASH)
    if noncash > goods_total:
        raise InvalidInputError("payment.noncash_too_much", amount=noncash, due=goods_total)
    left = goods_total - noncash
    cash_due = round_cash(left, rules.cash_rounding, rules.cash_rounding_mode) if left else 0
    if cash_tendered == 0:
        # Paying the rest by card or QRIS: exact amount, no rounding.
        return PaymentQuote(goods_total, noncash, cash_due, 0, goods_total, 0, 0, remaining=left)
    rounding = cash_due - left
    return PaymentQuote(
        goods_total=goods_total,
        noncash=noncash,
        cash_due=cash_due,
        rounding=rounding,
        total=goods_total + rounding,
        cash_tendered=cash_tendered,
        change=max(0, cash_tendered - cash_due),
        remaining=max(0, cash_due - cash_tendered),
    )


def amount_due(cart: Cart, rules: SaleSettings, *, cash: bool = True) -> int:
    """What the customer pays: rounded for cash, exact for any other single tender."""
    goods_total = cart.totals(rules.ppn).goods_total
    if not cash or goods_total == 0:
        return goods_total
    return round_cash(goods_total, rules.cash_rounding, rules.cash_rounding_mode)


def check_discounts(cart: Cart, rules: SaleSettings) -> None:
    """Refuse a cart whose discounts are above the limit without an approval (re-checked at
    payment, since lines may have changed since the discount was given)."""
    limit = rules.discount_limit_percent
    for line in cart.lines:
        unapproved = line.discount is not None and line.discount_approval is None
        if unapproved and line.discount and line.discount.discount().exceeds(line.gross, limit):
            raise ApprovalRequired(ApprovalAction.DISCOUNT)
    if cart.sale_discount and cart.sale_discount_approval is None:
        subtotal = cart.totals().subtotal
        if cart.sale_discount.discount().exceeds(subtotal, limit):
            raise ApprovalRequired(ApprovalAction.DISCOUNT)


def _clean_reference(tender: TenderInput) -> str | None:
    reference = (tender.reference or "").strip() or None
    if reference is not None:
        reference = clean_text(reference, field_name="reference", max_length=MAX_REFERENCE)
    if tender.kind in NEEDS_REFERENCE and reference is None:
        raise InvalidInputError("payment.reference_required", tender=tender.kind.value)
    return reference


def receipt_number(session: Session, outlet: str, day: date) -> str:
    """The next receipt number of ``outlet`` for business ``day``: ``BLU-20261122-0007``.

    Numbers come from a per-outlet, per-day counter in the sale's own transaction, so they are
    never reused (a rolled-back sale gives its number back, leaving no gap either).
    """
    stamp = day.strftime("%Y%m%d")
    return f"{outlet}-{stamp}-{next_value(session, f'receipt:{outlet}:{stamp}'):04d}"


def _payments(tenders: Sequence[TenderInput], q: PaymentQuote) -> list[PaymentDoc]:
    payments: list[PaymentDoc] = []
    cash = [t for t in tenders if t.kind is TenderKind.CASH]
    for tender in tenders:
        if tender.kind is TenderKind.CASH:
            continue
        payments.append(
            PaymentDoc(
                id=new_id(),
                tender=tender.kind,
                amount=tender.amount,
                tendered=tender.amount,
                reference=_clean_reference(tender),
                verified=tender.kind not in UNVERIFIED,
            )
        )
    if cash:
        payments.append(
            PaymentDoc(
                id=new_id(),
                tender=TenderKind.CASH,
                amount=q.cash_tendered - q.change,
                tendered=q.cash_tendered,
                change=q.change,
            )
        )
    return payments


def build_sale_doc(
    cart: Cart,
    tenders: Sequence[TenderInput],
    rules: SaleSettings,
    *,
    outlet: str,
    receipt_no: str,
    day: date,
    shift_id: str,
    cashier_name: str,
    completed_at: datetime,
) -> SaleCompleted:
    """The ``sale.completed`` document of paying ``cart`` with ``tenders`` (no stock yet).

    Raises :class:`InvalidInputError` when the tenders do not pay the sale.
    """
    if cart.is_empty:
        raise InvalidInputError("cart.empty")
    if not tenders:
        raise InvalidInputError("payment.none")
    check_discounts(cart, rules)
    q = quote(cart, tenders, rules)
    if q.cash_tendered and q.cash_due == 0:
        raise InvalidInputError("payment.cash_not_needed")
    if not q.complete:
        raise InvalidInputError("payment.not_enough", remaining=q.remaining)
    totals = cart.totals(rules.ppn)
    lines = []
    for number, (line, share) in enumerate(zip(cart.lines, totals.shares, strict=True), 1):
        discount = None
        if line.discount is not None:
            discount = DiscountDoc(
                kind=line.discount.kind.value,
                value=line.discount.value,
                amount=line.discount_amount,
                approval_id=line.discount_approval.id if line.discount_approval else None,
            )
        lines.append(
            SaleLineDoc(
                id=line.id,
                line_no=number,
                product_id=line.product_id,
                sku=line.sku,
                name=line.name,
                unit=line.unit,
                category_id=line.category_id,
                category=line.category,
                barcode=line.barcode,
                quantity=line.quantity,
                list_price=line.list_price,
                unit_price=line.unit_price,
                price_override_approval_id=(
                    line.price_override_approval.id if line.price_override_approval else None
                ),
                gross=line.gross,
                discount=discount,
                sale_discount_share=share,
                total=line.net - share,
            )
        )
    sale_discount = None
    if cart.sale_discount is not None and totals.sale_discount:
        sale_discount = DiscountDoc(
            kind=cart.sale_discount.kind.value,
            value=cart.sale_discount.value,
            amount=totals.sale_discount,
            approval_id=cart.sale_discount_approval.id if cart.sale_discount_approval else None,
        )
    return SaleCompleted(
        id=cart.id,
        receipt_no=receipt_no,
        outlet=outlet,
        business_day=day,
        shift_id=shift_id,
        cashier=cart.cashier,
        cashier_name=cashier_name,
        started_at=cart.started_at,
        completed_at=completed_at,
        lines=lines,
        voided_lines=[
            VoidedLineDoc(
                product_id=v.product_id,
                sku=v.sku,
                name=v.name,
                quantity=v.quantity,
                unit_price=v.unit_price,
                amount=v.amount,
                approval_id=v.approval.id,
            )
            for v in cart.voided
        ],
        gross=totals.gross,
        line_discounts=totals.line_discounts,
        subtotal=totals.subtotal,
        sale_discount=sale_discount,
        goods_total=totals.goods_total,
        ppn_mode=rules.ppn,
        ppn=totals.ppn,
        rounding=q.rounding,
        total=q.total,
        change=q.change,
        payments=_payments(tenders, q),
        approvals=cart.approvals(),
    )


def _store_sale(session: Session, doc: SaleCompleted) -> None:
    sale_discount = doc.sale_discount
    session.add(
        Sale(
            id=doc.id,
            receipt_no=doc.receipt_no,
            business_day=doc.business_day,
            shift_id=doc.shift_id,
            cashier=doc.cashier,
            started_at=doc.started_at,
            completed_at=doc.completed_at,
            line_count=len(doc.lines),
            gross=doc.gross,
            line_discounts=doc.line_discounts,
            subtotal=doc.subtotal,
            sale_discount_kind=sale_discount.kind if sale_discount else None,
            sale_discount_value=sale_discount.value if sale_discount else None,
            sale_discount=sale_discount.amount if sale_discount else 0,
            sale_discount_approval_id=sale_discount.approval_id if sale_discount else None,
            goods_total=doc.goods_total,
            ppn_mode=doc.ppn_mode,
            ppn=doc.ppn,
            rounding=doc.rounding,
            total=doc.total,
            change=doc.change,
        )
    )
    session.flush()
    connection = session.connection()
    connection.execute(
        SaleLine.__table__.insert(),  # type: ignore[attr-defined]
        [
            {
                "id": line.id,
                "sale_id": doc.id,
                "line_no": line.line_no,
                "product_id": line.product_id,
                "sku": line.sku,
                "name": line.name,
                "unit": line.unit.value,
                "category_id": line.category_id,
                "category": line.category,
                "barcode": line.barcode,
                "quantity": line.quantity,
                "list_price": line.list_price,
                "unit_price": line.unit_price,
                "price_override_approval_id": line.price_override_approval_id,
                "gross": line.gross,
                "discount_kind": line.discount.kind if line.discount else None,
                "discount_value": line.discount.value if line.discount else None,
                "discount": line.discount.amount if line.discount else 0,
                "discount_approval_id": line.discount.approval_id if line.discount else None,
                "sale_discount_share": line.sale_discount_share,
                "total": line.total,
            }
            for line in doc.lines
        ],
    )
    connection.execute(
        Payment.__table__.insert(),  # type: ignore[attr-defined]
        [
            {
                "id": p.id,
                "sale_id": doc.id,
                "tender": p.tender.value,
                "amount": p.amount,
                "tendered": p.tendered,
                "change": p.change,
                "reference": p.reference,
                "verified": p.verified,
            }
            for p in doc.payments
        ],
    )
    voided = {v.approval_id: v for v in doc.voided_lines}
    for approval in doc.approvals:
        detail = voided[approval.id].model_dump(mode="json") if approval.id in voided else None
        session.add(
            ApprovalRow(
                id=approval.id,
                action=approval.action,
                approver=approval.approver,
                requested_by=approval.requested_by,
                reason=approval.reason,
                at=approval.at,
                subject=doc.id,
                detail=None if detail is None else json.dumps(detail, sort_keys=True),
            )
        )


@dataclass(frozen=True, slots=True)
class CompletedSale:
    """A committed sale: its document (as journaled) and the receipt to print."""

    doc: SaleCompleted
    receipt: PrintDocument

    @property
    def receipt_no(self) -> str:
        """The receipt number."""
        return self.doc.receipt_no

    @property
    def change(self) -> int:
        """Kembalian to hand back."""
        return self.doc.change


def complete_sale(
    context: OutletContext, cart: Cart, tenders: Sequence[TenderInput]
) -> CompletedSale:
    """Pay ``cart`` with ``tenders`` and commit the sale in one write transaction.

    Writes sale, lines, payments, approvals, stock movements (kind ``sale``, embedded in the
    journal document) and one ``sale.completed`` journal entry, then returns the document and
    the receipt. Raises (and writes nothing) for an empty cart, too little money, a closed or
    missing shift, a discount above the limit without approval, or a cart already paid.
    """
    rules = context.settings.sale
    if cart.shift_id is None:
        raise NotFoundError("shift.none_open")
    stamp = Stamp(outlet=context.outlet, actor=cart.cashier, at=context.clock.now())
    day = business_day(stamp.at, context.settings.outlet.business_day_cutoff)
    # Validate before taking the write lock: a bad tender costs no transaction.
    build_sale_doc(
        cart,
        tenders,
        rules,
        outlet=context.outlet,
        receipt_no="-",
        day=day,
        shift_id=cart.shift_id,
        cashier_name="",
        completed_at=stamp.at,
    )
    with context.store.write() as session:
        shift = session.get(Shift, cart.shift_id)
        if shift is None or shift.closed_at is not None:
            raise ConflictError("sale.shift_not_open")
        if session.get(Sale, cart.id) is not None:
            raise ConflictError("sale.already_completed")
        staff = session.get(Staff, cart.cashier)
        doc = build_sale_doc(
            cart,
            tenders,
            rules,
            outlet=context.outlet,
            receipt_no=receipt_number(session, context.outlet, day),
            day=day,
            shift_id=shift.id,
            cashier_name=staff.name if staff else cart.cashier,
            completed_at=stamp.at,
        )
        _store_sale(session, doc)
        doc.stock_movements = record_movements(
            session,
            stamp,
            [
                MovementRequest(
                    product_id=line.product_id,
                    kind=MovementKind.SALE,
                    quantity=-line.quantity,
                    reference=doc.receipt_no,
                )
                for line in doc.lines
            ],
            write_journal=False,
        )
        journal.append(session, outlet=context.outlet, kind=KIND_SALE, payload=doc, at=stamp.at)
    return CompletedSale(doc=doc, receipt=sale_receipt(doc, context.settings))
