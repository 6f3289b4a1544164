"""Helpers shared by the manager's services: document numbers, product lookup, stock value, days.

Document numbers read ``<OUTLET>-<KIND>-<YYYYMMDD>-<NNNN>`` (``BLU-RCV-20261122-0003``): the
date is the WITA calendar day, ``NNNN`` counts per outlet, kind and day, and a number is never
reused because the counter only goes up inside the write transaction that uses it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from sqlalchemy import ColumnClause, Integer, func, literal_column
from sqlmodel import Session, col, select

from inventory import barcodes
from inventory.clock import WITA, to_wita
from inventory.counters import next_value
from inventory.errors import InvalidInputError, NotFoundError
from inventory.models import Barcode, OutletInfo, Product, StockMovement
from inventory.quantity import Unit, line_amount
from inventory.stamp import Stamp

# SQLite's implicit row number of the stock ledger (see :func:`movement_watermark`).
ROWID: ColumnClause[int] = literal_column("stock_movement.rowid", Integer)

# What stock is valued at: the product's cost, or its selling price when it has no cost.
Basis = Literal["cost", "price"]

# Document kinds in numbers.
RECEIVING = "RCV"
PRODUCER_RETURN = "RTP"
SETTLEMENT = "STL"
COUNT = "OPN"
ADJUSTMENT = "ADJ"
TRANSFER = "TRF"


@dataclass(frozen=True, slots=True)
class InstoreNumbering:
    """How this outlet numbers in-store EAN-13 codes (from ``[barcodes]`` and ``[outlet]``)."""

    prefix: str = "20"
    outlet_number: int = 1


def document_number(session: Session, stamp: Stamp, kind: str) -> str:
    """The next number of a ``kind`` document at ``stamp``'s outlet on its WITA day."""
    day = to_wita(stamp.at).strftime("%Y%m%d")
    sequence = next_value(session, f"doc.{kind}.{day}")
    return f"{stamp.outlet}-{kind}-{day}-{sequence:04d}"


def resolve_product(session: Session, code: str) -> Product:
    """The product a manager scanned (barcode) or typed (SKU).

    A valid barcode wins over an equal SKU; a code with a wrong check digit is reported as such
    unless it is a SKU. Raises :class:`NotFoundError` naming the code when nothing matches.
    """
    text = code.strip()
    if not text:
        raise InvalidInputError("manager.code_required")
    by_sku = session.exec(select(Product).where(Product.sku == text)).one_or_none()
    if text.isascii() and text.isdigit() and len(text) in (8, 12, 13):
        try:
            normalized = barcodes.normalize(text)
        except InvalidInputError:
            if by_sku is not None:
                return by_sku
            raise
        product = session.exec(
            select(Product)
            .join(Barcode, col(Barcode.product_id) == col(Product.id))
            .where(Barcode.code == normalized)
        ).one_or_none()
        if product is not None:
            return product
        if by_sku is not None:
            return by_sku
        raise NotFoundError("catalog.unknown_barcode", code=normalized)
    if by_sku is not None:
        return by_sku
    raise NotFoundError("manager.unknown_code", code=text)


def barcodes_by_product(session: Session, product_ids: Iterable[str]) -> dict[str, list[str]]:
    """The barcodes of many products in one query, each list in-store codes last."""
    ids = list(set(product_ids))
    found: dict[str, list[str]] = {pid: [] for pid in ids}
    if not ids:
        return found
    rows = session.execute(
        select(Barcode.product_id, Barcode.code)
        .where(col(Barcode.product_id).in_(ids))
        .order_by(col(Barcode.instore), col(Barcode.code))
    ).all()
    for product_id, code in rows:
        found[product_id].append(code)
    return found


def product_by_id(session: Session, product_id: str) -> Product:
    """The product with the UUID ``product_id`` (``Product``'s primary key is its local
    ``num``, so ``session.get`` does not find it by id)."""
    return session.exec(select(Product).where(Product.id == product_id)).one()


def check_quantity(quantity: object, *, where: str, allow_zero: bool = False) -> int:
    """``quantity`` as a positive integer (or zero when allowed), else a clear error."""
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise InvalidInputError("manager.quantity_not_integer", where=where, quantity=quantity)
    if quantity < 0:
        raise InvalidInputError("manager.quantity_negative", where=where, quantity=quantity)
    if quantity == 0 and not allow_zero:
        raise InvalidInputError("manager.quantity_zero", where=where)
    return quantity


def valuation_price(product: Product) -> tuple[int, Basis]:
    """The unit value stock is valued at: the cost, or the selling price when there is none."""
    if product.cost is not None:
        return product.cost, "cost"
    return product.price, "price"


def stock_value(product: Product, quantity: int) -> tuple[int, Basis]:
    """Value in Rupiah of ``quantity`` base units (signed) and whether at ``cost`` or ``price``."""
    return value_at(cost=product.cost, price=product.price, unit=product.unit, quantity=quantity)


def value_at(*, cost: int | None, price: int, unit: Unit, quantity: int) -> tuple[int, Basis]:
    """:func:`stock_value` from plain values."""
    if cost is not None:
        return line_amount(cost, quantity, unit), "cost"
    return line_amount(price, quantity, unit), "price"


def day_start(day: date, cutoff: time = time(0, 0)) -> datetime:
    """The UTC instant the business ``day`` begins, for a day starting at ``cutoff`` WITA."""
    return datetime.combine(day, cutoff, tzinfo=WITA).astimezone(UTC)


def period_bounds(start: date, end: date, cutoff: time = time(0, 0)) -> tuple[datetime, datetime]:
    """UTC ``[from, to)`` of the business days ``start`` to ``end`` inclusive."""
    if end < start:
        raise InvalidInputError(
            "manager.period_reversed", start=start.isoformat(), end=end.isoformat()
        )
    return day_start(start, cutoff), day_start(end + timedelta(days=1), cutoff)


def movement_watermark(session: Session) -> int:
    """The highest row number of the stock ledger: movements recorded later have higher ones."""
    # stock_movement is a rowid table that is only ever appended to, so rowids only grow.
    query = select(func.coalesce(func.max(ROWID), 0)).select_from(StockMovement)
    return int(session.execute(query).scalar_one())


def outlet_name(session: Session, code: str) -> str:
    """The outlet's name as stored in its database (its code when unknown)."""
    info = session.get(OutletInfo, code)
    return code if info is None else info.name


def today_wita(moment: datetime) -> date:
    """The WITA calendar day of ``moment``."""
    return to_wita(moment).date()
