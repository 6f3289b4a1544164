"""Tables of the store manager's work: receiving, consignment, counts, adjustments, transfers.

Stock itself only ever changes through :mod:`inventory.stock` movements; these tables hold the
documents around them (who received what at which price, which sales a settlement paid, what a
counter counted) and point at the movements by id or by the document number used as the
movements' ``reference``.
"""

# No ``from __future__ import annotations`` here: SQLModel reads the annotations at class creation.

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from inventory.db import StrEnumType, UTCDateTime
from inventory.ids import new_id


class ReceivingMode(StrEnum):
    """Whether received goods are bought outright or held on consignment (titip jual)."""

    PURCHASE = "purchase"
    CONSIGNMENT = "consignment"


class ReturnReason(StrEnum):
    """Why consignment goods go back to their producer."""

    UNSOLD = "unsold"
    DAMAGED = "damaged"
    EXPIRED = "expired"


class SettlementStatus(StrEnum):
    """A settlement is computed (``settled``), then closed by its payout (``paid``)."""

    SETTLED = "settled"
    PAID = "paid"


class PayoutMethod(StrEnum):
    """How a producer was paid."""

    CASH = "cash"
    TRANSFER = "transfer"
    QRIS = "qris"
    OTHER = "other"


class CountScope(StrEnum):
    """Which products a stock count covers."""

    FULL = "full"
    CATEGORY = "category"
    PRODUCER = "producer"
    SHELF = "shelf"


class CountStatus(StrEnum):
    """Life of a stock count."""

    OPEN = "open"
    APPROVED = "approved"
    CANCELLED = "cancelled"


class AdjustmentReason(StrEnum):
    """Why stock was adjusted by hand; ``found`` adds stock, the others remove it."""

    DAMAGED = "damaged"
    LOST = "lost"
    EXPIRED = "expired"
    SAMPLE = "sample"
    FOUND = "found"


class TransferDirection(StrEnum):
    """Whether this outlet sent or receives a transfer."""

    OUT = "out"
    IN = "in"


class TransferStatus(StrEnum):
    """``sent`` at the sender; ``pending`` then ``received`` at the receiver."""

    SENT = "sent"
    PENDING = "pending"
    RECEIVED = "received"


class UnitStatus(StrEnum):
    """Whether a one-of-a-kind unit is still in the outlet."""

    IN_STOCK = "in_stock"
    SOLD = "sold"


class Receiving(SQLModel, table=True):
    """A receiving document (barang masuk): goods from a producer, bought or on consignment."""

    __tablename__ = "receiving"

    id: str = Field(default_factory=new_id, primary_key=True)
    number: str = Field(unique=True, max_length=40)
    mode: ReceivingMode = Field(sa_type=StrEnumType(ReceivingMode))
    producer_id: str | None = Field(default=None, foreign_key="producer.id", index=True)
    note: str | None = None
    actor: str
    received_at: datetime = Field(sa_type=UTCDateTime)


class ReceivingLine(SQLModel, table=True):
    """One received line; ``unit_price`` is the unit cost or the agreed consignment price."""

    __tablename__ = "receiving_line"

    id: str = Field(default_factory=new_id, primary_key=True)
    receiving_id: str = Field(foreign_key="receiving.id", index=True)
    line_no: int
    product_id: str = Field(foreign_key="product.id", index=True)
    quantity: int
    unit_price: int | None = None
    expiry_date: date | None = None
    batch: str | None = Field(default=None, max_length=40)
    movement_id: str = Field(foreign_key="stock_movement.id")


class ProducerReturn(SQLModel, table=True):
    """Consignment goods returned to their producer; its movements carry its number."""

    __tablename__ = "producer_return"

    id: str = Field(default_factory=new_id, primary_key=True)
    number: str = Field(unique=True, max_length=40)
    producer_id: str = Field(foreign_key="producer.id", index=True)
    reason: ReturnReason = Field(sa_type=StrEnumType(ReturnReason))
    note: str | None = None
    actor: str
    returned_at: datetime = Field(sa_type=UTCDateTime)


class ConsignmentSettlement(SQLModel, table=True):
    """What a producer is owed for consignment sales of a period, and how it was paid."""

    __tablename__ = "consignment_settlement"

    id: str = Field(default_factory=new_id, primary_key=True)
    number: str = Field(unique=True, max_length=40)
    producer_id: str = Field(foreign_key="producer.id", index=True)
    period_start: date
    period_end: date
    # The period as UTC instants [starts_at, ends_at), after the business-day cut-off.
    starts_at: datetime = Field(sa_type=UTCDateTime)
    ends_at: datetime = Field(sa_type=UTCDateTime)
    commission_bp: int
    quantity: int
    gross: int
    commission: int
    payable: int
    status: SettlementStatus = Field(sa_type=StrEnumType(SettlementStatus))
    actor: str
    settled_at: datetime = Field(sa_type=UTCDateTime)
    paid_on: date | None = None
    payout_method: PayoutMethod | None = Field(default=None, sa_type=StrEnumType(PayoutMethod))
    payout_reference: str | None = None
    paid_by: str | None = None
    paid_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ConsignmentSettlementLine(SQLModel, table=True):
    """Net quantity sold and gross sales of one product in a settlement."""

    __tablename__ = "consignment_settlement_line"

    id: str = Field(default_factory=new_id, primary_key=True)
    settlement_id: str = Field(foreign_key="consignment_settlement.id", index=True)
    product_id: str = Field(foreign_key="product.id")
    quantity: int
    gross: int
    # Sale movements without an amount, valued at the catalog price instead.
    estimated: int = 0


