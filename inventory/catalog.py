"""The catalog: finding products by barcode or name, and creating or editing them.

Every edit bumps the product's ``version`` and writes a ``catalog.change`` journal entry in the
same transaction; price changes are also audited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlmodel import Session, col, select

from inventory import audit, barcodes
from inventory.barcodes import MeasureKind, VariableMeasureLayout
from inventory.counters import next_value
from inventory.documents import (
    KIND_CATALOG,
    CatalogChange,
    CertificationDoc,
    ProductDoc,
)
from inventory.errors import ConflictError, InvalidInputError, NotFoundError
from inventory.models import Barcode, Category, Certification, Producer, Product
from inventory.quantity import Unit
from inventory.stamp import Stamp
from sync import journal

MAX_NAME = 200
MAX_SKU = 64
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def clean_text(value: str, *, field_name: str, max_length: int, required: bool = True) -> str:
    """Trim ``value`` and refuse control or bidi-override characters and over-long text."""
    value = value.strip()
    if _CONTROL.search(value):
        raise InvalidInputError("catalog.control_chars", field=field_name)
    if required and not value:
        raise InvalidInputError("catalog.required", field=field_name)
    if len(value) > max_length:
        raise InvalidInputError("catalog.too_long", field=field_name, max=max_length)
    return value


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What a scanned code resolves to.

    For a variable-measure barcode ``quantity`` carries the weight (in the product's base unit)
    or ``amount`` the embedded price in Rupiah; for an ordinary barcode both are ``None``.
    """

    product: Product
    code: str
    quantity: int | None = None
    amount: int | None = None


def lookup_barcode(
    session: Session, code: str, layouts: Sequence[VariableMeasureLayout] = ()
) -> ScanResult:
    """Resolve a scanned code to a product.

    Raises :class:`InvalidInputError` for a malformed code or wrong check digit and
    :class:`NotFoundError` for a valid code that no active product carries.
    """
    normalized = barcodes.normalize(code)
    product = session.execute(
        select(Product)
        .join(Barcode, col(Barcode.product_id) == col(Product.id))
        .where(Barcode.code == normalized)
    ).scalar_one_or_none()
    if product is not None:
        if not product.active:
            raise NotFoundError("catalog.inactive", name=product.name, code=normalized)
        return ScanResult(product=product, code=normalized)
    measure = barcodes.parse_variable_measure(normalized, list(layouts))
    if measure is not None:
        product = session.execute(
            select(Product).where(Product.plu == measure.item_code)
        ).scalar_one_or_none()
        if product is None or not product.active:
            raise NotFoundError("catalog.unknown_plu", code=normalized, plu=measure.item_code)
        if measure.kind is MeasureKind.WEIGHT:
            return ScanResult(product=product, code=normalized, quantity=measure.value)
        return ScanResult(product=product, code=normalized, amount=measure.value)
    raise NotFoundError("catalog.unknown_barcode", code=normalized)


_WORD = re.compile(r"\w+", re.UNICODE)

_SEARCH = text(
    "SELECT product.* FROM product_fts JOIN product ON product.num = product_fts.rowid "
    "WHERE product_fts MATCH :query AND product.active = 1 "
    "ORDER BY product_fts.rank LIMIT :limit"
)


def fts_query(user_text: str) -> str | None:
    """An FTS5 query matching every word of ``user_text`` as a prefix, or ``None`` if no words.

    Only word characters survive, each quoted, so no user text can inject FTS5 syntax.
    """
    words = _WORD.findall(user_text.casefold())
    if not words:
        return None
    return " AND ".join(f'"{word}"*' for word in words[:8])


def search(session: Session, user_text: str, *, limit: int = 20) -> list[Product]:
    """Active products whose name or SKU has every word of ``user_text`` as a word prefix.

    ``kopi baja`` finds "Kopi Arabika Flores Bajawa 250g"; case and accents are ignored.
    """
    query = fts_query(user_text)
    if query is None:
        return []
    statement = select(Product).from_statement(_SEARCH)
    rows = session.execute(statement, {"query": query, "limit": limit}).scalars().all()
    return list(rows)


def get_by_sku(session: Session, sku: str) -> Product:
    """The product with ``sku``; raises :class:`NotFoundError` naming it."""
    product = session.exec(select(Product).where(Product.sku == sku)).one_or_none()
    if product is None:
        raise NotFoundError("catalog.unknown_sku", sku=sku)
    return product


def barcodes_of(session: Session, product_id: str) -> list[str]:
    """The product's barcodes, in-store ones last."""
    rows = session.execute(
        select(Barcode.code)
        .where(Barcode.product_id == product_id)
        .order_by(Barcode.instore, Barcode.code)  # type: ignore[arg-type]
    )
    return list(rows.scalars())


def certifications_of(session: Session, *, product_id: str) -> list[CertificationDoc]:
    """Certificates attached directly to a product."""
    rows = session.execute(
        select(Certification).where(Certification.product_id == product_id)
    ).scalars()
    return [CertificationDoc(kind=c.kind, number=c.number, expires_on=c.expires_on) for c in rows]


