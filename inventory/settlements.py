"""Consignment settlements: what a producer is owed for a period, and the payout closing it.

A settlement takes every sale and refund movement of the producer's consignment products in a
period that no settlement took before (``settled_movement`` holds each movement at most once),
adds up quantity and gross sales per product, takes the outlet's commission on the total
(``Producer.commission_bp``, half up to a whole Rupiah) and leaves the rest payable, so
``gross == commission + payable`` to the Rupiah. A refund made after its sale was settled falls
in a later period, where it counts negative. A payout (date, method, reference) closes it.

Sale amounts come from the movements' ``amount`` (the line's net amount, written by the
checkout); a movement without one is valued at the current catalog price and counted in the
line's ``estimated`` so the statement can say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import exists, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from inventory.catalog import clean_text
from inventory.consignment import ConsignmentStockRow, producer, producer_stock
from inventory.documents import (
    KIND_PAYOUT,
    KIND_SETTLEMENT,
    PayoutDoc,
    SettlementDoc,
    SettlementLineDoc,
)
from inventory.errors import ConflictError, InvalidInputError, NotFoundError
from inventory.manager_common import (
    ROWID,
    SETTLEMENT,
    document_number,
    outlet_name,
    period_bounds,
    today_wita,
)
from inventory.manager_models import (
    ConsignmentSettlement,
    ConsignmentSettlementLine,
    PayoutMethod,
    SettledMovement,
    SettlementStatus,
)
from inventory.models import MovementKind, OutletInfo, Producer, Product, StockMovement
from inventory.money import percent_of
from inventory.quantity import Unit, line_amount
from inventory.stamp import Stamp
from sync import journal

_M = StockMovement.__table__.c  # type: ignore[attr-defined]
_P = Product.__table__.c  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class SettlementLine:
    """One product of a settlement."""

    product_id: str
    sku: str
    name: str
    unit: Unit
    quantity: int
    gross: int
    estimated: int = 0
    """How many of its movements had no amount and were valued at the catalog price."""


@dataclass(frozen=True, slots=True)
class Payout:
    """How a settlement was paid."""

    paid_on: date
    method: PayoutMethod
    reference: str | None
    paid_by: str
    paid_at: datetime


@dataclass(frozen=True, slots=True)
class Settlement:
    """A settlement (or its preview, with ``number`` None): everything its statement shows."""

    number: str | None
    status: SettlementStatus | None
    outlet_code: str
    outlet_name: str
    producer: Producer
    period_start: date
    period_end: date
    starts_at: datetime
    ends_at: datetime
    commission_bp: int
    lines: tuple[SettlementLine, ...]
    movement_ids: tuple[str, ...]
    stock: tuple[ConsignmentStockRow, ...]
    settled_at: datetime | None = None
    actor: str | None = None
    payout: Payout | None = None

    @property
    def quantity(self) -> int:
        """Net quantity sold."""
        return sum(line.quantity for line in self.lines)

    @property
    def gross(self) -> int:
        """Gross sales (net of refunds)."""
        return sum(line.gross for line in self.lines)

    @property
    def commission(self) -> int:
        """The outlet's commission on the gross, half up to a whole Rupiah."""
        return percent_of(self.gross, self.commission_bp)

    @property
    def payable(self) -> int:
        """What the producer receives: gross minus commission."""
        return self.gross - self.commission

    @property
    def estimated(self) -> int:
        """Movements valued at the catalog price for want of an amount."""
        return sum(line.estimated for line in self.lines)


def _unsettled_movements(
    session: Session, producer_id: str, starts_at: datetime, ends_at: datetime
) -> list[tuple[str, str, str, int, int | None, int, str]]:
    first_in = (
        sa_select(_M.product_id.label("product_id"), func.min(_M.occurred_at).label("first_in"))
        .where(_M.kind == MovementKind.CONSIGN_IN.value)
        .group_by(_M.product_id)
        .subquery()
    )
    settled = exists().where(
        SettledMovement.__table__.c.movement_id == _M.id  # type: ignore[attr-defined]
    )
    query = (
        sa_select(_M.id, _M.product_id, _M.kind, _M.quantity, _M.amount, _P.price, _P.unit)
        .join(Product.__table__, _P.id == _M.product_id)  # type: ignore[attr-defined]
        .join(first_in, first_in.c.product_id == _M.product_id)
        .where(
            _P.producer_id == producer_id,
            _M.kind.in_([MovementKind.SALE.value, MovementKind.REFUND.value]),
            _M.occurred_at >= starts_at,
            _M.occurred_at < ends_at,
            _M.occurred_at >= first_in.c.first_in,
            ~settled,
        )
        .order_by(_M.occurred_at, ROWID)
    )
    return [tuple(row) for row in session.execute(query).all()]


