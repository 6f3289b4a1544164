"""Journal payloads of the till: sales, cancellations, refunds, shifts and cash movements.

The centre validates what it ingests with these same models, so they are complete (every amount,
line, tender, discount and approval, with ids and UTC times) and strict (unknown fields are
refused). Documents that carry money also check their own arithmetic: a sale whose lines,
discounts, rounding and tenders do not add up to its total is refused wherever it is read.

Stock movements of a sale or refund ride inside its document (``stock_movements``), so one
journal entry describes the whole sale; they are not written again as ``stock.movements``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer, model_validator

from inventory.documents import Document, Id, StockMovementDoc
from inventory.quantity import Unit
from pos.models import ApprovalAction, CashMovementKind, TenderKind

KIND_SALE = "sale.completed"
KIND_SALE_CANCELLED = "sale.cancelled"
KIND_REFUND = "refund.completed"
KIND_SHIFT_OPENED = "shift.opened"
KIND_SHIFT_CLOSED = "shift.closed"
KIND_CASH_MOVEMENT = "cash.movement"
# Payload schema version of a sale or refund that carries a campaign tag (``campaign``); version 1
# payloads have none. Untagged documents are still written as version 1, byte for byte as before.
CAMPAIGN_SCHEMA_VERSION = 2

Money = Annotated[int, Field(ge=0)]
Positive = Annotated[int, Field(gt=0)]
Reason = Annotated[str, Field(min_length=1, max_length=200)]


class ApprovalDoc(Document):
    """A manager's approval: who approved what, for whom, why and when."""

    id: Id
    action: ApprovalAction
    approver: str
    requested_by: str
    reason: Reason
    at: datetime


class DiscountDoc(Document):
    """A discount as given: ``percent`` in basis points (10% = 1000) or ``amount`` in Rupiah."""

    kind: Literal["percent", "amount"]
    value: Positive
    amount: Money
    """The Rupiah it took off."""
    approval_id: str | None = None


class SaleLineDoc(Document):
    """One line of a sale: what, how many, at what price, its discounts and its total."""

    id: Id
    line_no: Positive
    product_id: Id
    sku: str
    name: str
    unit: Unit
    category_id: str | None = None
    category: str | None = None
    barcode: str | None = None
    quantity: Positive
    """In the product's base unit (pieces, grams, millilitres)."""
    list_price: Money
    """The catalog price when sold (per piece, kg or litre)."""
    unit_price: Money
    """The price charged; differs from ``list_price`` only with a price override."""
    price_override_approval_id: str | None = None
    gross: Money
    """``unit_price`` x ``quantity`` (half up for weighed goods), or a scale label's price."""
    discount: DiscountDoc | None = None
    sale_discount_share: Money = 0
    """This line's part of the sale discount (for per-category figures and refunds)."""
    total: Money
    """``gross`` minus both discounts: what the line contributed to the goods total."""

    @model_validator(mode="after")
    def _adds_up(self) -> SaleLineDoc:
        line_discount = self.discount.amount if self.discount else 0
        if self.gross - line_discount - self.sale_discount_share != self.total:
            raise ValueError(f"line {self.line_no}: gross - discounts != total")
        return self


class VoidedLineDoc(Document):
    """A line removed from the cart before payment, with the approval that allowed it."""

    product_id: Id
    sku: str
    name: str
    quantity: Positive
    unit_price: Money
    amount: Money
    approval_id: Id


class PaymentDoc(Document):
    """One tender. ``amount`` is what it paid of the total; cash also has tendered and change."""

    id: Id
    tender: TenderKind
    amount: Money
    tendered: Money
    change: Money = 0
    reference: str | None = None
    verified: bool = True
    """``False`` for QRIS confirmed by eye at the till, until matched with the bank's report."""

    @model_validator(mode="after")
    def _adds_up(self) -> PaymentDoc:
        if self.tendered - self.change != self.amount:
            raise ValueError(f"payment {self.id}: tendered - change != amount")
        if self.change and self.tender is not TenderKind.CASH:
            raise ValueError(f"payment {self.id}: only cash gives change")
        return self


