"""Reading completed sales back: by receipt number, for reprints, refunds and daily summaries.

A sale is rebuilt from its tables into the same :class:`~pos.documents.SaleCompleted` document
that was journaled when it was paid, so a reprint shows exactly what the first receipt showed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, literal_column
from sqlalchemy.sql.elements import ColumnClause
from sqlmodel import Session, col, select

from hardware.document import PrintDocument
from inventory.documents import StockMovementDoc
from inventory.errors import NotFoundError
from inventory.models import MovementKind, StockMovement
from pos.campaigns import sale_tag
from pos.context import OutletContext
from pos.documents import (
    ApprovalDoc,
    DiscountDoc,
    PaymentDoc,
    SaleCompleted,
    SaleLineDoc,
    VoidedLineDoc,
)
from pos.models import Approval, ApprovalAction, Payment, Refund, Sale, SaleLine, Staff, TenderKind
from pos.receipts import sale_receipt

_ROWID: ColumnClause[int] = literal_column("rowid")  # insertion order


def find_sale(session: Session, ref: str) -> Sale:
    """The sale with receipt number (or id) ``ref``; raises :class:`NotFoundError` naming it.

    Receipt numbers are matched without regard to case or surrounding spaces, as typed.
    """
    text = ref.strip().upper()
    sale = session.execute(select(Sale).where(Sale.receipt_no == text)).scalar_one_or_none()
    if sale is None:
        sale = session.get(Sale, ref.strip())
    if sale is None:
        raise NotFoundError("sale.unknown_receipt", receipt=ref.strip())
    return sale


def _discount(
    kind: str | None, value: int | None, amount: int, approval: str | None
) -> DiscountDoc | None:
    if kind is None or value is None:
        return None
    return DiscountDoc(kind=kind, value=value, amount=amount, approval_id=approval)


def sale_doc(session: Session, sale: Sale, outlet: str) -> SaleCompleted:
    """The document of ``sale`` rebuilt from its tables (equal to the one journaled)."""
    lines = (
        session.execute(
            select(SaleLine).where(SaleLine.sale_id == sale.id).order_by(col(SaleLine.line_no))
        )
        .scalars()
        .all()
    )
    payments = session.execute(
        select(Payment).where(Payment.sale_id == sale.id).order_by(_ROWID)
    ).scalars()
    approvals = (
        session.execute(select(Approval).where(Approval.subject == sale.id).order_by(_ROWID))
        .scalars()
        .all()
    )
    # The sale's movements share its products and its completion time: found through the
    # ledger's (product_id, occurred_at) index, the receipt number telling them apart.
    movements = session.execute(
        select(StockMovement)
        .where(
            col(StockMovement.product_id).in_({line.product_id for line in lines}),
            StockMovement.occurred_at == sale.completed_at,
            StockMovement.kind == MovementKind.SALE,
            StockMovement.reference == sale.receipt_no,
        )
        .order_by(_ROWID)
    ).scalars()
    staff = session.get(Staff, sale.cashier)
    return SaleCompleted(
        id=sale.id,
        receipt_no=sale.receipt_no,
        outlet=outlet,
        business_day=sale.business_day,
        shift_id=sale.shift_id,
        cashier=sale.cashier,
        cashier_name=staff.name if staff else sale.cashier,
        started_at=sale.started_at,
        completed_at=sale.completed_at,
        lines=[
            SaleLineDoc(
                id=line.id,
                line_no=line.line_no,
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
                price_override_approval_id=line.price_override_approval_id,
                gross=line.gross,
                discount=_discount(
                    line.discount_kind,
                    line.discount_value,
                    line.discount,
                    line.discount_approval_id,
                ),
                sale_discount_share=line.sale_discount_share,
                total=line.total,
            )
            for line in lines
        ],
        voided_lines=[
            VoidedLineDoc.model_validate(json.loads(a.detail or "{}"))
            for a in approvals
            if a.action is ApprovalAction.VOID_LINE
        ],
        gross=sale.gross,
        line_discounts=sale.line_discounts,
        subtotal=sale.subtotal,
        sale_discount=_discount(
            sale.sale_discount_kind,
            sale.sale_discount_value,
            sale.sale_discount,
            sale.sale_discount_approval_id,
        ),
        goods_total=sale.goods_total,
        ppn_mode=sale.ppn_mode,
        ppn=sale.ppn,
        rounding=sale.rounding,
        total=sale.total,
        change=sale.change,
        campaign=sale_tag(session, sale.id),
        payments=[
            PaymentDoc(
                id=p.id,
                tender=p.tender,
                amount=p.amount,
                tendered=p.tendered,
                change=p.change,
                reference=p.reference,
                verified=p.verified,
            )
            for p in payments
        ],
        approvals=[
            ApprovalDoc(
                id=a.id,
                action=a.action,
                approver=a.approver,
                requested_by=a.requested_by,
                reason=a.reason,
                at=a.at,
            )
            for a in approvals
        ],
        stock_movements=[
            StockMovementDoc(
                id=m.id,
                product_id=m.product_id,
                kind=m.kind,
                quantity=m.quantity,
                reason=m.reason,
                reference=m.reference,
                actor=m.actor,
                occurred_at=m.occurred_at,
                amount=m.amount,
            )
            for m in movements
        ],
    )


def last_sale(session: Session) -> Sale | None:
    """The most recently completed sale."""
    return session.execute(
        select(Sale).order_by(col(Sale.completed_at).desc(), _ROWID.desc()).limit(1)
    ).scalar_one_or_none()


def reprint(context: OutletContext, receipt_no: str | None = None) -> PrintDocument:
    """A copy of the receipt ``receipt_no`` (default: the last sale), marked as a copy."""
    with context.store.read() as session:
        sale = find_sale(session, receipt_no) if receipt_no else last_sale(session)
        if sale is None:
            raise NotFoundError("sale.unknown_receipt", receipt="-")
        doc = sale_doc(session, sale, context.outlet)
    return sale_receipt(doc, context.settings, copy=True)


@dataclass(frozen=True, slots=True)
class DaySummary:
    """Sales of one business day: counts, money and money per tender."""

    day: date
    count: int
    gross: int
    discounts: int
    refunds_count: int
    refunds: int
    net: int
    per_tender: dict[str, int] = field(default_factory=dict)
    """Net per tender (sales minus refunds paid by it)."""

    def as_json(self) -> dict[str, object]:
        """The summary for ``--json``."""
        return {
            "date": self.day.isoformat(),
            "count": self.count,
            "gross": self.gross,
            "discounts": self.discounts,
            "refunds_count": self.refunds_count,
            "refunds": self.refunds,
            "net": self.net,
            "per_tender": self.per_tender,
        }


def day_summary(session: Session, day: date) -> DaySummary:
    """Sales and refunds of business ``day`` (by the outlet's cut-off), net per tender."""
    count, gross, discounts, total = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(Sale.gross), 0),
            func.coalesce(func.sum(Sale.line_discounts + Sale.sale_discount), 0),
            func.coalesce(func.sum(Sale.total), 0),
        ).where(Sale.business_day == day)
    ).one()
    refunds_count, refunded = session.execute(
        select(func.count(), func.coalesce(func.sum(Refund.total), 0)).where(
            Refund.business_day == day
        )
    ).one()
    per_tender: dict[str, int] = {}
    for tender, amount in session.execute(
        select(Payment.tender, func.sum(Payment.amount))
        .join(Sale, col(Sale.id) == col(Payment.sale_id))
        .where(Sale.business_day == day)
        .group_by(col(Payment.tender))
    ).all():
        per_tender[TenderKind(tender).value] = int(amount)
    for tender, amount in session.execute(
        select(Refund.tender, func.sum(Refund.total))
        .where(Refund.business_day == day)
        .group_by(col(Refund.tender))
    ).all():
        key = TenderKind(tender).value
        per_tender[key] = per_tender.get(key, 0) - int(amount)
    return DaySummary(
        day=day,
        count=int(count),
        gross=int(gross),
        discounts=int(discounts),
        refunds_count=int(refunds_count),
        refunds=int(refunded),
        net=int(total) - int(refunded),
        per_tender=dict(sorted(per_tender.items())),
    )
