"""Tables of the outlet database owned by the cashier: staff, shifts, sales, refunds, approvals."""

# No ``from __future__ import annotations`` here: SQLModel reads the annotations at class creation.

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from inventory.db import StrEnumType, UTCDateTime
from inventory.ids import new_id
from inventory.quantity import Unit


class Role(StrEnum):
    """What a member of staff may do: managers and admins can approve, admins manage staff."""

    CASHIER = "cashier"
    MANAGER = "manager"
    ADMIN = "admin"


class ApprovalAction(StrEnum):
    """Actions that need a manager's username and PIN."""

    VOID_LINE = "void_line"
    CANCEL_SALE = "cancel_sale"
    DISCOUNT = "discount"
    REFUND = "refund"
    OPEN_DRAWER = "open_drawer"
    PRICE_OVERRIDE = "price_override"
    STOCK_COUNT = "stock_count"
    STOCK_ADJUSTMENT = "stock_adjustment"


class TenderKind(StrEnum):
    """How a customer pays."""

    CASH = "cash"
    QRIS = "qris"
    DEBIT = "debit"
    CREDIT = "credit"
    TRANSFER = "transfer"


class CashMovementKind(StrEnum):
    """Cash put into or taken out of the drawer outside a sale."""

    CASH_IN = "in"
    CASH_OUT = "out"


class Staff(SQLModel, table=True):
    """A cashier, manager or admin who logs in with a username and a PIN."""

    __tablename__ = "staff"

    username: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=80)
    role: Role = Field(sa_type=StrEnumType(Role))
    pin_hash: str
    disabled: bool = False
    failed_count: int = 0
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class Shift(SQLModel, table=True):
    """A cashier's shift at the till, from the opening float to the blind count."""

    __tablename__ = "shift"

    id: str = Field(default_factory=new_id, primary_key=True)
    number: int = Field(unique=True)
    cashier: str = Field(foreign_key="staff.username", index=True)
    opened_at: datetime = Field(sa_type=UTCDateTime)
    opening_float: int
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_by: str | None = None
    cash_expected: int | None = None
    cash_counted: int | None = None
    # The blind count as JSON: {"100000": 2, "500": 3, ...} (denomination -> pieces).
    counts: str | None = None


class CashMovement(SQLModel, table=True):
    """Cash in or out of the drawer during a shift, with its reason."""

    __tablename__ = "cash_movement"

    id: str = Field(default_factory=new_id, primary_key=True)
    shift_id: str = Field(foreign_key="shift.id", index=True)
    kind: CashMovementKind = Field(sa_type=StrEnumType(CashMovementKind))
    amount: int
    reason: str = Field(max_length=200)
    actor: str
    at: datetime = Field(sa_type=UTCDateTime)


class Approval(SQLModel, table=True):
    """A manager's approval, stored with the action it allowed (``subject``: sale, refund...)."""

    __tablename__ = "approval"

    id: str = Field(primary_key=True)
    action: ApprovalAction = Field(sa_type=StrEnumType(ApprovalAction))
    approver: str = Field(foreign_key="staff.username")
    requested_by: str
    reason: str = Field(max_length=200)
    at: datetime = Field(sa_type=UTCDateTime)
    subject: str | None = Field(default=None, index=True)
    # What exactly was approved, as JSON (the voided line, the discount, the new price...).
    detail: str | None = None


class Sale(SQLModel, table=True):
    """A completed sale: totals as charged; lines and payments in their own tables."""

    __tablename__ = "sale"

    id: str = Field(primary_key=True)
    receipt_no: str = Field(unique=True, max_length=32)
    business_day: date = Field(index=True)
    shift_id: str = Field(foreign_key="shift.id", index=True)
    cashier: str = Field(foreign_key="staff.username")
    started_at: datetime = Field(sa_type=UTCDateTime)
    completed_at: datetime = Field(sa_type=UTCDateTime)
    line_count: int
    gross: int
    line_discounts: int
    subtotal: int
    sale_discount_kind: str | None = None
    sale_discount_value: int | None = None
    sale_discount: int = 0
    sale_discount_approval_id: str | None = None
    goods_total: int
    ppn_mode: str
    ppn: int = 0
    rounding: int = 0
    total: int
    change: int = 0