def _signed_gross(kind: str, quantity: int, amount: int | None, price: int, unit: str) -> int:
    magnitude = abs(amount) if amount is not None else line_amount(price, abs(quantity), Unit(unit))
    return magnitude if kind == MovementKind.SALE.value else -magnitude


def _lines_of(
    session: Session, movements: Sequence[tuple[str, str, str, int, int | None, int, str]]
) -> tuple[SettlementLine, ...]:
    totals: dict[str, list[int]] = {}
    for _id, product_id, kind, quantity, amount, price, unit in movements:
        entry = totals.setdefault(product_id, [0, 0, 0])
        entry[0] -= quantity
        entry[1] += _signed_gross(kind, quantity, amount, price, unit)
        entry[2] += amount is None
    products = {
        p.id: p for p in session.exec(select(Product).where(col(Product.id).in_(list(totals))))
    }
    lines = [
        SettlementLine(
            product_id=pid,
            sku=products[pid].sku,
            name=products[pid].name,
            unit=products[pid].unit,
            quantity=qty,
            gross=gross,
            estimated=estimated,
        )
        for pid, (qty, gross, estimated) in totals.items()
    ]
    return tuple(sorted(lines, key=lambda line: (line.name.casefold(), line.sku)))


def _outlet(session: Session) -> OutletInfo:
    info = session.exec(select(OutletInfo)).first()
    assert info is not None, "an opened outlet database always has its outlet row"
    return info


def preview_settlement(
    session: Session,
    *,
    producer_id: str,
    start: date,
    end: date,
    cutoff: time = time(0, 0),
) -> Settlement:
    """What settling business days ``start`` to ``end`` (inclusive) would pay; writes nothing."""
    owner = producer(session, producer_id)
    starts_at, ends_at = period_bounds(start, end, cutoff)
    movements = _unsettled_movements(session, owner.id, starts_at, ends_at)
    outlet = _outlet(session)
    return Settlement(
        number=None,
        status=None,
        outlet_code=outlet.code,
        outlet_name=outlet.name,
        producer=owner,
        period_start=start,
        period_end=end,
        starts_at=starts_at,
        ends_at=ends_at,
        commission_bp=owner.commission_bp,
        lines=_lines_of(session, movements),
        movement_ids=tuple(m[0] for m in movements),
        stock=tuple(producer_stock(session, owner.id, since=starts_at, until=ends_at)),
    )


def settle(
    session: Session,
    stamp: Stamp,
    *,
    producer_id: str,
    start: date,
    end: date,
    cutoff: time = time(0, 0),
) -> Settlement:
    """Settle the producer's consignment sales of ``start``..``end`` and return the statement.

    Refuses a period with nothing left to settle, a period overlapping one already settled for
    the producer, and a period that has not ended yet.
    """
    preview = preview_settlement(
        session, producer_id=producer_id, start=start, end=end, cutoff=cutoff
    )
    owner = preview.producer
    if preview.ends_at > stamp.at:
        raise InvalidInputError("consignment.period_not_over", end=end.isoformat())
    overlapping = session.exec(
        select(ConsignmentSettlement).where(
            ConsignmentSettlement.producer_id == owner.id,
            col(ConsignmentSettlement.period_start) <= end,
            col(ConsignmentSettlement.period_end) >= start,
        )
    ).first()
    if overlapping is not None:
        raise ConflictError(
            "consignment.period_settled",
            producer=owner.name,
            number=overlapping.number,
            start=overlapping.period_start.isoformat(),
            end=overlapping.period_end.isoformat(),
        )
    if not preview.movement_ids:
        raise InvalidInputError(
            "consignment.nothing_to_settle",
            producer=owner.name,
            start=start.isoformat(),
            end=end.isoformat(),
        )
    number = document_number(session, stamp, SETTLEMENT)
    row = ConsignmentSettlement(
        number=number,
        producer_id=owner.id,
        period_start=start,
        period_end=end,
        starts_at=preview.starts_at,
        ends_at=preview.ends_at,
        commission_bp=preview.commission_bp,
        quantity=preview.quantity,
        gross=preview.gross,
        commission=preview.commission,
        payable=preview.payable,
        status=SettlementStatus.SETTLED,
        actor=stamp.actor,
        settled_at=stamp.at,
    )
    session.add(row)
    session.flush()
    session.add_all(
        ConsignmentSettlementLine(
            settlement_id=row.id,
            product_id=line.product_id,
            quantity=line.quantity,
            gross=line.gross,
            estimated=line.estimated,
        )
        for line in preview.lines
    )
    session.execute(
        SettledMovement.__table__.insert(),  # type: ignore[attr-defined]
        [{"movement_id": mid, "settlement_id": row.id} for mid in preview.movement_ids],
    )
    session.flush()
    journal.append(
        session,
        outlet=stamp.outlet,
        kind=KIND_SETTLEMENT,
        payload=SettlementDoc(
            id=row.id,
            number=number,
            producer_id=owner.id,
            period_start=start,
            period_end=end,
            commission_bp=row.commission_bp,
            quantity=row.quantity,
            gross=row.gross,
            commission=row.commission,
            payable=row.payable,
            actor=stamp.actor,
            settled_at=stamp.at,
            lines=[
                SettlementLineDoc(
                    product_id=line.product_id,
                    quantity=line.quantity,
                    gross=line.gross,
                    estimated=line.estimated,
                )
                for line in preview.lines
            ],
            movement_ids=list(preview.movement_ids),
        ),
        at=stamp.at,
    )
    return settlement(session, number)


