"""Refunds: goods returned against their original receipt, with a manager's approval.

The cashier finds the sale by its receipt number (scanned from the receipt's barcode or typed),
chooses lines and quantities, and pays back in cash or by the tender the customer used. A line
can never be refunded beyond what was sold minus what was already refunded, checked inside the
refund's write transaction. Refunded amounts follow the line's own total (after its discounts and
its share of the sale discount): the refunds of a line add up to exactly its total once all of
it has come back. Stock goes back (kind ``refund``) and one ``refund.completed`` journal entry
carries the whole refund, stock movements included; a one-of-a-kind unit sold by a refunded line
goes back in stock in the same transaction (a ``catalog.units`` entry).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from hardware.document import PrintDocument
from inventory.catalog import clean_text
from inventory.clock import business_day
from inventory.counters import next_value
from inventory.errors import ConflictError, InvalidInputError, NotFoundError
from inventory.ids import new_id
from inventory.manager_models import ProductUnit, UnitStatus
from inventory.models import MovementKind
from inventory.money import div_round_half_up
from inventory.stamp import Stamp
from inventory.stock import MovementRequest, record_movements
from inventory.units import mark_refunded
from pos.context import OutletContext
from pos.documents import (
    CAMPAIGN_SCHEMA_VERSION,
    KIND_REFUND,
    RefundCompleted,
    RefundLineDoc,
    SaleCompleted,
)
from pos.models import (
    ApprovalAction,
    Payment,
    Refund,
    RefundLine,
    Sale,
    SaleLine,
    Shift,
    TenderKind,
)
from pos.pricing import round_cash
from pos.receipts import refund_receipt
from pos.sales import find_sale, sale_doc
from pos.staff import Approval, record_approval, require_approval
from sync import journal


@dataclass(frozen=True, slots=True)
class RefundableLine:
    """A line of the original sale and how much of it can still come back."""

    sale_line_id: str
    line_no: int
    sku: str
    name: str
    quantity: int
    refunded: int
    total: int
    refunded_amount: int

    @property
    def refundable(self) -> int:
        """Quantity that can still be refunded."""
        return self.quantity - self.refunded


@dataclass(frozen=True, slots=True)
class RefundableSale:
    """An original sale as the refund screen shows it."""

    sale: SaleCompleted
    lines: tuple[RefundableLine, ...]
    tenders: tuple[TenderKind, ...]
    """Tenders a refund may be paid by: cash, and any non-cash tender of the sale."""


@dataclass(frozen=True, slots=True)
class RefundItem:
    """``quantity`` (base units) of sale line ``sale_line_id`` to give back."""

    sale_line_id: str
    quantity: int


@dataclass(frozen=True, slots=True)
class CompletedRefund:
    """A committed refund: its document (as journaled) and the slip to print."""

    doc: RefundCompleted
    slip: PrintDocument


def _refunded(session: Session, sale_id: str) -> dict[str, tuple[int, int]]:
    rows = session.execute(
        select(RefundLine.sale_line_id, func.sum(RefundLine.quantity), func.sum(RefundLine.amount))
        .join(Refund, col(Refund.id) == col(RefundLine.refund_id))
        .where(Refund.sale_id == sale_id)
        .group_by(col(RefundLine.sale_line_id))
    ).all()
    return {line_id: (int(quantity), int(amount)) for line_id, quantity, amount in rows}


def _refundable(session: Session, sale: Sale, outlet: str) -> RefundableSale:
    doc = sale_doc(session, sale, outlet)
    done = _refunded(session, sale.id)
    lines = tuple(
        RefundableLine(
            sale_line_id=line.id,
            line_no=line.line_no,
            sku=line.sku,
            name=line.name,
            quantity=line.quantity,
            refunded=done.get(line.id, (0, 0))[0],
            total=line.total,
            refunded_amount=done.get(line.id, (0, 0))[1],
        )
        for line in doc.lines
    )
    kinds = [TenderKind.CASH]
    kinds += [p.tender for p in doc.payments if p.tender is not TenderKind.CASH]
    return RefundableSale(sale=doc, lines=lines, tenders=tuple(dict.fromkeys(kinds)))


def find_refundable(context: OutletContext, receipt_no: str) -> RefundableSale:
    """The sale ``receipt_no`` with what can still be refunded of each line."""
    with context.store.read() as session:
        return _refundable(session, find_sale(session, receipt_no), context.outlet)


def line_refund_amount(line: RefundableLine, quantity: int) -> int:
    """Rupiah given back for ``quantity`` more of ``line``.

    Computed on the cumulative quantity, ``round(total x refunded / sold)``, so partial refunds
    never add up to more than the line's total and the last one makes it exact.
    """
    after = div_round_half_up(line.total * (line.refunded + quantity), line.quantity)
    return after - line.refunded_amount


def refund(
    context: OutletContext,
    *,
    receipt_no: str,
    items: Sequence[RefundItem],
    approval: Approval | None,
    reason: str,
    cashier: str,
    shift_id: str,
    tender: TenderKind = TenderKind.CASH,
    reference: str | None = None,
) -> CompletedRefund:
    """Give back ``items`` of the sale ``receipt_no`` and commit it in one transaction.

    Needs a :attr:`~pos.models.ApprovalAction.REFUND` approval and an open shift. Pays back in
    cash (rounded like a cash sale) or by a non-cash tender the sale was paid with, up to what
    that tender paid. Raises, writing nothing, for an over-refund, an unknown line or receipt,
    a tender the sale did not use, or a closed shift.
    """
    approval = require_approval(approval, ApprovalAction.REFUND)
    reason = clean_text(reason, field_name="reason", max_length=200)
    if not items:
        raise InvalidInputError("refund.nothing")
    wanted: dict[str, int] = defaultdict(int)
    for item in items:
        if isinstance(item.quantity, bool) or not isinstance(item.quantity, int):
            raise InvalidInputError("refund.bad_quantity", quantity=item.quantity)
        if item.quantity <= 0:
            raise InvalidInputError("refund.bad_quantity", quantity=item.quantity)
        wanted[item.sale_line_id] += item.quantity
    tender = TenderKind(tender)
    reference = (reference or "").strip() or None
    rules = context.settings.sale
    stamp = Stamp(outlet=context.outlet, actor=cashier, at=context.clock.now())
    day = business_day(stamp.at, context.settings.outlet.business_day_cutoff)
    with context.store.write() as session:
        shift = session.get(Shift, shift_id)
        if shift is None or shift.closed_at is not None:
            raise ConflictError("sale.shift_not_open")
        sale = find_sale(session, receipt_no)
        original = _refundable(session, sale, context.outlet)
        by_id = {line.sale_line_id: line for line in original.lines}
        lines: list[RefundLineDoc] = []
        for line_id, quantity in wanted.items():
            line = by_id.get(line_id)
            if line is None:
                raise NotFoundError("refund.unknown_line", line=line_id, receipt=sale.receipt_no)
            if quantity > line.refundable:
                raise InvalidInputError(
                    "refund.too_much",
                    name=line.name,
                    quantity=quantity,
                    sold=line.quantity,
                    refunded=line.refunded,
                )
            sold = next(x for x in original.sale.lines if x.id == line_id)
            lines.append(
                RefundLineDoc(
                    id=new_id(),
                    sale_line_id=line_id,
                    product_id=sold.product_id,
                    sku=sold.sku,
                    name=sold.name,
                    quantity=quantity,
                    amount=line_refund_amount(line, quantity),
                )
            )
        goods = sum(line.amount for line in lines)
        if tender not in original.tenders:
            raise InvalidInputError(
                "refund.bad_tender",
                tender=tender.value,
                allowed=", ".join(k.value for k in original.tenders),
            )
        total = goods
        if tender is TenderKind.CASH:
            total = round_cash(goods, rules.cash_rounding, rules.cash_rounding_mode)
        else:
            paid = session.execute(
                select(func.coalesce(func.sum(Payment.amount), 0)).where(
                    Payment.sale_id == sale.id, Payment.tender == tender
                )
            ).scalar_one()
            back = session.execute(
                select(func.coalesce(func.sum(Refund.total), 0)).where(
                    Refund.sale_id == sale.id, Refund.tender == tender
                )
            ).scalar_one()
            if goods > paid - back:
                raise InvalidInputError(
                    "refund.tender_exceeded", tender=tender.value, available=paid - back
                )
        number_day = day.strftime("%Y%m%d")
        counter = next_value(session, f"refund:{context.outlet}:{number_day}")
        doc = RefundCompleted(
            id=new_id(),
            number=f"{context.outlet}-{number_day}-R{counter:03d}",
            outlet=context.outlet,
            business_day=day,
            sale_id=sale.id,
            receipt_no=sale.receipt_no,
            shift_id=shift.id,
            cashier=cashier,
            at=stamp.at,
            reason=reason,
            approval=approval.doc(),
            lines=lines,
            goods_amount=goods,
            rounding=total - goods,
            total=total,
            tender=tender,
            reference=reference,
            campaign=original.sale.campaign,
        )
        record_approval(session, approval, subject=doc.id, detail={"receipt_no": sale.receipt_no})
        session.add(
            Refund(
                id=doc.id,
                number=doc.number,
                business_day=day,
                sale_id=sale.id,
                shift_id=shift.id,
                cashier=cashier,
                approval_id=approval.id,
                reason=reason,
                at=stamp.at,
                goods_amount=goods,
                rounding=doc.rounding,
                total=total,
                tender=tender,
                reference=reference,
            )
        )
        session.flush()
        session.connection().execute(
            RefundLine.__table__.insert(),  # type: ignore[attr-defined]
            [
                {
                    "id": line.id,
                    "refund_id": doc.id,
                    "sale_line_id": line.sale_line_id,
                    "product_id": line.product_id,
                    "quantity": line.quantity,
                    "amount": line.amount,
                }
                for line in lines
            ],
        )
        doc.stock_movements = record_movements(
            session,
            stamp,
            [
                MovementRequest(
                    product_id=line.product_id,
                    kind=MovementKind.REFUND,
                    quantity=line.quantity,
                    reason=reason,
                    reference=doc.number,
                    amount=line.amount,
                )
                for line in lines
            ],
            write_journal=False,
        )
        journal.append(
            session,
            outlet=context.outlet,
            kind=KIND_REFUND,
            payload=doc,
            at=stamp.at,
            schema_version=1 if doc.campaign is None else CAMPAIGN_SCHEMA_VERSION,
        )
        _return_units(session, stamp, original.sale, [line.sale_line_id for line in lines])
    return CompletedRefund(doc=doc, slip=refund_receipt(doc, context.settings))


def _return_units(
    session: Session, stamp: Stamp, sale: SaleCompleted, line_ids: Sequence[str]
) -> None:
    """Put back in stock the one-of-a-kind units the refunded lines sold.

    A unit line carries the unit's code as its barcode; the unit is the one sold by this receipt
    (``sold_reference``), so an ordinary barcode never matches.
    """
    wanted = set(line_ids)
    codes = {
        line.barcode: line.product_id
        for line in sale.lines
        if line.id in wanted and line.barcode is not None
    }
    if not codes:
        return
    sold = session.exec(
        select(ProductUnit).where(
            col(ProductUnit.code).in_(list(codes)),
            ProductUnit.status == UnitStatus.SOLD,
            ProductUnit.sold_reference == sale.receipt_no,
        )
    ).all()
    for unit in sold:
        if codes[unit.code] == unit.product_id:
            mark_refunded(session, stamp, code=unit.code)


def refunded_quantities(session: Session, receipt_no: str) -> dict[str, int]:
    """Quantity refunded so far per sale line id of ``receipt_no``."""
    sale = find_sale(session, receipt_no)
    return {line_id: quantity for line_id, (quantity, _) in _refunded(session, sale.id).items()}


def sold_quantities(session: Session, receipt_no: str) -> dict[str, int]:
    """Quantity sold per sale line id of ``receipt_no``."""
    sale = find_sale(session, receipt_no)
    rows = session.execute(
        select(SaleLine.id, SaleLine.quantity).where(SaleLine.sale_id == sale.id)
    ).all()
    return {line_id: int(quantity) for line_id, quantity in rows}