class SaleLine(SQLModel, table=True):
    """One line of a completed sale, with the product as it was sold."""

    __tablename__ = "sale_line"
    __table_args__ = (Index("ix_sale_line_sale_line_no", "sale_id", "line_no", unique=True),)

    id: str = Field(primary_key=True)
    sale_id: str = Field(foreign_key="sale.id")
    line_no: int
    product_id: str = Field(foreign_key="product.id")
    sku: str
    name: str
    unit: Unit = Field(sa_type=StrEnumType(Unit))
    category_id: str | None = None
    category: str | None = None
    barcode: str | None = None
    quantity: int
    list_price: int
    unit_price: int
    price_override_approval_id: str | None = None
    gross: int
    discount_kind: str | None = None
    discount_value: int | None = None
    discount: int = 0
    discount_approval_id: str | None = None
    sale_discount_share: int = 0
    total: int


class Payment(SQLModel, table=True):
    """One tender of a sale; ``amount`` is what it paid of the total (cash: tendered - change)."""

    __tablename__ = "payment"

    id: str = Field(primary_key=True)
    sale_id: str = Field(foreign_key="sale.id", index=True)
    tender: TenderKind = Field(sa_type=StrEnumType(TenderKind))
    amount: int
    tendered: int
    change: int = 0
    reference: str | None = None
    # QRIS payments are confirmed by the cashier by eye; matched with the bank's report later.
    verified: bool = True


class Refund(SQLModel, table=True):
    """Goods returned from a sale and the money paid back."""

    __tablename__ = "refund"

    id: str = Field(primary_key=True)
    number: str = Field(unique=True, max_length=32)
    business_day: date = Field(index=True)
    sale_id: str = Field(foreign_key="sale.id", index=True)
    shift_id: str = Field(foreign_key="shift.id", index=True)
    cashier: str = Field(foreign_key="staff.username")
    approval_id: str = Field(foreign_key="approval.id")
    reason: str = Field(max_length=200)
    at: datetime = Field(sa_type=UTCDateTime)
    goods_amount: int
    rounding: int = 0
    total: int
    tender: TenderKind = Field(sa_type=StrEnumType(TenderKind))
    reference: str | None = None


class RefundLine(SQLModel, table=True):
    """A quantity of one sale line returned, and the amount it gives back."""

    __tablename__ = "refund_line"

    id: str = Field(primary_key=True)
    refund_id: str = Field(foreign_key="refund.id", index=True)
    sale_line_id: str = Field(foreign_key="sale_line.id", index=True)
    product_id: str = Field(foreign_key="product.id")
    quantity: int
    amount: int


class HeldCart(SQLModel, table=True):
    """A sale put on hold; the cart as JSON, so it survives a restart until it is recalled."""

    __tablename__ = "held_cart"

    id: str = Field(primary_key=True)
    cashier: str
    shift_id: str | None = None
    held_at: datetime = Field(sa_type=UTCDateTime)
    label: str = Field(max_length=120)
    total: int
    cart: str


class SaleCampaign(SQLModel, table=True):
    """The campaign a sale was tagged with at checkout, and the buyer id it counts for
    (migration ``0006``). Name, label and minimum are as configured when the sale was made."""

    __tablename__ = "sale_campaign"
    __table_args__ = (Index("ix_sale_campaign_campaign_buyer", "campaign", "buyer_id"),)

    sale_id: str = Field(foreign_key="sale.id", primary_key=True)
    campaign: str = Field(max_length=20)
    campaign_name: str = Field(max_length=40)
    buyer_label: str = Field(max_length=12)
    buyer_id: str = Field(max_length=64)
    minimum: int