class SettledMovement(SQLModel, table=True):
    """A sale or refund movement paid out by a settlement; the key makes it at most once."""

    __tablename__ = "settled_movement"

    movement_id: str = Field(foreign_key="stock_movement.id", primary_key=True)
    settlement_id: str = Field(foreign_key="consignment_settlement.id", index=True)


class StockCount(SQLModel, table=True):
    """A stock count (stok opname) of all products or of a category, producer or shelf."""

    __tablename__ = "stock_count"

    id: str = Field(default_factory=new_id, primary_key=True)
    number: str = Field(unique=True, max_length=40)
    scope: CountScope = Field(sa_type=StrEnumType(CountScope))
    scope_value: str | None = None
    scope_label: str | None = None
    status: CountStatus = Field(sa_type=StrEnumType(CountStatus))
    # The highest stock_movement rowid when the count started: later rows moved since then.
    watermark: int
    # The same at approval or cancellation: the count measured the movements in between.
    closed_watermark: int | None = None
    started_by: str
    started_at: datetime = Field(sa_type=UTCDateTime)
    approver: str | None = None
    closed_by: str | None = None
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class StockCountItem(SQLModel, table=True):
    """A product in a count with its on-hand frozen when the count started."""

    __tablename__ = "stock_count_item"

    count_id: str = Field(foreign_key="stock_count.id", primary_key=True)
    product_id: str = Field(foreign_key="product.id", primary_key=True)
    expected: int


class StockCountEntry(SQLModel, table=True):
    """One scan (+1) or typed quantity by one counter; a product's count is their sum."""

    __tablename__ = "stock_count_entry"

    id: str = Field(default_factory=new_id, primary_key=True)
    count_id: str = Field(foreign_key="stock_count.id", index=True)
    product_id: str = Field(foreign_key="product.id")
    counter: str = Field(max_length=80)
    quantity: int
    scanned: bool = False
    entered_at: datetime = Field(sa_type=UTCDateTime)


class StockAdjustment(SQLModel, table=True):
    """A manual adjustment with its reason, value and (above the limit) its approver."""

    __tablename__ = "stock_adjustment"

    id: str = Field(default_factory=new_id, primary_key=True)
    number: str = Field(unique=True, max_length=40)
    product_id: str = Field(foreign_key="product.id", index=True)
    reason: AdjustmentReason = Field(sa_type=StrEnumType(AdjustmentReason))
    quantity: int
    value: int
    note: str | None = None
    approver: str | None = None
    actor: str
    at: datetime = Field(sa_type=UTCDateTime)
    movement_id: str = Field(foreign_key="stock_movement.id")


class StockTransfer(SQLModel, table=True):
    """Goods sent to, or arriving from, another outlet; the id is the sender's at both ends."""

    __tablename__ = "stock_transfer"

    id: str = Field(primary_key=True)
    number: str = Field(unique=True, max_length=40)
    direction: TransferDirection = Field(sa_type=StrEnumType(TransferDirection))
    from_outlet: str = Field(max_length=8)
    to_outlet: str = Field(max_length=8)
    status: TransferStatus = Field(sa_type=StrEnumType(TransferStatus))
    note: str | None = None
    sent_by: str
    sent_at: datetime = Field(sa_type=UTCDateTime)
    confirmed_by: str | None = None
    confirmed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class StockTransferLine(SQLModel, table=True):
    """A product of a transfer: quantity sent and, once confirmed, quantity received."""

    __tablename__ = "stock_transfer_line"

    id: str = Field(default_factory=new_id, primary_key=True)
    transfer_id: str = Field(foreign_key="stock_transfer.id", index=True)
    line_no: int
    product_id: str = Field(foreign_key="product.id")
    sent: int
    received: int | None = None


class ProductUnit(SQLModel, table=True):
    """One unit of a one-of-a-kind product (a tenun cloth) with its own scannable code."""

    __tablename__ = "product_unit"

    id: str = Field(default_factory=new_id, primary_key=True)
    product_id: str = Field(foreign_key="product.id", index=True)
    code: str = Field(unique=True, max_length=14)
    motif: str | None = Field(default=None, max_length=120)
    weaver: str | None = Field(default=None, max_length=120)
    village: str | None = Field(default=None, max_length=120)
    status: UnitStatus = Field(sa_type=StrEnumType(UnitStatus))
    # The receiving document that brought the unit in, if any.
    reference: str | None = None
    sold_reference: str | None = None
    registered_at: datetime = Field(sa_type=UTCDateTime)
    sold_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
