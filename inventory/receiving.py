"""Receiving goods (barang masuk): bought outright or on consignment (titip jual).

One call writes the receiving document, its lines, the stock movements (``receive`` for bought
goods, ``consign_in`` for consignment) and one ``stock.receiving`` journal entry in the caller's
write transaction. A product without any barcode gets an in-store EAN-13 on the spot, so its
labels can be printed straight away. The result is plain data: the receiving slip for the
receipt printer is built from it by the application (``pos.manager_docs``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlmodel import Session, col, select

from inventory.catalog import assign_instore_barcode as assign_barcode
from inventory.catalog import clean_text
from inventory.documents import KIND_RECEIVING, ReceivingDoc, ReceivingLineDoc
from inventory.errors import InvalidInputError, NotFoundError
from inventory.manager_common import (
    RECEIVING,
    InstoreNumbering,
    barcodes_by_product,
    check_quantity,
    document_number,
    resolve_product,
    today_wita,
)
from inventory.manager_models import Receiving, ReceivingLine, ReceivingMode
from inventory.models import MovementKind, Producer, Product
from inventory.quantity import Unit, line_amount
from inventory.stamp import Stamp
from inventory.stock import MovementRequest, record_movements
from inventory.units import UnitInput, register_units, units_by_product
from sync import journal


@dataclass(frozen=True, slots=True)
class ReceivingLineInput:
    """A line as entered: barcode or SKU, quantity in the base unit, and optional details.

    ``unit_price`` is the unit cost of bought goods (required) or the agreed consignment price
    (optional), quoted like selling prices: per piece, per kg or per litre. ``units`` describes
    each cloth of a product tracked by unit (one entry per piece received).
    """

    code: str
    quantity: int
    unit_price: int | None = None
    expiry_date: date | None = None
    batch: str | None = None
    units: Sequence[UnitInput] = ()


@dataclass(frozen=True, slots=True)
class ReceivedLine:
    """A line of a receiving document as printed on the slip."""

    line_no: int
    product_id: str
    sku: str
    name: str
    unit: Unit
    quantity: int
    unit_price: int | None
    amount: int | None
    expiry_date: date | None
    batch: str | None
    barcode: str | None
    unit_codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReceivingResult:
    """A receiving document: what the slip prints and what the manager screen shows."""

    id: str
    number: str
    mode: ReceivingMode
    producer_id: str | None
    producer_name: str | None
    actor: str
    received_at: datetime
    note: str | None
    lines: tuple[ReceivedLine, ...]
    total: int
    """Sum of the priced lines (cost of bought goods, agreed value of consigned goods)."""
    new_barcodes: dict[str, str] = field(default_factory=dict)
    """In-store barcodes made during this receiving, by SKU: print labels for these."""


def _check_line(
    session: Session, position: int, line: ReceivingLineInput, mode: ReceivingMode
) -> Product:
    where = str(position)
    product = resolve_product(session, line.code)
    check_quantity(line.quantity, where=where)
    if line.unit_price is not None:
        if isinstance(line.unit_price, bool) or not isinstance(line.unit_price, int):
            raise InvalidInputError("receiving.price_not_integer", line=position)
        if line.unit_price < 0:
            raise InvalidInputError("receiving.price_negative", line=position)
    elif mode is ReceivingMode.PURCHASE:
        raise InvalidInputError("receiving.cost_required", line=position, name=product.name)
    if line.batch is not None:
        clean_text(line.batch, field_name="batch", max_length=40, required=False)
    if line.units and len(line.units) != line.quantity:
        raise InvalidInputError(
            "receiving.units_mismatch", line=position, quantity=line.quantity, units=len(line.units)
        )
    return product


def receive(
    session: Session,
    stamp: Stamp,
    *,
    mode: ReceivingMode,
    lines: Sequence[ReceivingLineInput],
    producer_id: str | None = None,
    note: str | None = None,
    numbering: InstoreNumbering | None = None,
) -> ReceivingResult:
    """Receive ``lines`` from a producer and return the receiving document.

    Consignment needs the producer, and every product must be that producer's. Bad input (no
    lines, an unknown code, a quantity that is not a positive whole number, a missing cost, an
    expiry date already past) raises before anything is written.
    """
    numbering = numbering or InstoreNumbering()
    if not lines:
        raise InvalidInputError("receiving.no_lines")
    producer = None
    if producer_id is not None:
        producer = session.get(Producer, producer_id)
        if producer is None:
            raise NotFoundError("receiving.unknown_producer", producer=producer_id)
    elif mode is ReceivingMode.CONSIGNMENT:
        raise InvalidInputError("receiving.producer_required")
    today = today_wita(stamp.at)
    products: list[Product] = []
    for position, line in enumerate(lines, start=1):
        product = _check_line(session, position, line, mode)
        if line.expiry_date is not None and line.expiry_date < today:
            raise InvalidInputError(
                "receiving.already_expired", line=position, expiry=line.expiry_date.isoformat()
            )
        if (
            mode is ReceivingMode.CONSIGNMENT
            and producer is not None
            and product.producer_id != producer.id
        ):
            owner = session.get(Producer, product.producer_id) if product.producer_id else None
            raise InvalidInputError(
                "receiving.wrong_producer",
                line=position,
                name=product.name,
                owner=owner.name if owner else "-",
                producer=producer.name,
            )
        products.append(product)
    tracked = units_by_product(session, (p.id for p in products))
    for position, (product, line) in enumerate(zip(products, lines, strict=True), start=1):
        if not line.units and product.id in tracked:
            raise InvalidInputError("receiving.units_required", line=position, name=product.name)
    cleaned_note = (
        clean_text(note, field_name="note", max_length=500, required=False) if note else None
    )

    number = document_number(session, stamp, RECEIVING)
    new_barcodes: dict[str, str] = {}
    existing = barcodes_by_product(session, (p.id for p in products))
    for product in products:
        if product.sku not in new_barcodes and not existing[product.id]:
            new_barcodes[product.sku] = assign_barcode(
                session,
                stamp,
                sku=product.sku,
                prefix=numbering.prefix,
                outlet_number=numbering.outlet_number,
            )
    for product, line in zip(products, lines, strict=True):
        if line.units:
            register_units(
                session,
                stamp,
                product=product,
                units=line.units,
                numbering=numbering,
                reference=number,
            )
    kind = MovementKind.RECEIVE if mode is ReceivingMode.PURCHASE else MovementKind.CONSIGN_IN
    movements = record_movements(
        session,
        stamp,
        [
            MovementRequest(p.id, kind, line.quantity, reference=number)
            for p, line in zip(products, lines, strict=True)
        ],
        write_journal=False,
    )
    receiving = Receiving(
        number=number,
        mode=mode,
        producer_id=producer.id if producer else None,
        note=cleaned_note,
        actor=stamp.actor,
        received_at=stamp.at,
    )
    session.add(receiving)
    session.flush()
    line_docs = []
    for position, (line, movement) in enumerate(zip(lines, movements, strict=True), start=1):
        batch = line.batch.strip() or None if line.batch else None
        session.add(
            ReceivingLine(
                receiving_id=receiving.id,
                line_no=position,
                product_id=movement.product_id,
                quantity=line.quantity,
                unit_price=line.unit_price,
                expiry_date=line.expiry_date,
                batch=batch,
                movement_id=movement.id,
            )
        )
        line_docs.append(
            ReceivingLineDoc(
                product_id=movement.product_id,
                quantity=line.quantity,
                unit_price=line.unit_price,
                expiry_date=line.expiry_date,
                batch=batch,
                movement_id=movement.id,
            )
        )
    session.flush()
    journal.append(
        session,
        outlet=stamp.outlet,
        kind=KIND_RECEIVING,
        payload=ReceivingDoc(
            id=receiving.id,
            number=number,
            mode=mode,
            producer_id=receiving.producer_id,
            note=cleaned_note,
            actor=stamp.actor,
            received_at=stamp.at,
            lines=line_docs,
            movements=movements,
        ),
        at=stamp.at,
    )
    return replace(receiving_document(session, number), new_barcodes=new_barcodes)


def receiving_document(session: Session, number: str) -> ReceivingResult:
    """The receiving document ``number`` as stored (to show or reprint its slip)."""
    receiving = session.exec(select(Receiving).where(Receiving.number == number)).one_or_none()
    if receiving is None:
        raise NotFoundError("receiving.unknown", number=number)
    producer = session.get(Producer, receiving.producer_id) if receiving.producer_id else None
    rows = session.exec(
        select(ReceivingLine, Product)
        .join(Product, col(Product.id) == col(ReceivingLine.product_id))
        .where(ReceivingLine.receiving_id == receiving.id)
        .order_by(col(ReceivingLine.line_no))
    ).all()
    lines = []
    ids = [product.id for _, product in rows]
    codes_of = barcodes_by_product(session, ids)
    units_of_product = units_by_product(session, ids)
    for line, product in rows:
        units = units_of_product.get(product.id, [])
        every_unit_code = {u.code for u in units}
        product_codes = [c for c in codes_of[product.id] if c not in every_unit_code]
        lines.append(
            ReceivedLine(
                line_no=line.line_no,
                product_id=product.id,
                sku=product.sku,
                name=product.name,
                unit=product.unit,
                quantity=line.quantity,
                unit_price=line.unit_price,
                amount=None
                if line.unit_price is None
                else line_amount(line.unit_price, line.quantity, product.unit),
                expiry_date=line.expiry_date,
                batch=line.batch,
                barcode=product_codes[0] if product_codes else None,
                unit_codes=tuple(u.code for u in units if u.reference == receiving.number),
            )
        )
    return ReceivingResult(
        id=receiving.id,
        number=receiving.number,
        mode=receiving.mode,
        producer_id=receiving.producer_id,
        producer_name=producer.name if producer else None,
        actor=receiving.actor,
        received_at=receiving.received_at,
        note=receiving.note,
        lines=tuple(lines),
        total=sum(line.amount or 0 for line in lines),
    )


def list_receivings(session: Session, *, limit: int = 50) -> list[Receiving]:
    """The latest receiving documents, newest first."""
    query = select(Receiving).order_by(
        col(Receiving.received_at).desc(), col(Receiving.number).desc()
    )
    return list(session.exec(query.limit(limit)).all())
