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
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

from hardware.document import PrintDocument
from inventory.catalog import clean_text
from inventory.clock import business_day
from inventory.db import db_time
from inventory.documents import KIND_UNITS, ProductUnitDoc, ProductUnitsDoc
from inventory.errors import ConflictError, InvalidInputError, NotFoundError
from inventory.ids import new_id
from inventory.manager_models import UnitStatus
from inventory.models import MovementKind
from inventory.stamp import Stamp
from inventory.stock import MovementRequest, movement_data, write_movements_sql
from pos.campaigns import INSERT_SALE_CAMPAIGN, CampaignTag, campaign_tag, tag_row
from pos.cart import Cart, CartTotals, DiscountSpec
from pos.config import SaleSettings, Settings
from pos.context import OutletContext
from pos.documents import (
    CAMPAIGN_SCHEMA_VERSION,
    KIND_SALE,
    KIND_SALE_CANCELLED,
    ApprovalDoc,
    CampaignTagDoc,
    CancelledLineDoc,
    SaleCancelled,
    SaleCompleted,
)
from pos.models import (
    ApprovalAction,
    HeldCart,
    Sale,
    TenderKind,
)
from pos.pricing import round_cash
from pos.receipts import sale_receipt
from pos.staff import Approval, ApprovalRequired, record_approval, require_approval
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
    return _quote(cart.totals(rules.ppn).goods_total, tenders, rules)


def _quote(goods_total: int, tenders: Sequence[TenderInput], rules: SaleSettings) -> PaymentQuote:
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


def check_discounts(cart: Cart, rules: SaleSettings, totals: CartTotals | None = None) -> None:
    """Refuse a cart whose discounts are above the limit without an approval (re-checked at
    payment, since lines may have changed since the discount was given)."""
    limit = rules.discount_limit_percent
    for line in cart.lines:
        unapproved = line.discount is not None and line.discount_approval is None
        if unapproved and line.discount and line.discount.exceeds(line.gross, limit):
            raise ApprovalRequired(ApprovalAction.DISCOUNT)
    if cart.sale_discount and cart.sale_discount_approval is None:
        subtotal = (totals or cart.totals()).subtotal
        if cart.sale_discount.exceeds(subtotal, limit):
            raise ApprovalRequired(ApprovalAction.DISCOUNT)


def _clean_reference(tender: TenderInput) -> str | None:
    reference = (tender.reference or "").strip() or None
    if reference is not None:
        reference = clean_text(reference, field_name="reference", max_length=MAX_REFERENCE)
    if tender.kind in NEEDS_REFERENCE and reference is None:
        raise InvalidInputError("payment.reference_required", tender=tender.kind.value)
    return reference


def receipt_number(connection: sqlite3.Connection, outlet: str, day: date) -> str:
    """The next receipt number of ``outlet`` for business ``day``: ``BLU-20261122-0007``.

    Numbers come from a per-outlet, per-day counter in the sale's own transaction, so they are
    never reused (a rolled-back sale gives its number back, leaving no gap either).
    """
    stamp = day.isoformat().replace("-", "")  # YYYYMMDD, without strftime's cost
    (number,) = connection.execute(_NEXT_RECEIPT, (f"receipt:{outlet}:{stamp}",)).fetchone()
    return f"{outlet}-{stamp}-{number:04d}"


def _payments(tenders: Sequence[TenderInput], q: PaymentQuote) -> list[dict[str, object]]:
    payments: list[dict[str, object]] = []
    for tender in tenders:
        if tender.kind is TenderKind.CASH:
            continue
        payments.append(
            {
                "id": new_id(),
                "tender": tender.kind,
                "amount": tender.amount,
                "tendered": tender.amount,
                "reference": _clean_reference(tender),
                "verified": tender.kind not in UNVERIFIED,
            }
        )
    if q.cash_tendered:
        payments.append(
            {
                "id": new_id(),
                "tender": TenderKind.CASH,
                "amount": q.cash_tendered - q.change,
                "tendered": q.cash_tendered,
                "change": q.change,
            }
        )
    return payments


def _discount(spec: DiscountSpec, amount: int, approval: ApprovalDoc | None) -> dict[str, object]:
    return {
        "kind": spec.kind.value,
        "value": spec.value,
        "amount": amount,
        "approval_id": approval.id if approval else None,
    }