class CampaignTagDoc(Document):
    """The campaign a sale was tagged with at checkout and the buyer it counts for.

    Name, label and minimum are copied from the outlet's campaign definition when the sale is
    made, so the centre can report on a campaign without knowing any outlet's config.
    """

    code: Annotated[str, Field(min_length=2, max_length=20)]
    name: Annotated[str, Field(min_length=1, max_length=40)]
    buyer_label: Annotated[str, Field(min_length=1, max_length=12)]
    buyer_id: Annotated[str, Field(min_length=1, max_length=64)]
    minimum: Money


def _omit_no_campaign(data: dict[str, object]) -> dict[str, object]:
    # An untagged document serializes exactly as before campaigns existed (version 1).
    if data.get("campaign", 0) is None:
        del data["campaign"]
    return data


class SaleCompleted(Document):
    """``sale.completed``: a paid sale, everything needed to print it again or to audit it."""

    id: Id
    receipt_no: Annotated[str, Field(min_length=1, max_length=32)]
    outlet: str
    business_day: date
    shift_id: Id
    cashier: str
    cashier_name: str
    started_at: datetime
    completed_at: datetime
    lines: Annotated[list[SaleLineDoc], Field(min_length=1)]
    voided_lines: list[VoidedLineDoc] = Field(default_factory=list)
    gross: Money
    """Sum of the lines' ``gross``."""
    line_discounts: Money
    subtotal: Money
    """``gross`` minus line discounts."""
    sale_discount: DiscountDoc | None = None
    goods_total: Money
    """``subtotal`` minus the sale discount: the value of the goods, PPN included."""
    ppn_mode: Literal["none", "inclusive"]
    ppn: Money
    """PPN contained in ``goods_total`` (0 when the outlet charges none)."""
    rounding: int
    """Cash rounding (negative when rounded down); its own receipt line."""
    total: Money
    """``goods_total + rounding``: what the customer paid."""
    change: Money
    payments: Annotated[list[PaymentDoc], Field(min_length=1)]
    approvals: list[ApprovalDoc] = Field(default_factory=list)
    stock_movements: list[StockMovementDoc] = Field(default_factory=list)
    campaign: CampaignTagDoc | None = None
    """The campaign tag (schema version 2); absent on untagged sales."""

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        return _omit_no_campaign(handler(self))

    @model_validator(mode="after")
    def _adds_up(self) -> SaleCompleted:
        sale_discount = self.sale_discount.amount if self.sale_discount else 0
        problems = []
        if sum(line.gross for line in self.lines) != self.gross:
            problems.append("sum of line gross != gross")
        line_discounts = sum(line.discount.amount for line in self.lines if line.discount)
        if line_discounts != self.line_discounts:
            problems.append("sum of line discounts != line_discounts")
        if self.gross - self.line_discounts != self.subtotal:
            problems.append("gross - line_discounts != subtotal")
        if sum(line.sale_discount_share for line in self.lines) != sale_discount:
            problems.append("sale discount shares != sale discount")
        if self.subtotal - sale_discount != self.goods_total:
            problems.append("subtotal - sale discount != goods_total")
        if sum(line.total for line in self.lines) != self.goods_total:
            problems.append("sum of line totals != goods_total")
        if self.goods_total + self.rounding != self.total:
            problems.append("goods_total + rounding != total")
        if sum(p.amount for p in self.payments) != self.total:
            problems.append("payments != total")
        if sum(p.change for p in self.payments) != self.change:
            problems.append("payment change != change")
        if self.ppn > self.goods_total:
            problems.append("ppn > goods_total")
        if problems:
            raise ValueError(f"sale {self.receipt_no}: " + "; ".join(problems))
        return self


