"""Tables of the outlet database owned by the base layer: outlet, catalog, stock ledger, audit."""

# No ``from __future__ import annotations`` here: SQLModel reads the annotations at class creation.

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from inventory.db import StrEnumType, UTCDateTime
from inventory.ids import new_id
from inventory.quantity import Unit


class ProducerKind(StrEnum):
    """What kind of enterprise a producer is."""

    UMKM = "umkm"
    KOPERASI = "koperasi"
    BUMDES = "bumdes"
    SCHOOL = "school"
    COMMUNITY = "community"


class Program(StrEnum):
    """The provincial programme a producer belongs to."""

    OVOP = "ovop"  # One Village One Product
    OSOP = "osop"  # One School One Product
    OCOP = "ocop"  # One Community One Product
    NONE = "none"


class CertificationKind(StrEnum):
    """Certificates printed on labels and watched for expiry."""

    HALAL = "halal"
    PIRT = "pirt"
    BPOM = "bpom"


class MovementKind(StrEnum):
    """Why stock moved (DESIGN.md invariant 7)."""

    SALE = "sale"
    REFUND = "refund"
    RECEIVE = "receive"
    CONSIGN_IN = "consign_in"
    RETURN_TO_PRODUCER = "return_to_producer"
    ADJUST = "adjust"
    COUNT_CORRECTION = "count_correction"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"


class OutletInfo(SQLModel, table=True):
    """The one outlet this database belongs to; a config for another outlet is refused."""

    __tablename__ = "outlet"

    code: str = Field(primary_key=True, max_length=8)
    name: str
    created_at: datetime = Field(sa_type=UTCDateTime)


class Counter(SQLModel, table=True):
    """Named monotonically increasing counters (in-store barcodes, document numbers)."""

    __tablename__ = "counter"

    name: str = Field(primary_key=True)
    value: int = 0


class Producer(SQLModel, table=True):
    """A producer supplying the outlet: UMKM, koperasi, BUMDes, school or community."""

    __tablename__ = "producer"

    id: str = Field(default_factory=new_id, primary_key=True)
    name: str = Field(
        sa_column=Column(String(200, collation="NOCASE"), nullable=False, unique=True)
    )
    kind: ProducerKind = Field(default=ProducerKind.UMKM, sa_type=StrEnumType(ProducerKind))
    program: Program = Field(default=Program.NONE, sa_type=StrEnumType(Program))
    kabupaten: str | None = None
    kecamatan: str | None = None
    desa: str | None = None
    phone: str | None = None
    # The outlet's commission on consignment sales, in basis points (20% = 2000).
    commission_bp: int = 2000
    version: int = 1
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class Category(SQLModel, table=True):
    """A product category (Kopi, Tenun, Madu...)."""

    __tablename__ = "category"

    id: str = Field(default_factory=new_id, primary_key=True)
    name: str = Field(
        sa_column=Column(String(120, collation="NOCASE"), nullable=False, unique=True)
    )


class Product(SQLModel, table=True):
    """A sellable product. ``price`` and ``cost`` are per piece, per kg (g) or per litre (ml)."""

    __tablename__ = "product"

    # A local integer key that never changes: the full-text index refers to products by it.
    num: int | None = Field(default=None, primary_key=True)
    id: str = Field(default_factory=new_id, unique=True)
    sku: str = Field(unique=True, max_length=64)
    name: str = Field(max_length=200)
    unit: Unit = Field(default=Unit.PIECE, sa_type=StrEnumType(Unit))
    price: int
    cost: int | None = None
    producer_id: str | None = Field(default=None, foreign_key="producer.id", index=True)
    category_id: str | None = Field(default=None, foreign_key="category.id", index=True)
    min_stock: int = 0
    active: bool = True
    # Born at this outlet and not (yet) part of the central catalog master.
    local: bool = False
    # Item code of variable-measure (scale) barcodes.
    plu: str | None = Field(default=None, unique=True, max_length=8)
    version: int = 1
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    # Where the product stands in this outlet (partial stock counts by shelf); outlet-local.
    shelf: str | None = Field(default=None, max_length=40, index=True)


class Barcode(SQLModel, table=True):
    """One of a product's barcodes, normalised (UPC-A is stored as its 13-digit EAN form)."""

    __tablename__ = "barcode"

    code: str = Field(primary_key=True, max_length=14)
    product_id: str = Field(foreign_key="product.id", index=True)
    instore: bool = False


class Certification(SQLModel, table=True):
    """A halal, PIRT or BPOM number of a producer (all its products) or of one product."""

    __tablename__ = "certification"
    __table_args__ = (UniqueConstraint("producer_id", "product_id", "kind"),)

    id: str = Field(default_factory=new_id, primary_key=True)
    producer_id: str | None = Field(default=None, foreign_key="producer.id", index=True)
    product_id: str | None = Field(default=None, foreign_key="product.id", index=True)
    kind: CertificationKind = Field(sa_type=StrEnumType(CertificationKind))
    number: str = Field(max_length=80)
    expires_on: date | None = None


class StockMovement(SQLModel, table=True):
    """One change of stock; on-hand is the sum of these (DESIGN.md invariant 7)."""

    __tablename__ = "stock_movement"
    __table_args__ = (Index("ix_stock_movement_product_at", "product_id", "occurred_at"),)

    id: str = Field(default_factory=new_id, primary_key=True)
    product_id: str = Field(foreign_key="product.id")
    kind: MovementKind = Field(sa_type=StrEnumType(MovementKind))
    quantity: int
    reason: str | None = None
    # Not indexed: a sale's movements are found by product and time (ix_stock_movement_product_at).
    reference: str | None = None
    actor: str
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    # Net amount in Rupiah of the sale or refund line that moved the stock (consignment
    # settlements add these up); empty for movements that carry no money.
    amount: int | None = None


class StockLevel(SQLModel, table=True):
    """Cached on-hand per product, updated in the same transaction as each movement."""

    __tablename__ = "stock_level"

    product_id: str = Field(foreign_key="product.id", primary_key=True)
    on_hand: int = 0
    updated_at: datetime = Field(sa_type=UTCDateTime)


class AuditEvent(SQLModel, table=True):
    """A sensitive action: who did what, when, with the state before and after (JSON)."""

    __tablename__ = "audit_event"

    id: str = Field(default_factory=new_id, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    actor: str
    action: str = Field(max_length=64, index=True)
    subject: str | None = None
    before: str | None = None
    after: str | None = None
