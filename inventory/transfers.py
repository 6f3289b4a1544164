"""Transfers between outlets: sent here, received there, differences recorded.

The sending outlet records ``transfer_out`` movements and a ``transfer.sent`` journal entry
carrying a :class:`~inventory.documents.TransferDoc`; until the receiver confirms, the centre
counts the goods as in transit. Sync delivers the same document to the receiving outlet, which
imports it (:func:`import_transfer`, idempotent) and confirms what actually arrived
(:func:`confirm_transfer`): ``transfer_in`` movements for what arrived, the differences kept on
the lines, and a ``transfer.received`` entry. Confirming more than was sent is refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import ValidationError
from sqlmodel import Session, col, select

from inventory.catalog import barcodes_of, clean_text
from inventory.documents import (
    KIND_TRANSFER_IN,
    KIND_TRANSFER_OUT,
    TransferDoc,
    TransferLineDoc,
    TransferReceiptDoc,
    TransferReceiptLineDoc,
)
from inventory.errors import ConflictError, InvalidInputError, NotFoundError
from inventory.ids import new_id
from inventory.manager_common import (
    TRANSFER,
    check_quantity,
    document_number,
    product_by_id,
    resolve_product,
)
from inventory.manager_models import (
    StockTransfer,
    StockTransferLine,
    TransferDirection,
    TransferStatus,
)
from inventory.models import Barcode, MovementKind, Product
from inventory.quantity import Unit
from inventory.stamp import Stamp
from inventory.stock import MovementRequest, on_hand, record_movements
from sync import journal

_OUTLET_CODE = re.compile(r"^[A-Z]{2,6}$")


def send_transfer(
    session: Session,
    stamp: Stamp,
    *,
    to_outlet: str,
    lines: Sequence[tuple[str, int]],
    note: str | None = None,
) -> TransferDoc:
    """Send ``(barcode or SKU, quantity)`` lines to outlet ``to_outlet``; returns the document
    the receiving outlet will import. No more than is on hand can be sent."""
    target = to_outlet.strip().upper()
    if not _OUTLET_CODE.match(target):
        raise InvalidInputError("transfer.bad_outlet", outlet=to_outlet)
    if target == stamp.outlet:
        raise InvalidInputError("transfer.same_outlet", outlet=target)
    if not lines:
        raise InvalidInputError("transfer.no_lines")
    wanted: dict[str, int] = {}
    products: dict[str, Product] = {}
    for position, (code, quantity) in enumerate(lines, start=1):
        product = resolve_product(session, code)
        check_quantity(quantity, where=str(position))
        wanted[product.id] = wanted.get(product.id, 0) + quantity
        products[product.id] = product
    for product_id, quantity in wanted.items():
        available = on_hand(session, product_id)
        if quantity > available:
            raise InvalidInputError(
                "transfer.exceeds_stock",
                name=products[product_id].name,
                quantity=quantity,
                on_hand=available,
            )
    cleaned = clean_text(note, field_name="note", max_length=500, required=False) if note else None
    number = document_number(session, stamp, TRANSFER)
    transfer = StockTransfer(
        id=new_id(),
        number=number,
        direction=TransferDirection.OUT,
        from_outlet=stamp.outlet,
        to_outlet=target,
        status=TransferStatus.SENT,
        note=cleaned or None,
        sent_by=stamp.actor,
        sent_at=stamp.at,
    )
    session.add(transfer)
    session.flush()
    movements = record_movements(
        session,
        stamp,
        [
            MovementRequest(pid, MovementKind.TRANSFER_OUT, -qty, reference=number)
            for pid, qty in wanted.items()
        ],
        write_journal=False,
    )
    line_docs = []
    for line_no, (product_id, quantity) in enumerate(wanted.items(), start=1):
        product = products[product_id]
        session.add(
            StockTransferLine(
                transfer_id=transfer.id, line_no=line_no, product_id=product_id, sent=quantity
            )
        )
        line_docs.append(
            TransferLineDoc(
                product_id=product_id,
                sku=product.sku,
                name=product.name,
                barcodes=barcodes_of(session, product_id),
                quantity=quantity,
            )
        )
    session.flush()
    doc = TransferDoc(
        id=transfer.id,
        number=number,
        from_outlet=stamp.outlet,
        to_outlet=target,
        note=transfer.note,
        actor=stamp.actor,
        sent_at=stamp.at,
        lines=line_docs,
        movements=movements,
    )
    journal.append(session, outlet=stamp.outlet, kind=KIND_TRANSFER_OUT, payload=doc, at=stamp.at)
    return doc


def _local_product(session: Session, line: TransferLineDoc) -> Product:
    """The receiving outlet's product for a transferred line: same id, else SKU, else barcode."""
    product = session.exec(select(Product).where(Product.id == line.product_id)).one_or_none()
    if product is None:
        product = session.exec(select(Product).where(Product.sku == line.sku)).one_or_none()
    if product is None and line.barcodes:
        product = session.exec(
            select(Product)
            .join(Barcode, col(Barcode.product_id) == col(Product.id))
            .where(col(Barcode.code).in_(line.barcodes))
        ).first()
    if product is None:
        raise NotFoundError("transfer.unknown_product", sku=line.sku, name=line.name)
    return product


