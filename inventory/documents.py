"""Journal payloads of the base layer: the schemas the outlet writes and the centre validates.

Each journal kind has one payload model here; the centre imports the same models (DESIGN.md:
"the same schemas the outlet wrote"). Payloads carry plain values (ids, integers, ISO times) so
they read the same in any language and on any database.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

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
