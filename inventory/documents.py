"""Journal payloads of the base layer: the schemas the outlet writes and the centre validates.

Each journal kind has one payload model here; the centre imports the same models (DESIGN.md:
"the same schemas the outlet wrote"). Payloads carry plain values (ids, integers, ISO times) so
they read the same in any language and on any database.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from inventory.manager_models import (
    AdjustmentReason,
    CountScope,
    PayoutMethod,
    ReceivingMode,
    ReturnReason,
    UnitStatus,
)
from inventory.models import CertificationKind, MovementKind, ProducerKind, Program
from inventory.quantity import Unit

KIND_CATALOG = "catalog.change"
KIND_STOCK = "stock.movements"
KIND_AUDIT = "audit"

Id = Annotated[str, Field(min_length=1, max_length=36)]


class Document(BaseModel):
    """A journal payload: strict about unknown fields so a malformed entry names its field."""

    model_config = ConfigDict(extra="forbid")


class CertificationDoc(Document):
    """A certificate of a producer or of one product."""

    kind: CertificationKind
    number: Annotated[str, Field(min_length=1, max_length=80)]
    expires_on: date | None = None


class ProducerDoc(Document):
    """A producer as created or edited at the outlet."""

    id: Id
    name: Annotated[str, Field(min_length=1, max_length=200)]
    kind: ProducerKind
    program: Program
    kabupaten: str | None = None
    kecamatan: str | None = None
    desa: str | None = None
    phone: str | None = None
    commission_bp: Annotated[int, Field(ge=0, le=10_000)]
    version: Annotated[int, Field(ge=1)]
    certifications: list[CertificationDoc] = []


class CategoryDoc(Document):
    """A category."""

    id: Id
    name: Annotated[str, Field(min_length=1, max_length=120)]


class ProductDoc(Document):
    """A product as created or edited at the outlet, with all its barcodes."""

    id: Id
    sku: Annotated[str, Field(min_length=1, max_length=64)]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    unit: Unit
    price: Annotated[int, Field(ge=0)]
    cost: Annotated[int, Field(ge=0)] | None = None
    producer_id: str | None = None
    category_id: str | None = None
    min_stock: Annotated[int, Field(ge=0)] = 0
    active: bool = True
    local: bool = False
    plu: str | None = None
    version: Annotated[int, Field(ge=1)]
    barcodes: list[str] = []
    certifications: list[CertificationDoc] = []


class CatalogChange(Document):
    """``catalog.change``: products, producers and categories created or edited together."""

    producers: list[ProducerDoc] = []
    categories: list[CategoryDoc] = []
    products: list[ProductDoc] = []


class StockMovementDoc(Document):
    """One stock movement."""

    id: Id
    product_id: Id
    kind: MovementKind
    quantity: int
    reason: str | None = None
    reference: str | None = None
    actor: str
    occurred_at: datetime
    amount: int | None = None
    """Net Rupiah amount of a sale or refund line (consignment settlement sums these)."""


class StockMovements(Document):
    """``stock.movements``: movements recorded together (an adjustment, a receiving...)."""

    movements: Annotated[list[StockMovementDoc], Field(min_length=1)]


class AuditDoc(Document):
    """``audit``: a sensitive action with the state before and after."""

    id: Id
    at: datetime
    actor: str
    action: str
    subject: str | None = None
    before: dict[str, object] | None = None
    after: dict[str, object] | None = None


# ---------------------------------------------------------------- the store manager's documents
# Each business event of the manager is one journal entry; the stock movements it makes are
# embedded in it (``movements``) rather than journaled a second time as ``stock.movements``.

KIND_RECEIVING = "stock.receiving"
KIND_PRODUCER_RETURN = "consignment.return"
KIND_SETTLEMENT = "consignment.settlement"
KIND_PAYOUT = "consignment.payout"
KIND_COUNT = "stock.count"
KIND_ADJUSTMENT = "stock.adjustment"
KIND_TRANSFER_OUT = "transfer.sent"
KIND_TRANSFER_IN = "transfer.received"
KIND_UNITS = "catalog.units"
KIND_SHELF = "catalog.shelf"

Number = Annotated[str, Field(min_length=1, max_length=40)]
OutletCode = Annotated[str, Field(min_length=2, max_length=8)]
Quantity = Annotated[int, Field(gt=0)]
Rupiah = Annotated[int, Field(ge=0)]


class ReceivingLineDoc(Document):
    """One received line: ``unit_price`` is the unit cost or the agreed consignment price."""

    product_id: Id
    quantity: Quantity
    unit_price: Rupiah | None = None
    expiry_date: date | None = None
    batch: Annotated[str, Field(max_length=40)] | None = None
    movement_id: Id


class ReceivingDoc(Document):
    """``stock.receiving``: goods received from a producer, bought or on consignment."""

    id: Id
    number: Number
    mode: ReceivingMode
    producer_id: Id | None = None
    note: str | None = None
    actor: str
    received_at: datetime
    lines: Annotated[list[ReceivingLineDoc], Field(min_length=1)]
    movements: Annotated[list[StockMovementDoc], Field(min_length=1)]


class ProducerReturnDoc(Document):
    """``consignment.return``: consignment goods given back to their producer."""

    id: Id
    number: Number
    producer_id: Id
    reason: ReturnReason
    note: str | None = None
    actor: str
    returned_at: datetime
    movements: Annotated[list[StockMovementDoc], Field(min_length=1)]


class SettlementLineDoc(Document):
    """Net quantity sold and gross sales of one product in a settlement."""

    product_id: Id
    quantity: int
    gross: int
    estimated: Annotated[int, Field(ge=0)] = 0


class SettlementDoc(Document):
    """``consignment.settlement``: what a producer is owed for a period's consignment sales.

    ``movement_ids`` are the sale and refund movements it settles; each may be settled once.
    ``gross == commission + payable`` always holds.
    """

    id: Id
    number: Number
    producer_id: Id
    period_start: date
    period_end: date
    commission_bp: Annotated[int, Field(ge=0, le=10_000)]
    quantity: int
    gross: int
    commission: int
    payable: int
    actor: str
    settled_at: datetime
    lines: Annotated[list[SettlementLineDoc], Field(min_length=1)]
    movement_ids: Annotated[list[Id], Field(min_length=1)]


class PayoutDoc(Document):
    """``consignment.payout``: the payment that closes a settlement."""

    settlement_id: Id
    number: Number
    amount: int
    paid_on: date
    method: PayoutMethod
    reference: str | None = None
    actor: str
    at: datetime


class CountLineDoc(Document):
    """A counted product: frozen expected, moved since the start, counted, variance, value."""

    product_id: Id
    expected: int
    moved_since_start: int
    counted: int
    variance: int
    value: int
    valued_at: Literal["cost", "price"]


class StockCountDoc(Document):
    """``stock.count``: an approved stock count and the corrections it made."""

    id: Id
    number: Number
    scope: CountScope
    scope_value: str | None = None
    started_by: str
    started_at: datetime
    approver: Annotated[str, Field(min_length=1)]
    approved_at: datetime
    lines: list[CountLineDoc]
    movements: list[StockMovementDoc] = []


class AdjustmentDoc(Document):
    """``stock.adjustment``: a manual adjustment with reason, value and approver."""

    id: Id
    number: Number
    reason: AdjustmentReason
    note: str | None = None
    value: Rupiah
    approver: str | None = None
    movements: Annotated[list[StockMovementDoc], Field(min_length=1, max_length=1)]


class TransferLineDoc(Document):
    """A product sent, named so the receiving outlet can find it in its own catalog."""

    product_id: Id
    sku: Annotated[str, Field(min_length=1, max_length=64)]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    barcodes: list[str] = []
    quantity: Quantity


class TransferDoc(Document):
    """``transfer.sent``: goods leaving ``from_outlet`` for ``to_outlet`` (in transit).

    The same payload, delivered by sync, is what the receiving outlet imports.
    """

    id: Id
    number: Number
    from_outlet: OutletCode
    to_outlet: OutletCode
    note: str | None = None
    actor: str
    sent_at: datetime
    lines: Annotated[list[TransferLineDoc], Field(min_length=1)]
    movements: list[StockMovementDoc] = []


class TransferReceiptLineDoc(Document):
    """What arrived of one transferred product; ``difference = sent - received``."""

    product_id: Id
    sent: Quantity
    received: Annotated[int, Field(ge=0)]
    difference: Annotated[int, Field(ge=0)]


class TransferReceiptDoc(Document):
    """``transfer.received``: the receiving outlet confirms what arrived; ends the transit."""

    transfer_id: Id
    number: Number
    from_outlet: OutletCode
    to_outlet: OutletCode
    actor: str
    confirmed_at: datetime
    lines: Annotated[list[TransferReceiptLineDoc], Field(min_length=1)]
    movements: list[StockMovementDoc] = []


class ProductUnitDoc(Document):
    """One unit of a one-of-a-kind product as it is now."""

    id: Id
    product_id: Id
    code: Annotated[str, Field(min_length=8, max_length=14)]
    motif: str | None = None
    weaver: str | None = None
    village: str | None = None
    status: UnitStatus
    sold_reference: str | None = None


class ProductUnitsDoc(Document):
    """``catalog.units``: units registered, sold or refunded (their state after the change)."""

    units: Annotated[list[ProductUnitDoc], Field(min_length=1)]


class ShelfDoc(Document):
    """``catalog.shelf``: where a product stands in this outlet."""

    product_id: Id
    shelf: Annotated[str, Field(max_length=40)] | None = None