def import_transfer(
    session: Session, stamp: Stamp, payload: TransferDoc | Mapping[str, object] | str
) -> StockTransfer:
    """Take in a transfer sent to this outlet (as delivered by sync) as pending.

    ``payload`` is the document, its JSON text or its dict. Importing the same transfer again
    returns the stored one; a document for another outlet or naming a product this outlet does
    not know is refused. Nothing moves in stock until :func:`confirm_transfer`.
    """
    try:
        if isinstance(payload, TransferDoc):
            doc = payload
        elif isinstance(payload, str):
            doc = TransferDoc.model_validate_json(payload)
        else:
            doc = TransferDoc.model_validate(payload)
    except ValidationError as invalid:
        problem = invalid.errors()[0]
        where = ".".join(str(part) for part in problem["loc"]) or "-"
        raise InvalidInputError(
            "transfer.bad_document", where=where, detail=problem["msg"]
        ) from None
    if doc.to_outlet != stamp.outlet:
        raise InvalidInputError(
            "transfer.not_for_us", number=doc.number, outlet=doc.to_outlet, here=stamp.outlet
        )
    existing = session.get(StockTransfer, doc.id)
    if existing is not None:
        return existing
    local = [_local_product(session, line) for line in doc.lines]
    transfer = StockTransfer(
        id=doc.id,
        number=doc.number,
        direction=TransferDirection.IN,
        from_outlet=doc.from_outlet,
        to_outlet=doc.to_outlet,
        status=TransferStatus.PENDING,
        note=doc.note,
        sent_by=doc.actor,
        sent_at=doc.sent_at,
    )
    session.add(transfer)
    session.flush()
    session.add_all(
        StockTransferLine(
            transfer_id=transfer.id, line_no=line_no, product_id=product.id, sent=line.quantity
        )
        for line_no, (line, product) in enumerate(zip(doc.lines, local, strict=True), start=1)
    )
    session.flush()
    return transfer


@dataclass(frozen=True, slots=True)
class TransferLineView:
    """A line of a transfer for screens and reports."""

    product_id: str
    sku: str
    name: str
    unit: Unit
    sent: int
    received: int | None

    @property
    def difference(self) -> int | None:
        """What did not arrive (``sent - received``) once confirmed."""
        return None if self.received is None else self.sent - self.received


@dataclass(frozen=True, slots=True)
class TransferView:
    """A transfer with its lines."""

    transfer: StockTransfer
    lines: tuple[TransferLineView, ...]


def _find(session: Session, number: str) -> StockTransfer:
    transfer = session.exec(
        select(StockTransfer).where(StockTransfer.number == number)
    ).one_or_none()
    if transfer is None:
        raise NotFoundError("transfer.unknown", number=number)
    return transfer