def sale_data(
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
) -> dict[str, Any]:
    """The fields of the ``sale.completed`` document of paying ``cart`` with ``tenders``, not yet
    validated (``SaleCompleted.model_validate`` checks them all in one call).

    Raises :class:`InvalidInputError` when the tenders do not pay the sale.
    """
    if cart.is_empty:
        raise InvalidInputError("cart.empty")
    if not tenders:
        raise InvalidInputError("payment.none")
    totals = cart.totals(rules.ppn)
    check_discounts(cart, rules, totals)
    q = _quote(totals.goods_total, tenders, rules)
    if q.cash_tendered and q.cash_due == 0:
        raise InvalidInputError("payment.cash_not_needed")
    if not q.complete:
        raise InvalidInputError("payment.not_enough", remaining=q.remaining)
    lines = []
    for number, (line, share) in enumerate(zip(cart.lines, totals.shares, strict=True), 1):
        gross = line.gross
        discount = None
        line_discount = 0
        if line.discount is not None:
            line_discount = line.discount.amount_of(gross)
            discount = _discount(line.discount, line_discount, line.discount_approval)
        override = line.price_override_approval
        lines.append(
            {
                "id": line.id,
                "line_no": number,
                "product_id": line.product_id,
                "sku": line.sku,
                "name": line.name,
                "unit": line.unit,
                "category_id": line.category_id,
                "category": line.category,
                "barcode": line.barcode,
                "quantity": line.quantity,
                "list_price": line.list_price,
                "unit_price": line.unit_price,
                "price_override_approval_id": override.id if override else None,
                "gross": gross,
                "discount": discount,
                "sale_discount_share": share,
                "total": gross - line_discount - share,
            }
        )
    sale_discount = None
    if cart.sale_discount is not None and totals.sale_discount:
        sale_discount = _discount(
            cart.sale_discount, totals.sale_discount, cart.sale_discount_approval
        )
    return {
        "id": cart.id,
        "receipt_no": receipt_no,
        "outlet": outlet,
        "business_day": day,
        "shift_id": shift_id,
        "cashier": cart.cashier,
        "cashier_name": cashier_name,
        "started_at": cart.started_at,
        "completed_at": completed_at,
        "lines": lines,
        "voided_lines": [
            {
                "product_id": v.product_id,
                "sku": v.sku,
                "name": v.name,
                "quantity": v.quantity,
                "unit_price": v.unit_price,
                "amount": v.amount,
                "approval_id": v.approval.id,
            }
            for v in cart.voided
        ],
        "gross": totals.gross,
        "line_discounts": totals.line_discounts,
        "subtotal": totals.subtotal,
        "sale_discount": sale_discount,
        "goods_total": totals.goods_total,
        "ppn_mode": rules.ppn,
        "ppn": totals.ppn,
        "rounding": q.rounding,
        "total": q.total,
        "change": q.change,
        "payments": _payments(tenders, q),
        "approvals": cart.approvals(),
    }


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
    return SaleCompleted.model_validate(
        sale_data(
            cart,
            tenders,
            rules,
            outlet=outlet,
            receipt_no=receipt_no,
            day=day,
            shift_id=shift_id,
            cashier_name=cashier_name,
            completed_at=completed_at,
        )
    )