def product_doc(session: Session, product: Product) -> ProductDoc:
    """The journal document of ``product`` as it is now."""
    return ProductDoc(
        id=product.id,
        sku=product.sku,
        name=product.name,
        unit=product.unit,
        price=product.price,
        cost=product.cost,
        producer_id=product.producer_id,
        category_id=product.category_id,
        min_stock=product.min_stock,
        active=product.active,
        local=product.local,
        plu=product.plu,
        version=product.version,
        barcodes=barcodes_of(session, product.id),
        certifications=certifications_of(session, product_id=product.id),
    )


@dataclass(slots=True)
class ProductInput:
    """What a manager enters for a product; the SKU identifies it for updates."""

    sku: str
    name: str
    price: int
    unit: Unit = Unit.PIECE
    cost: int | None = None
    producer_id: str | None = None
    category_id: str | None = None
    min_stock: int = 0
    active: bool = True
    plu: str | None = None
    barcodes: Sequence[str] = field(default_factory=tuple)


def _validate(data: ProductInput) -> ProductInput:
    data.sku = clean_text(data.sku, field_name="sku", max_length=MAX_SKU)
    data.name = clean_text(data.name, field_name="name", max_length=MAX_NAME)
    if data.price < 0:
        raise InvalidInputError("catalog.negative", field="price")
    if data.cost is not None and data.cost < 0:
        raise InvalidInputError("catalog.negative", field="cost")
    if data.min_stock < 0:
        raise InvalidInputError("catalog.negative", field="min_stock")
    if data.plu is not None and not (data.plu.isascii() and data.plu.isdigit()):
        raise InvalidInputError("catalog.bad_plu", plu=data.plu)
    data.barcodes = [barcodes.normalize(code) for code in data.barcodes]
    return data


def _attach_barcodes(
    session: Session, product_id: str, codes: Iterable[str], *, instore: bool = False
) -> None:
    for code in codes:
        owner = session.get(Barcode, code)
        if owner is None:
            session.add(Barcode(code=code, product_id=product_id, instore=instore))
        elif owner.product_id != product_id:
            other = session.execute(
                select(Product.sku).where(Product.id == owner.product_id)
            ).scalar_one()
            raise ConflictError("catalog.barcode_taken", code=code, sku=other)


def save_product(
    session: Session, stamp: Stamp, data: ProductInput, *, local: bool = True
) -> Product:
    """Create the product ``data.sku`` or update it; barcodes given are added to it.

    Journals the product and audits a price change. Raises :class:`InvalidInputError` or
    :class:`ConflictError` (a barcode that belongs to another product) before writing anything.
    """
    data = _validate(data)
    product = session.execute(select(Product).where(Product.sku == data.sku)).scalar_one_or_none()
    if product is None:
        product = Product(
            sku=data.sku,
            name=data.name,
            unit=data.unit,
            price=data.price,
            cost=data.cost,
            producer_id=data.producer_id,
            category_id=data.category_id,
            min_stock=data.min_stock,
            active=data.active,
            plu=data.plu,
            local=local,
            created_at=stamp.at,
            updated_at=stamp.at,
        )
        session.add(product)
        session.flush()
        old_price = None
    else:
        old_price = product.price
        product.name = data.name
        product.unit = data.unit
        product.price = data.price
        product.cost = data.cost
        product.producer_id = data.producer_id
        product.category_id = data.category_id
        product.min_stock = data.min_stock
        product.active = data.active
        product.plu = data.plu
        product.version += 1
        product.updated_at = stamp.at
    _attach_barcodes(session, product.id, data.barcodes)
    session.flush()
    if old_price is not None and old_price != product.price:
        audit.record(
            session,
            stamp,
            action="product.price",
            subject=product.sku,
            before={"price": old_price},
            after={"price": product.price},
        )
    journal_products(session, stamp, [product])
    return product


def journal_products(session: Session, stamp: Stamp, products: Sequence[Product]) -> None:
    """Write one ``catalog.change`` entry with the current state of ``products``."""
    change = CatalogChange(products=[product_doc(session, p) for p in products])
    journal.append(session, outlet=stamp.outlet, kind=KIND_CATALOG, payload=change, at=stamp.at)


def assign_instore_barcode(
    session: Session, stamp: Stamp, *, sku: str, prefix: str, outlet_number: int
) -> str:
    """Give the product ``sku`` a new in-store EAN-13 and return it."""
    product = get_by_sku(session, sku)
    while True:
        sequence = next_value(session, "instore_ean13")
        code = barcodes.instore_ean13(prefix=prefix, outlet_number=outlet_number, sequence=sequence)
        if session.get(Barcode, code) is None:
            break
    _attach_barcodes(session, product.id, [code], instore=True)
    product.version += 1
    product.updated_at = stamp.at
    session.flush()
    journal_products(session, stamp, [product])
    return code


def producer_of(session: Session, product: Product) -> Producer | None:
    """The producer of ``product``, if it has one."""
    return None if product.producer_id is None else session.get(Producer, product.producer_id)


def category_of(session: Session, product: Product) -> Category | None:
    """The category of ``product``, if it has one."""
    return None if product.category_id is None else session.get(Category, product.category_id)