def _find(session: Session, number: str) -> ConsignmentSettlement:
    row = session.exec(
        select(ConsignmentSettlement).where(ConsignmentSettlement.number == number)
    ).one_or_none()
    if row is None:
        raise NotFoundError("consignment.unknown_settlement", number=number)
    return row


def settlement(session: Session, number: str) -> Settlement:
    """The stored settlement ``number`` with its lines, stock summary and payout."""
    row = _find(session, number)
    owner = producer(session, row.producer_id)
    stored = session.exec(
        select(ConsignmentSettlementLine, Product)
        .join(Product, col(Product.id) == col(ConsignmentSettlementLine.product_id))
        .where(ConsignmentSettlementLine.settlement_id == row.id)
    ).all()
    lines = tuple(
        sorted(
            (
                SettlementLine(
                    product_id=product.id,
                    sku=product.sku,
                    name=product.name,
                    unit=product.unit,
                    quantity=line.quantity,
                    gross=line.gross,
                    estimated=line.estimated,
                )
                for line, product in stored
            ),
            key=lambda line: (line.name.casefold(), line.sku),
        )
    )
    movement_ids = session.exec(
        select(SettledMovement.movement_id).where(SettledMovement.settlement_id == row.id)
    ).all()
    payout = None
    if row.status is SettlementStatus.PAID:
        assert row.paid_on and row.payout_method and row.paid_by and row.paid_at
        payout = Payout(
            paid_on=row.paid_on,
            method=row.payout_method,
            reference=row.payout_reference,
            paid_by=row.paid_by,
            paid_at=row.paid_at,
        )
    outlet = _outlet(session)
    return Settlement(
        number=row.number,
        status=row.status,
        outlet_code=outlet.code,
        outlet_name=outlet_name(session, outlet.code),
        producer=owner,
        period_start=row.period_start,
        period_end=row.period_end,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        commission_bp=row.commission_bp,
        lines=lines,
        movement_ids=tuple(movement_ids),
        stock=tuple(producer_stock(session, owner.id, since=row.starts_at, until=row.ends_at)),
        settled_at=row.settled_at,
        actor=row.actor,
        payout=payout,
    )


def record_payout(
    session: Session,
    stamp: Stamp,
    *,
    number: str,
    paid_on: date,
    method: PayoutMethod,
    reference: str | None = None,
) -> Settlement:
    """Record how settlement ``number`` was paid; this closes it. A bank transfer or QRIS
    payment needs its reference; a date in the future and a second payout are refused."""
    row = _find(session, number)
    if row.status is SettlementStatus.PAID:
        raise ConflictError("consignment.already_paid", number=number, paid_on=str(row.paid_on))
    cleaned = (
        clean_text(reference, field_name="reference", max_length=80, required=False)
        if reference
        else None
    )
    if method in (PayoutMethod.TRANSFER, PayoutMethod.QRIS) and not cleaned:
        raise InvalidInputError("consignment.reference_required", method=method.value)
    if paid_on > today_wita(stamp.at):
        raise InvalidInputError("consignment.paid_in_future", paid_on=paid_on.isoformat())
    row.status = SettlementStatus.PAID
    row.paid_on = paid_on
    row.payout_method = method
    row.payout_reference = cleaned or None
    row.paid_by = stamp.actor
    row.paid_at = stamp.at
    session.add(row)
    session.flush()
    journal.append(
        session,
        outlet=stamp.outlet,
        kind=KIND_PAYOUT,
        payload=PayoutDoc(
            settlement_id=row.id,
            number=row.number,
            amount=row.payable,
            paid_on=paid_on,
            method=method,
            reference=row.payout_reference,
            actor=stamp.actor,
            at=stamp.at,
        ),
        at=stamp.at,
    )
    return settlement(session, number)


def list_settlements(
    session: Session, *, producer_id: str | None = None, unpaid_only: bool = False
) -> list[ConsignmentSettlement]:
    """Settlements, newest period first."""
    query = select(ConsignmentSettlement)
    if producer_id is not None:
        query = query.where(ConsignmentSettlement.producer_id == producer_id)
    if unpaid_only:
        query = query.where(ConsignmentSettlement.status == SettlementStatus.SETTLED)
    order = (col(ConsignmentSettlement.period_end).desc(), col(ConsignmentSettlement.number))
    return list(session.exec(query.order_by(*order)).all())