_INSERT_SALE = (
    "INSERT INTO sale (id, receipt_no, business_day, shift_id, cashier, started_at, completed_at, "
    "line_count, gross, line_discounts, subtotal, sale_discount_kind, sale_discount_value, "
    "sale_discount, sale_discount_approval_id, goods_total, ppn_mode, ppn, rounding, total, "
    '"change") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
)
_INSERT_LINE = (
    "INSERT INTO sale_line (id, sale_id, line_no, product_id, sku, name, unit, category_id, "
    "category, barcode, quantity, list_price, unit_price, price_override_approval_id, gross, "
    "discount_kind, discount_value, discount, discount_approval_id, sale_discount_share, total) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_PAYMENT = (
    'INSERT INTO payment (id, sale_id, tender, amount, tendered, "change", reference, verified) '
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_APPROVAL = (
    "INSERT INTO approval (id, action, approver, requested_by, reason, at, subject, detail) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
# Everything the commit must know about the cart's world, in one statement.
_STATE = (
    "SELECT "
    "(SELECT closed_at IS NULL FROM shift WHERE id = :shift), "
    "EXISTS (SELECT 1 FROM sale WHERE id = :cart), "
    "EXISTS (SELECT 1 FROM approval WHERE subject = :cart AND action = 'cancel_sale'), "
    "EXISTS (SELECT 1 FROM held_cart WHERE id = :cart), "
    "(SELECT name FROM staff WHERE username = :cashier)"
)
_UNHOLD = "DELETE FROM held_cart WHERE id = ?"
# A unit is sold only if it is still in stock: a unit sold meanwhile (another till, a sale
# recalled from hold) changes no row and refuses the whole sale.
_SELL_UNIT = (
    "UPDATE product_unit SET status = 'sold', sold_reference = ?, sold_at = ? "
    "WHERE code = ? AND product_id = ? AND status = 'in_stock' "
    "RETURNING id, product_id, code, motif, weaver, village"
)
_UNIT_SOLD_BY = "SELECT sold_reference FROM product_unit WHERE code = ?"
# The receipt counter moves in one statement, creating it on the day's first sale.
_NEXT_RECEIPT = (
    "INSERT INTO counter (name, value) VALUES (?, 1) "
    "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value"
)


@dataclass(frozen=True, slots=True)
class _SaleRows:
    """The rows of a sale in the column formats the models use, built before the write lock;
    only the sale row waits for its receipt number."""

    sale: list[object]
    lines: Sequence[tuple[object, ...]]
    payments: Sequence[tuple[object, ...]]
    approvals: Sequence[tuple[object, ...]]

    @classmethod
    def of(cls, doc: SaleCompleted) -> _SaleRows:
        discount = doc.sale_discount
        sale: list[object] = [
            doc.id,
            doc.receipt_no,
            doc.business_day.isoformat(),
            doc.shift_id,
            doc.cashier,
            db_time(doc.started_at),
            db_time(doc.completed_at),
            len(doc.lines),
            doc.gross,
            doc.line_discounts,
            doc.subtotal,
            discount.kind if discount else None,
            discount.value if discount else None,
            discount.amount if discount else 0,
            discount.approval_id if discount else None,
            doc.goods_total,
            doc.ppn_mode,
            doc.ppn,
            doc.rounding,
            doc.total,
            doc.change,
        ]
        lines = [
            (
                line.id,
                doc.id,
                line.line_no,
                line.product_id,
                line.sku,
                line.name,
                line.unit.value,
                line.category_id,
                line.category,
                line.barcode,
                line.quantity,
                line.list_price,
                line.unit_price,
                line.price_override_approval_id,
                line.gross,
                line.discount.kind if line.discount else None,
                line.discount.value if line.discount else None,
                line.discount.amount if line.discount else 0,
                line.discount.approval_id if line.discount else None,
                line.sale_discount_share,
                line.total,
            )
            for line in doc.lines
        ]
        payments = [
            (
                p.id,
                doc.id,
                p.tender.value,
                p.amount,
                p.tendered,
                p.change,
                p.reference,
                int(p.verified),
            )
            for p in doc.payments
        ]
        voided = {v.approval_id: v for v in doc.voided_lines}
        approvals = [
            (
                approval.id,
                approval.action.value,
                approval.approver,
                approval.requested_by,
                approval.reason,
                db_time(approval.at),
                doc.id,
                json.dumps(voided[approval.id].model_dump(mode="json"))
                if approval.id in voided
                else None,
            )
            for approval in doc.approvals
        ]
        return cls(sale, lines, payments, approvals)

    def store(self, connection: sqlite3.Connection, receipt_no: str) -> None:
        """Insert the sale as ``receipt_no`` with its lines, payments and approvals."""
        self.sale[1] = receipt_no
        connection.execute(_INSERT_SALE, self.sale)
        connection.executemany(_INSERT_LINE, self.lines)
        connection.executemany(_INSERT_PAYMENT, self.payments)
        if self.approvals:
            connection.executemany(_INSERT_APPROVAL, self.approvals)


@dataclass(frozen=True)
class CompletedSale:
    """A committed sale: its document (as journaled) and the receipt to print."""

    doc: SaleCompleted
    settings: Settings

    @cached_property
    def receipt(self) -> PrintDocument:
        """The receipt (built on first use, after the commit)."""
        return sale_receipt(self.doc, self.settings)

    @property
    def receipt_no(self) -> str:
        """The receipt number."""
        return self.doc.receipt_no

    @property
    def change(self) -> int:
        """Kembalian to hand back."""
        return self.doc.change


def _sell_units(
    connection: sqlite3.Connection,
    units: Sequence[tuple[str, str]],
    *,
    receipt_no: str,
    stamp: Stamp,
) -> None:
    """Mark the sold ``(code, product_id)`` units sold by ``receipt_no`` and journal their new
    state (``catalog.units``) in the sale's transaction; raises if one is no longer in stock."""
    docs = []
    for code, product_id in units:
        row = connection.execute(
            _SELL_UNIT, (receipt_no, db_time(stamp.at), code, product_id)
        ).fetchone()
        if row is None:
            sold = connection.execute(_UNIT_SOLD_BY, (code,)).fetchone()
            if sold is None:
                raise NotFoundError("units.unknown", code=code)
            raise ConflictError("units.already_sold", code=code, reference=sold[0])
        unit_id, unit_product, unit_code, motif, weaver, village = row
        docs.append(
            ProductUnitDoc(
                id=unit_id,
                product_id=unit_product,
                code=unit_code,
                motif=motif,
                weaver=weaver,
                village=village,
                status=UnitStatus.SOLD,
                sold_reference=receipt_no,
            )
        )
    journal.append_sql(
        connection,
        outlet=stamp.outlet,
        kind=KIND_UNITS,
        payload_json=journal.canonical_json(ProductUnitsDoc(units=docs)),
        at=stamp.at,
    )


@dataclass(frozen=True, slots=True)
class PreparedSale:
    """A sale built, validated and turned into rows and JSON, ready for :func:`commit_sale`.

    Only the receipt number and the cashier's name wait for the write transaction.
    """

    cart_id: str
    shift_id: str
    cashier: str
    stamp: Stamp
    day: date
    draft: SaleCompleted
    payload: dict[str, Any]
    rows: _SaleRows
    tag: CampaignTagDoc | None
    units: Sequence[tuple[str, str]]


def prepare_sale(
    context: OutletContext,
    cart: Cart,
    tenders: Sequence[TenderInput],
    *,
    campaign: CampaignTag | None = None,
) -> PreparedSale:
    """Build and validate the sale of paying ``cart`` with ``tenders``, touching no database.

    Raises (and nothing is written) for an empty cart, too little money, a discount above the
    limit without approval, an unknown campaign or an invalid buyer id, or a cart without a
    shift. The sale's time is taken here: commit the result straight away.
    """
    rules = context.settings.sale
    if cart.shift_id is None:
        raise NotFoundError("shift.none_open")
    stamp = Stamp(outlet=context.outlet, actor=cart.cashier, at=context.clock.now())
    day = business_day(stamp.at, context.settings.outlet.business_day_cutoff)
    data = sale_data(
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
    data["stock_movements"] = movement_data(
        stamp,
        [
            MovementRequest(
                product_id=line["product_id"],
                kind=MovementKind.SALE,
                quantity=-line["quantity"],
                amount=line["total"],
            )
            for line in data["lines"]
        ],
    )
    tag = None
    if campaign is not None:
        tag = campaign_tag(context.settings, campaign, day)
        data["campaign"] = tag
    draft = SaleCompleted.model_validate(data)
    return PreparedSale(
        cart_id=cart.id,
        shift_id=cart.shift_id,
        cashier=cart.cashier,
        stamp=stamp,
        day=day,
        draft=draft,
        payload=draft.model_dump(mode="json"),
        rows=_SaleRows.of(draft),
        tag=tag,
        # Only a sale of one-of-a-kind units does any unit work in the transaction.
        units=[(line.unit_code, line.product_id) for line in cart.lines if line.unit_code],
    )


def commit_sale(context: OutletContext, prepared: PreparedSale) -> CompletedSale:
    """Write ``prepared`` in one ``BEGIN IMMEDIATE`` transaction and return the committed sale.

    Writes sale, lines, payments, approvals, stock movements (kind ``sale``, embedded in the
    journal document), the stock level cache, the receipt counter and one ``sale.completed``
    journal entry; one-of-a-kind units sold are marked sold, with one ``catalog.units`` entry.
    Inside the lock only the receipt number and the cashier's name are filled in, and
    statements go straight to the driver, prepared once per connection. Raises (and writes
    nothing) for a unit no longer in stock, a closed or missing shift, or a cart already paid
    or cancelled. A prepared sale commits at most once.
    """
    draft, payload, stamp, tag = prepared.draft, prepared.payload, prepared.stamp, prepared.tag
    with context.store.write_sql() as connection:
        shift_open, paid, cancelled, held, cashier_name = connection.execute(
            _STATE,
            {"shift": prepared.shift_id, "cart": prepared.cart_id, "cashier": prepared.cashier},
        ).fetchone()
        if not shift_open:
            raise ConflictError("sale.shift_not_open")
        if paid:
            raise ConflictError("sale.already_completed")
        if cancelled:
            raise ConflictError("sale.cancelled")
        receipt_no = receipt_number(connection, context.outlet, prepared.day)
        cashier_name = cashier_name or prepared.cashier
        prepared.rows.store(connection, receipt_no)
        if tag is not None:
            connection.execute(INSERT_SALE_CAMPAIGN, tag_row(draft.id, tag))
        if held:
            connection.execute(_UNHOLD, (prepared.cart_id,))
        # The draft is this sale's own: what only the transaction knows is filled in in place.
        for movement in draft.stock_movements:
            movement.reference = receipt_no
        write_movements_sql(connection, draft.stock_movements)
        payload["receipt_no"] = receipt_no
        payload["cashier_name"] = cashier_name
        for movement in payload["stock_movements"]:
            movement["reference"] = receipt_no
        journal.append_sql(
            connection,
            outlet=context.outlet,
            kind=KIND_SALE,
            payload_json=journal.canonical_dumps(payload),
            at=stamp.at,
            schema_version=1 if tag is None else CAMPAIGN_SCHEMA_VERSION,
        )
        if prepared.units:
            _sell_units(connection, prepared.units, receipt_no=receipt_no, stamp=stamp)
    draft.receipt_no = receipt_no
    draft.cashier_name = cashier_name
    return CompletedSale(doc=draft, settings=context.settings)


def complete_sale(
    context: OutletContext,
    cart: Cart,
    tenders: Sequence[TenderInput],
    *,
    campaign: CampaignTag | None = None,
) -> CompletedSale:
    """Pay ``cart`` with ``tenders`` and commit the sale in one write transaction.

    ``campaign`` tags the sale with a running campaign and a buyer id (checked before anything
    is written: an unknown campaign or an invalid NIP is refused and nothing is stored).

    :func:`prepare_sale` builds, validates (once) and turns everything into rows and JSON
    before the write lock, so a bad tender costs no transaction; :func:`commit_sale` then
    writes it all. Raises (and writes nothing) for a unit no longer in stock, an empty cart,
    too little money, a closed or missing shift, a discount above the limit without approval,
    or a cart already paid.
    """
    return commit_sale(context, prepare_sale(context, cart, tenders, campaign=campaign))


def cancel_sale(context: OutletContext, cart: Cart, *, approval: Approval | None) -> None:
    """Abandon ``cart``. With lines it needs an approval and is journaled (``sale.cancelled``)
    with its lines and the approval; an empty cart just goes away."""
    if cart.is_empty:
        return
    approval = require_approval(approval, ApprovalAction.CANCEL_SALE)
    stamp = Stamp(outlet=context.outlet, actor=cart.cashier, at=context.clock.now())
    doc = SaleCancelled(
        id=cart.id,
        outlet=context.outlet,
        shift_id=cart.shift_id,
        cashier=cart.cashier,
        started_at=cart.started_at,
        cancelled_at=stamp.at,
        lines=[
            CancelledLineDoc(
                product_id=line.product_id,
                sku=line.sku,
                name=line.name,
                quantity=line.quantity,
                unit_price=line.unit_price,
                amount=line.net,
            )
            for line in cart.lines
        ],
        goods_total=cart.totals(context.settings.sale.ppn).goods_total,
        approval=approval.doc(),
    )
    with context.store.write() as session:
        if session.get(Sale, cart.id) is not None:
            raise ConflictError("sale.already_completed")
        held = session.get(HeldCart, cart.id)
        if held is not None:
            session.delete(held)
        record_approval(
            session,
            approval,
            subject=cart.id,
            detail={"lines": len(doc.lines), "goods_total": doc.goods_total},
        )
        journal.append(
            session, outlet=context.outlet, kind=KIND_SALE_CANCELLED, payload=doc, at=stamp.at
        )
