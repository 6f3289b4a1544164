"""Appliers of the till's documents: sales, cancelled carts, refunds, shifts and cash movements.

A completed sale becomes one ``central_sale`` row, its lines, its payments, its voided lines and
approvals, and the stock movements it carried (into the one central stock ledger). A refund is
the same with its lines. A cancelled cart is kept for audit. Shifts are one row each, filled by
``shift.opened`` and ``shift.closed`` in whichever order they are applied (ingest hands kinds
over alphabetically, so a batch holding both applies the close first).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pos.documents import (
    CAMPAIGN_SCHEMA_VERSION,
    KIND_CASH_MOVEMENT,
    KIND_REFUND,
    KIND_SALE,
    KIND_SALE_CANCELLED,
    KIND_SHIFT_CLOSED,
    KIND_SHIFT_OPENED,
    ApprovalDoc,
    CashMovementDoc,
    RefundCompleted,
    SaleCancelled,
    SaleCompleted,
    ShiftClosed,
    ShiftOpened,
)
from sync.central import outlet_tables, tables
from sync.central.appliers.rows import Row, insert_movements, to_json, upsert
from sync.central.registry import Applied, ApplyContext, KindHandler

SALE_COLUMNS = (
    "id",
    "outlet",
    "seq",
    "receipt_no",
    "shift_id",
    "cashier",
    "cashier_name",
    "business_day",
    "started_at",
    "occurred_at",
    "gross",
    "line_discounts",
    "subtotal",
    "sale_discount",
    "sale_discount_kind",
    "sale_discount_value",
    "sale_discount_approval_id",
    "discount",
    "goods_total",
    "ppn_mode",
    "tax",
    "rounding",
    "total",
    "change_given",
    "status",
)
SALE_LINE_COLUMNS = (
    "sale_id",
    "line_no",
    "line_id",
    "product_id",
    "sku",
    "name",
    "unit",
    "category_id",
    "category",
    "barcode",
    "quantity",
    "list_price",
    "unit_price",
    "price_override_approval_id",
    "gross",
    "discount",
    "discount_kind",
    "discount_value",
    "discount_approval_id",
    "sale_discount_share",
    "tax",
    "total",
)
PAYMENT_COLUMNS = (
    "sale_id",
    "line_no",
    "payment_id",
    "tender",
    "amount",
    "tendered",
    "change_given",
    "reference",
    "verified",
)
VOIDED_COLUMNS = (
    "sale_id",
    "position",
    "outlet",
    "seq",
    "product_id",
    "sku",
    "name",
    "quantity",
    "unit_price",
    "amount",
    "approval_id",
)
CAMPAIGN_COLUMNS = (
    "sale_id",
    "outlet",
    "seq",
    "campaign",
    "campaign_name",
    "buyer_label",
    "buyer_id",
    "minimum",
)
APPROVAL_COLUMNS = (
    "outlet",
    "seq",
    "id",
    "action",
    "approver",
    "requested_by",
    "reason",
    "at",
    "document_kind",
    "document_id",
)


def _approval_rows(
    outlet: str, seq: int, kind: str, document_id: str, approvals: Sequence[ApprovalDoc]
) -> list[tuple[Any, ...]]:
    unique = {a.id: a for a in approvals}  # the key is (outlet, seq, id)
    return [
        (outlet, seq, a.id, a.action.value, a.approver, a.requested_by, a.reason, a.at, kind,
         document_id)
        for a in unique.values()
    ]  # fmt: skip


def apply_sales(context: ApplyContext, entries: Sequence[Applied[SaleCompleted]]) -> None:
    """One ``central_sale`` row per sale, then its lines, payments, voided lines, approvals and
    stock movements (children after their sale: the lines' foreign keys check at once)."""
    sales: list[Row] = []
    lines: list[Row] = []
    payments: list[Row] = []
    voided: list[Row] = []
    approvals: list[Row] = []
    campaigns: list[Row] = []
    for e in entries:
        s = e.doc
        discount = s.sale_discount
        if (tag := s.campaign) is not None:
            campaigns.append(
                (s.id, e.outlet, e.seq, tag.code, tag.name, tag.buyer_label, tag.buyer_id,
                 tag.minimum)
            )  # fmt: skip
        sale_discount = discount.amount if discount else 0
        sales.append(
            (s.id, e.outlet, e.seq, s.receipt_no, s.shift_id, s.cashier, s.cashier_name,
             s.business_day, s.started_at, s.completed_at, s.gross, s.line_discounts, s.subtotal,
             sale_discount, discount.kind if discount else None,
             discount.value if discount else None, discount.approval_id if discount else None,
             s.line_discounts + sale_discount, s.goods_total, s.ppn_mode, s.ppn, s.rounding,
             s.total, s.change, "completed")
        )  # fmt: skip
        for line in s.lines:
            d = line.discount
            lines.append(
                (s.id, line.line_no, line.id, line.product_id, line.sku, line.name,
                 line.unit.value, line.category_id, line.category, line.barcode, line.quantity,
                 line.list_price, line.unit_price, line.price_override_approval_id, line.gross,
                 d.amount if d else 0, d.kind if d else None, d.value if d else None,
                 d.approval_id if d else None, line.sale_discount_share, 0, line.total)
            )  # fmt: skip
        for number, p in enumerate(s.payments, start=1):
            payments.append(
                (s.id, number, p.id, p.tender.value, p.amount, p.tendered, p.change, p.reference,
                 p.verified)
            )  # fmt: skip
        for position, v in enumerate(s.voided_lines, start=1):
            voided.append(
                (s.id, position, e.outlet, e.seq, v.product_id, v.sku, v.name, v.quantity,
                 v.unit_price, v.amount, v.approval_id)
            )  # fmt: skip
        approvals.extend(_approval_rows(e.outlet, e.seq, KIND_SALE, s.id, s.approvals))
    context.insert(tables.sale, SALE_COLUMNS, sales)
    context.insert(tables.sale_line, SALE_LINE_COLUMNS, lines)
    context.insert(tables.payment, PAYMENT_COLUMNS, payments)
    context.insert(outlet_tables.sale_voided_line, VOIDED_COLUMNS, voided)
    context.insert(outlet_tables.approval, APPROVAL_COLUMNS, approvals)
    if campaigns:
        context.insert(tables.sale_campaign, CAMPAIGN_COLUMNS, campaigns)
    insert_movements(context, entries, lambda doc: doc.stock_movements)


CANCELLED_COLUMNS = (
    "id",
    "outlet",
    "seq",
    "shift_id",
    "cashier",
    "started_at",
    "cancelled_at",
    "line_count",
    "goods_total",
    "approval_id",
    "approver",
    "reason",
    "lines",
)


def apply_cancelled(context: ApplyContext, entries: Sequence[Applied[SaleCancelled]]) -> None:
    """A cart abandoned before payment: kept for audit with its approval; no money, no stock."""
    rows: list[Row] = []
    approvals: list[Row] = []
    for e in entries:
        c = e.doc
        rows.append(
            (c.id, e.outlet, e.seq, c.shift_id, c.cashier, c.started_at, c.cancelled_at,
             len(c.lines), c.goods_total, c.approval.id, c.approval.approver, c.approval.reason,
             to_json(c.lines))
        )  # fmt: skip
        approvals.extend(_approval_rows(e.outlet, e.seq, KIND_SALE_CANCELLED, c.id, [c.approval]))
    context.insert(outlet_tables.sale_cancelled, CANCELLED_COLUMNS, rows)
    context.insert(outlet_tables.approval, APPROVAL_COLUMNS, approvals)


REFUND_COLUMNS = (
    "id",
    "outlet",
    "seq",
    "number",
    "sale_id",
    "receipt_no",
    "shift_id",
    "occurred_at",
    "business_day",
    "goods_amount",
    "rounding",
    "total",
    "tender",
    "reference",
    "reason",
    "actor",
    "approved_by",
    "approval_id",
)
REFUND_LINE_COLUMNS = (
    "refund_id",
    "line_no",
    "line_id",
    "sale_line_id",
    "product_id",
    "sku",
    "name",
    "quantity",
    "amount",
)


def apply_refunds(context: ApplyContext, entries: Sequence[Applied[RefundCompleted]]) -> None:
    """One ``central_refund`` row per refund, its lines, its approval and its stock movements.

    A refund names its sale by id; the sale may arrive in the same batch or an earlier one, so
    no foreign key ties the two.
    """
    refunds: list[Row] = []
    lines: list[Row] = []
    approvals: list[Row] = []
    for e in entries:
        r = e.doc
        refunds.append(
            (r.id, e.outlet, e.seq, r.number, r.sale_id, r.receipt_no, r.shift_id, r.at,
             r.business_day, r.goods_amount, r.rounding, r.total, r.tender.value, r.reference,
             r.reason, r.cashier, r.approval.approver, r.approval.id)
        )  # fmt: skip
        for number, line in enumerate(r.lines, start=1):
            lines.append(
                (r.id, number, line.id, line.sale_line_id, line.product_id, line.sku, line.name,
                 line.quantity, line.amount)
            )  # fmt: skip
        approvals.extend(_approval_rows(e.outlet, e.seq, KIND_REFUND, r.id, [r.approval]))
    context.insert(tables.refund, REFUND_COLUMNS, refunds)
    context.insert(tables.refund_line, REFUND_LINE_COLUMNS, lines)
    context.insert(outlet_tables.approval, APPROVAL_COLUMNS, approvals)
    insert_movements(context, entries, lambda doc: doc.stock_movements)


def _same_outlet(excluded: Any) -> Any:
    # A shift id of another outlet is never touched: an outlet writes only its own data.
    return tables.shift.c.outlet == excluded.outlet


def apply_shifts_opened(context: ApplyContext, entries: Sequence[Applied[ShiftOpened]]) -> None:
    """A shift row from its opening; if its close came first, only the opening's seq is added."""
    rows = {
        e.doc.id: {
            "id": e.doc.id,
            "outlet": e.outlet,
            "opened_seq": e.seq,
            "number": e.doc.number,
            "cashier": e.doc.cashier,
            "opened_at": e.doc.opened_at,
            "opening_float": e.doc.opening_float,
        }
        for e in entries
    }
    upsert(
        context,
        tables.shift,
        list(rows.values()),
        keys=["id"],
        update=["opened_seq"],
        where=_same_outlet,
    )


def apply_shifts_closed(context: ApplyContext, entries: Sequence[Applied[ShiftClosed]]) -> None:
    """The Z report of a shift onto its row (made here if the opening has not arrived yet)."""
    rows: dict[str, dict[str, Any]] = {}
    for e in entries:
        c, s = e.doc, e.doc.summary
        rows[c.id] = {
            "id": c.id,
            "outlet": e.outlet,
            "number": c.number,
            "cashier": c.cashier,
            "opened_at": c.opened_at,
            "opening_float": s.opening_float,
            "closed_seq": e.seq,
            "closed_at": c.closed_at,
            "closed_by": c.closed_by,
            "sales_count": s.sales_count,
            "refunds_count": s.refunds_count,
            "gross": s.gross,
            "discounts": s.discounts,
            "refunds": s.refunds,
            "rounding": s.rounding,
            "net": s.net,
            "ppn": s.ppn,
            "cash_in": s.cash_in,
            "cash_out": s.cash_out,
            "expected_cash": s.cash_expected,
            "counted_cash": s.cash_counted,
            "difference": s.variance,
            "summary": to_json(s),
        }
    close_columns = [
        name for name in next(iter(rows.values()), {}) if name not in {"id", "outlet", "cashier"}
    ]
    upsert(
        context,
        tables.shift,
        list(rows.values()),
        keys=["id"],
        update=close_columns,
        where=_same_outlet,
    )


CASH_COLUMNS = (
    "id",
    "outlet",
    "seq",
    "shift_id",
    "kind",
    "amount",
    "reason",
    "actor",
    "occurred_at",
)


def apply_cash(context: ApplyContext, entries: Sequence[Applied[CashMovementDoc]]) -> None:
    """One row per cash put into or taken out of a drawer."""
    rows = [
        (e.doc.id, e.outlet, e.seq, e.doc.shift_id, e.doc.kind.value, e.doc.amount, e.doc.reason,
         e.doc.actor, e.doc.at)
        for e in entries
    ]  # fmt: skip
    context.insert(tables.cash_movement, CASH_COLUMNS, rows)


HANDLERS: tuple[KindHandler[Any], ...] = (
    # Version 2 of a sale or refund may carry a campaign tag; version 1 never does.
    KindHandler(
        kind=KIND_SALE,
        schema=SaleCompleted,
        apply=apply_sales,
        versions=frozenset({1, CAMPAIGN_SCHEMA_VERSION}),
    ),
    KindHandler(kind=KIND_SALE_CANCELLED, schema=SaleCancelled, apply=apply_cancelled),
    KindHandler(
        kind=KIND_REFUND,
        schema=RefundCompleted,
        apply=apply_refunds,
        versions=frozenset({1, CAMPAIGN_SCHEMA_VERSION}),
    ),
    KindHandler(kind=KIND_SHIFT_OPENED, schema=ShiftOpened, apply=apply_shifts_opened),
    KindHandler(kind=KIND_SHIFT_CLOSED, schema=ShiftClosed, apply=apply_shifts_closed),
    KindHandler(kind=KIND_CASH_MOVEMENT, schema=CashMovementDoc, apply=apply_cash),
)
