"""One-of-a-kind items (a tenun cloth): products tracked unit by unit.

Each unit has its own scannable code, attached to the product as an in-store barcode, so the
till resolves a scanned unit to its product with the ordinary barcode lookup; the checkout then
calls :func:`mark_sold` (and :func:`mark_refunded` on a refund) with the unit's code. Marking a
unit changes no stock: the sale or refund records the movement, the unit only says *which* cloth
left. Registering and marking units are journaled as ``catalog.units``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from inventory import barcodes
from inventory.catalog import clean_text, journal_products
from inventory.counters import next_value
from inventory.documents import KIND_UNITS, ProductUnitDoc, ProductUnitsDoc
from inventory.errors import ConflictError, InvalidInputError, NotFoundError
from inventory.manager_common import InstoreNumbering, resolve_product
from inventory.manager_models import ProductUnit, UnitStatus
from inventory.models import Barcode, Product
from inventory.stamp import Stamp
from sync import journal

MAX_TEXT = 120


@dataclass(frozen=True, slots=True)
class UnitInput:
    """A unit as the manager describes it; ``code`` is made (in-store EAN-13) when omitted."""

    motif: str | None = None
    weaver: str | None = None
    village: str | None = None
    code: str | None = None


def _optional(value: str | None, field_name: str) -> str | None:
    if value is None:
        return None
    cleaned = clean_text(value, field_name=field_name, max_length=MAX_TEXT, required=False)
    return cleaned or None


def _new_code(session: Session, numbering: InstoreNumbering) -> str:
    # The same sequence as catalog.assign_instore_barcode, so product and unit codes never clash.
    while True:
        code = barcodes.instore_ean13(
            prefix=numbering.prefix,
            outlet_number=numbering.outlet_number,
            sequence=next_value(session, "instore_ean13"),
        )
        if session.get(Barcode, code) is None:
            return code


def unit_doc(unit: ProductUnit) -> ProductUnitDoc:
    """The journal document of ``unit`` as it is now."""
    return ProductUnitDoc(
        id=unit.id,
        product_id=unit.product_id,
        code=unit.code,
        motif=unit.motif,
        weaver=unit.weaver,
        village=unit.village,
        status=unit.status,
        sold_reference=unit.sold_reference,
    )


def _journal(session: Session, stamp: Stamp, units: Sequence[ProductUnit]) -> None:
    payload = ProductUnitsDoc(units=[unit_doc(u) for u in units])
    journal.append(session, outlet=stamp.outlet, kind=KIND_UNITS, payload=payload, at=stamp.at)


def register_units(
    session: Session,
    stamp: Stamp,
    *,
    product: Product,
    units: Sequence[UnitInput],
    numbering: InstoreNumbering,
    reference: str | None = None,
) -> list[ProductUnit]:
    """Register ``units`` of ``product`` (in stock) with their codes; records no movement.

    Receiving calls this for the units it brings in (``reference`` is its number); use it alone
    for cloths already on the shelf. Raises before writing for a bad or taken code or over-long
    text.
    """
    if not units:
        raise InvalidInputError("units.none_given")
    cleaned: list[tuple[str | None, str | None, str | None, str | None]] = []
    seen: set[str] = set()
    for unit in units:
        code = None
        if unit.code is not None and unit.code.strip():
            code = barcodes.normalize(unit.code)
            if code in seen or session.get(Barcode, code) is not None:
                raise ConflictError("units.code_taken", code=code)
            seen.add(code)
        cleaned.append(
            (
                code,
                _optional(unit.motif, "motif"),
                _optional(unit.weaver, "weaver"),
                _optional(unit.village, "village"),
            )
        )
    created: list[ProductUnit] = []
    for code, motif, weaver, village in cleaned:
        final = code or _new_code(session, numbering)
        session.add(Barcode(code=final, product_id=product.id, instore=True))
        row = ProductUnit(
            product_id=product.id,
            code=final,
            motif=motif,
            weaver=weaver,
            village=village,
            status=UnitStatus.IN_STOCK,
            reference=reference,
            registered_at=stamp.at,
        )
        session.add(row)
        created.append(row)
    product.version += 1
    product.updated_at = stamp.at
    session.flush()
    journal_products(session, stamp, [product])
    _journal(session, stamp, created)
    return created


def register_units_for(
    session: Session,
    stamp: Stamp,
    *,
    code: str,
    units: Sequence[UnitInput],
    numbering: InstoreNumbering,
) -> list[ProductUnit]:
    """:func:`register_units` for the product with barcode or SKU ``code``."""
    product = resolve_product(session, code)
    return register_units(session, stamp, product=product, units=units, numbering=numbering)


def is_unit_tracked(session: Session, product_id: str) -> bool:
    """Whether the product is tracked by unit (has at least one registered unit)."""
    found = session.exec(
        select(ProductUnit.id).where(ProductUnit.product_id == product_id).limit(1)
    ).first()
    return found is not None


def units_by_product(session: Session, product_ids: Iterable[str]) -> dict[str, list[ProductUnit]]:
    """The units of many products in one query (products without units are left out)."""
    ids = list(set(product_ids))
    found: dict[str, list[ProductUnit]] = {}
    if not ids:
        return found
    query = (
        select(ProductUnit)
        .where(col(ProductUnit.product_id).in_(ids))
        .order_by(col(ProductUnit.code))
    )
    for unit in session.exec(query).all():
        found.setdefault(unit.product_id, []).append(unit)
    return found


def unit_by_code(session: Session, code: str) -> ProductUnit:
    """The unit with ``code``; raises :class:`NotFoundError` naming the code."""
    normalized = barcodes.normalize(code)
    unit = session.exec(select(ProductUnit).where(ProductUnit.code == normalized)).one_or_none()
    if unit is None:
        raise NotFoundError("units.unknown", code=normalized)
    return unit


def units_of(
    session: Session, product_id: str, *, status: UnitStatus | None = None
) -> list[ProductUnit]:
    """The product's units by code, optionally only those with ``status``."""
    query = select(ProductUnit).where(ProductUnit.product_id == product_id)
    if status is not None:
        query = query.where(ProductUnit.status == status)
    return list(session.exec(query.order_by(col(ProductUnit.code))).all())


def mark_sold(session: Session, stamp: Stamp, *, code: str, reference: str) -> ProductUnit:
    """Mark the unit ``code`` sold by the sale ``reference`` (a receipt number)."""
    unit = unit_by_code(session, code)
    if unit.status is UnitStatus.SOLD:
        raise ConflictError("units.already_sold", code=unit.code, reference=unit.sold_reference)
    unit.status = UnitStatus.SOLD
    unit.sold_reference = reference
    unit.sold_at = stamp.at
    session.add(unit)
    session.flush()
    _journal(session, stamp, [unit])
    return unit


def mark_refunded(session: Session, stamp: Stamp, *, code: str) -> ProductUnit:
    """Put the unit ``code`` back in stock after its sale was refunded."""
    unit = unit_by_code(session, code)
    if unit.status is not UnitStatus.SOLD:
        raise ConflictError("units.not_sold", code=unit.code)
    unit.status = UnitStatus.IN_STOCK
    unit.sold_reference = None
    unit.sold_at = None
    session.add(unit)
    session.flush()
    _journal(session, stamp, [unit])
    return unit