def transfer_view(session: Session, number: str) -> TransferView:
    """The transfer ``number`` with its lines."""
    transfer = _find(session, number)
    rows = session.exec(
        select(StockTransferLine, Product)
        .join(Product, col(Product.id) == col(StockTransferLine.product_id))
        .where(StockTransferLine.transfer_id == transfer.id)
        .order_by(col(StockTransferLine.line_no))
    ).all()
    return TransferView(
        transfer=transfer,
        lines=tuple(
            TransferLineView(
                product_id=product.id,
                sku=product.sku,
                name=product.name,
                unit=product.unit,
                sent=line.sent,
                received=line.received,
            )
            for line, product in rows
        ),
    )


def confirm_transfer(
    session: Session,
    stamp: Stamp,
    *,
    number: str,
    received: Mapping[str, int] | None = None,
) -> TransferReceiptDoc:
    """Confirm what arrived of the incoming transfer ``number``.

    ``received`` maps a barcode or SKU to the quantity that arrived; products it leaves out
    arrived not at all. ``None`` means everything arrived as sent. More than was sent, a
    negative quantity, a product not in the transfer or a second confirmation are refused.
    """
    transfer = _find(session, number)
    if transfer.direction is not TransferDirection.IN:
        raise ConflictError("transfer.not_incoming", number=number)
    if transfer.status is not TransferStatus.PENDING:
        raise ConflictError("transfer.already_confirmed", number=number)
    lines = session.exec(
        select(StockTransferLine)
        .where(StockTransferLine.transfer_id == transfer.id)
        .order_by(col(StockTransferLine.line_no))
    ).all()
    by_product = {line.product_id: line for line in lines}
    arrived: dict[str, int] = {}
    if received is None:
        arrived = {line.product_id: line.sent for line in lines}
    else:
        for code, quantity in received.items():
            product = resolve_product(session, code)
            if product.id not in by_product:
                raise InvalidInputError(
                    "transfer.not_in_transfer", name=product.name, number=number
                )
            check_quantity(quantity, where=code, allow_zero=True)
            arrived[product.id] = arrived.get(product.id, 0) + quantity
    for product_id, quantity in arrived.items():
        sent = by_product[product_id].sent
        if quantity > sent:
            raise InvalidInputError(
                "transfer.more_than_sent",
                name=product_by_id(session, product_id).name,
                received=quantity,
                sent=sent,
            )
    movements = record_movements(
        session,
        stamp,
        [
            MovementRequest(pid, MovementKind.TRANSFER_IN, qty, reference=number)
            for pid, qty in arrived.items()
            if qty > 0
        ],
        write_journal=False,
    )
    for line in lines:
        line.received = arrived.get(line.product_id, 0)
        session.add(line)
    transfer.status = TransferStatus.RECEIVED
    transfer.confirmed_by = stamp.actor
    transfer.confirmed_at = stamp.at
    session.add(transfer)
    session.flush()
    doc = TransferReceiptDoc(
        transfer_id=transfer.id,
        number=number,
        from_outlet=transfer.from_outlet,
        to_outlet=transfer.to_outlet,
        actor=stamp.actor,
        confirmed_at=stamp.at,
        lines=[
            TransferReceiptLineDoc(
                product_id=line.product_id,
                sent=line.sent,
                received=line.received or 0,
                difference=line.sent - (line.received or 0),
            )
            for line in lines
        ],
        movements=movements,
    )
    journal.append(session, outlet=stamp.outlet, kind=KIND_TRANSFER_IN, payload=doc, at=stamp.at)
    return doc


def list_transfers(
    session: Session,
    *,
    direction: TransferDirection | None = None,
    status: TransferStatus | None = None,
) -> Sequence[StockTransfer]:
    """Transfers, newest first."""
    query = select(StockTransfer)
    if direction is not None:
        query = query.where(StockTransfer.direction == direction)
    if status is not None:
        query = query.where(StockTransfer.status == status)
    return session.exec(query.order_by(col(StockTransfer.sent_at).desc())).all()