class CancelledLineDoc(Document):
    """A line of a cancelled cart."""

    product_id: Id
    sku: str
    name: str
    quantity: Positive
    unit_price: Money
    amount: Money


class SaleCancelled(Document):
    """``sale.cancelled``: a cart with lines abandoned before payment, with its approval."""

    id: Id
    outlet: str
    shift_id: str | None = None
    cashier: str
    started_at: datetime
    cancelled_at: datetime
    lines: Annotated[list[CancelledLineDoc], Field(min_length=1)]
    goods_total: Money
    approval: ApprovalDoc


class RefundLineDoc(Document):
    """A quantity of one sale line given back."""

    id: Id
    sale_line_id: Id
    product_id: Id
    sku: str
    name: str
    quantity: Positive
    amount: Money


class RefundCompleted(Document):
    """``refund.completed``: goods returned from a sale and the money paid back."""

    id: Id
    number: Annotated[str, Field(min_length=1, max_length=32)]
    outlet: str
    business_day: date
    sale_id: Id
    receipt_no: str
    shift_id: Id
    cashier: str
    at: datetime
    reason: Reason
    approval: ApprovalDoc
    lines: Annotated[list[RefundLineDoc], Field(min_length=1)]
    goods_amount: Money
    rounding: int
    total: Money
    tender: TenderKind
    reference: str | None = None
    stock_movements: list[StockMovementDoc] = Field(default_factory=list)
    campaign: CampaignTagDoc | None = None
    """The tag of the sale the goods came from (schema version 2); absent when it had none."""

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        return _omit_no_campaign(handler(self))

    @model_validator(mode="after")
    def _adds_up(self) -> RefundCompleted:
        if sum(line.amount for line in self.lines) != self.goods_amount:
            raise ValueError(f"refund {self.number}: lines != goods_amount")
        if self.goods_amount + self.rounding != self.total:
            raise ValueError(f"refund {self.number}: goods_amount + rounding != total")
        return self


class ShiftOpened(Document):
    """``shift.opened``: a cashier starts a shift with an opening float."""

    id: Id
    number: Positive
    outlet: str
    cashier: str
    opened_at: datetime
    opening_float: Money


class CashMovementDoc(Document):
    """``cash.movement``: cash put into or taken out of the drawer, with a reason."""

    id: Id
    shift_id: Id
    kind: CashMovementKind
    amount: Positive
    reason: Reason
    actor: str
    at: datetime


class TenderTotal(Document):
    """Money of one tender over a shift or a day."""

    tender: TenderKind
    sales: Money
    refunds: Money
    net: int


class CategoryTotal(Document):
    """Sales of one category over a shift (after discounts, less refunds)."""

    category: str
    lines: Annotated[int, Field(ge=0)]
    sales: Money
    refunds: Money
    net: int


class ShiftSummary(Document):
    """The figures of a shift, built from its explicit lists of sales, refunds and movements."""

    sale_ids: list[Id]
    refund_ids: list[Id]
    cash_movement_ids: list[Id]
    sales_count: Annotated[int, Field(ge=0)]
    refunds_count: Annotated[int, Field(ge=0)]
    gross: Money
    discounts: Money
    refunds: Money
    rounding: int
    net: int
    """``gross - discounts + rounding - refunds``."""
    ppn: Money
    per_tender: list[TenderTotal]
    per_category: list[CategoryTotal]
    opening_float: Money
    cash_in: Money
    cash_out: Money
    cash_expected: int
    cash_counted: int | None = None
    variance: int | None = None
    """``cash_counted - cash_expected`` (negative: cash missing)."""
    counts: dict[str, int] = Field(default_factory=dict)
    """The blind count: denomination in Rupiah -> pieces."""


class ShiftClosed(Document):
    """``shift.closed``: the Z report of a shift."""

    id: Id
    number: Positive
    outlet: str
    cashier: str
    closed_by: str
    opened_at: datetime
    closed_at: datetime
    summary: ShiftSummary
