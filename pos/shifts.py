"""Shifts and cash control: opening float, cash in/out, X report, blind count and Z report.

One shift is open at a time at the till. Every sale, refund and cash movement carries the id of
the shift it happened in, and a shift's figures are built from those explicit lists, never from
a time window (DESIGN.md invariant 10). Closing takes a blind count of the drawer by
denomination, compares it with the cash expected and journals the Z report.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from hardware.document import PrintDocument
from inventory import audit
from inventory.catalog import clean_text
from inventory.counters import next_value
from inventory.errors import ConflictError, InvalidInputError, NotFoundError
from inventory.ids import new_id
from inventory.money import format_rupiah
from pos.context import OutletContext
from pos.documents import (
    KIND_CASH_MOVEMENT,
    KIND_SHIFT_CLOSED,
    KIND_SHIFT_OPENED,
    CashMovementDoc,
    CategoryTotal,
    ShiftClosed,
    ShiftOpened,
    ShiftSummary,
    TenderTotal,
)
from pos.models import (
    ApprovalAction,
    CashMovement,
    CashMovementKind,
    Payment,
    Refund,
    RefundLine,
    Sale,
    SaleLine,
    Shift,
    Staff,
    TenderKind,
)
from pos.pricing import ppn_contained
from pos.staff import Approval, record_approval, require_approval
from sync import journal


@dataclass(frozen=True, slots=True)
class Denomination:
    """A note or coin the blind count asks for; ``key`` names it in counts."""

    key: str
    value: int
    coin: bool


DENOMINATIONS: tuple[Denomination, ...] = (
    *(Denomination(f"n{v}", v, False) for v in (100_000, 50_000, 20_000, 10_000, 5_000, 2_000)),
    Denomination("n1000", 1_000, False),
    *(Denomination(f"c{v}", v, True) for v in (1_000, 500, 200, 100)),
)
_BY_KEY = {d.key: d for d in DENOMINATIONS}


@dataclass(frozen=True, slots=True)
class ShiftReport:
    """A shift with its figures: an X report while open, the Z report once closed."""

    shift: Shift
    cashier_name: str
    summary: ShiftSummary

    @property
    def closed(self) -> bool:
        """Whether this is a Z report (the shift is closed)."""
        return self.shift.closed_at is not None


def counted_total(counts: Mapping[str, int]) -> int:
    """The Rupiah in a blind count ``{"n100000": 2, "c500": 3, ...}``; refuses unknown keys."""
    total = 0
    for key, pieces in counts.items():
        denomination = _BY_KEY.get(key)
        if denomination is None:
            raise InvalidInputError(
                "shift.unknown_denomination", key=key, allowed=", ".join(_BY_KEY)
            )
        if isinstance(pieces, bool) or not isinstance(pieces, int) or pieces < 0:
            raise InvalidInputError("shift.bad_count", key=key, pieces=pieces)
        total += denomination.value * pieces
    return total


def current_shift(session: Session) -> Shift | None:
    """The open shift, if any."""
    return session.execute(
        select(Shift).where(col(Shift.closed_at).is_(None)).order_by(col(Shift.number).desc())
    ).scalar_one_or_none()


def open_shift_now(context: OutletContext) -> Shift | None:
    """The open shift of the till, if any (what the login screen checks)."""
    with context.store.read() as session:
        return current_shift(session)


def get_shift(session: Session, ref: str) -> Shift:
    """A shift by id or number, ``current`` (the open one) or ``last`` (the last closed one)."""
    shift: Shift | None
    if ref == "current":
        shift = current_shift(session)
        if shift is None:
            raise NotFoundError("shift.none_open")
        return shift
    if ref == "last":
        shift = session.execute(
            select(Shift)
            .where(col(Shift.closed_at).is_not(None))
            .order_by(col(Shift.number).desc())
            .limit(1)
        ).scalar_one_or_none()
    elif ref.isdigit():
        shift = session.execute(select(Shift).where(Shift.number == int(ref))).scalar_one_or_none()
    else:
        shift = session.get(Shift, ref)
    if shift is None:
        raise NotFoundError("shift.unknown", shift=ref)
    return shift


def _open_shift_checked(session: Session, shift_id: str) -> Shift:
    shift = session.get(Shift, shift_id)
    if shift is None:
        raise NotFoundError("shift.unknown", shift=shift_id)
    if shift.closed_at is not None:
        raise ConflictError("shift.closed", number=shift.number)
    return shift


def open_shift(context: OutletContext, *, cashier: str, opening_float: int) -> Shift:
    """Open a shift for ``cashier`` with ``opening_float`` Rupiah in the drawer (journaled)."""
    if isinstance(opening_float, bool) or not isinstance(opening_float, int) or opening_float < 0:
        raise InvalidInputError("shift.bad_float", amount=opening_float)
    stamp = context.stamp(cashier)
    with context.store.write() as session:
        staff = session.get(Staff, cashier)
        if staff is None or staff.disabled:
            raise NotFoundError("staff.unknown", username=cashier)
        existing = current_shift(session)
        if existing is not None:
            raise ConflictError(
                "shift.already_open", number=existing.number, cashier=existing.cashier
            )
        shift = Shift(
            number=next_value(session, "shift"),
            cashier=cashier,
            opened_at=stamp.at,
            opening_float=opening_float,
        )
        session.add(shift)
        session.flush()
        journal.append(
            session,
            outlet=stamp.outlet,
            kind=KIND_SHIFT_OPENED,
            payload=ShiftOpened(
                id=shift.id,
                number=shift.number,
                outlet=stamp.outlet,
                cashier=cashier,
                opened_at=stamp.at,
                opening_float=opening_float,
            ),
            at=stamp.at,
        )
    return shift


def move_cash(
    context: OutletContext,
    *,
    shift_id: str,
    kind: CashMovementKind | str,
    amount: int,
    reason: str,
    actor: str,
) -> CashMovement:
    """Put cash into (``in``) or take it out of (``out``) the drawer, with a reason (journaled).

    Taking out more than the drawer should hold is refused.
    """
    kind = CashMovementKind(kind)
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise InvalidInputError("shift.bad_amount", amount=amount)
    reason = clean_text(reason, field_name="reason", max_length=200)
    stamp = context.stamp(actor)
    with context.store.write() as session:
        shift = _open_shift_checked(session, shift_id)
        if kind is CashMovementKind.CASH_OUT:
            available = summarize(session, shift).cash_expected
            if amount > available:
                raise InvalidInputError(
                    "shift.not_enough_cash",
                    amount=format_rupiah(amount),
                    available=format_rupiah(available),
                )
        movement = CashMovement(
            id=new_id(),
            shift_id=shift.id,
            kind=kind,
            amount=amount,
            reason=reason,
            actor=actor,
            at=stamp.at,
        )
        session.add(movement)
        journal.append(
            session,
            outlet=stamp.outlet,
            kind=KIND_CASH_MOVEMENT,
            payload=CashMovementDoc(
                id=movement.id,
                shift_id=shift.id,
                kind=kind,
                amount=amount,
                reason=reason,
                actor=actor,
                at=stamp.at,
            ),
            at=stamp.at,
        )
    return movement


def open_drawer(
    context: OutletContext, *, shift_id: str, actor: str, approval: Approval | None
) -> PrintDocument:
    """Open the cash drawer without a sale: needs an approval, which is stored and audited.

    Returns the print job that kicks the drawer (nothing printed, no cut).
    """
    approval = require_approval(approval, ApprovalAction.OPEN_DRAWER)
    stamp = context.stamp(actor)
    with context.store.write() as session:
        shift = _open_shift_checked(session, shift_id)
        record_approval(session, approval, subject=shift.id)
        audit.record(
            session,
            stamp,
            action="drawer.open",
            subject=shift.id,
            after={"approval": approval.id, "approver": approval.approver},
        )
    return PrintDocument(title="drawer", ops=(), open_drawer=True, cut=False)


def summarize(session: Session, shift: Shift) -> ShiftSummary:
    """The figures of ``shift`` from its sales, refunds and cash movements."""
    sales = (
        session.execute(
            select(Sale).where(Sale.shift_id == shift.id).order_by(col(Sale.completed_at))
        )
        .scalars()
        .all()
    )
    refunds = session.execute(
        select(Refund, Sale.ppn_mode)
        .join(Sale, col(Sale.id) == col(Refund.sale_id))
        .where(Refund.shift_id == shift.id)
        .order_by(col(Refund.at))
    ).all()
    moves = (
        session.execute(
            select(CashMovement)
            .where(CashMovement.shift_id == shift.id)
            .order_by(col(CashMovement.at))
        )
        .scalars()
        .all()
    )
    sale_ids = [s.id for s in sales]

    tender_sales: dict[TenderKind, int] = defaultdict(int)
    for tender, amount in session.execute(
        select(Payment.tender, func.sum(Payment.amount))
        .join(Sale, col(Sale.id) == col(Payment.sale_id))
        .where(Sale.shift_id == shift.id)
        .group_by(col(Payment.tender))
    ).all():
        tender_sales[TenderKind(tender)] = int(amount)
    tender_refunds: dict[TenderKind, int] = defaultdict(int)
    for refund, _ in refunds:
        tender_refunds[refund.tender] += refund.total

    category_sales: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for category, lines, amount in session.execute(
        select(SaleLine.category, func.count(), func.sum(SaleLine.total))
        .join(Sale, col(Sale.id) == col(SaleLine.sale_id))
        .where(Sale.shift_id == shift.id)
        .group_by(col(SaleLine.category))
    ).all():
        entry = category_sales[category or "-"]
        entry[0] += int(lines)
        entry[1] += int(amount)
    for category, amount in session.execute(
        select(SaleLine.category, func.sum(RefundLine.amount))
        .join(SaleLine, col(SaleLine.id) == col(RefundLine.sale_line_id))
        .join(Refund, col(Refund.id) == col(RefundLine.refund_id))
        .where(Refund.shift_id == shift.id)
        .group_by(col(SaleLine.category))
    ).all():
        category_sales[category or "-"][2] += int(amount)

    gross = sum(s.gross for s in sales)
    discounts = sum(s.line_discounts + s.sale_discount for s in sales)
    rounding = sum(s.rounding for s in sales)
    refunded = sum(r.total for r, _ in refunds)
    ppn = sum(s.ppn for s in sales) - sum(ppn_contained(r.goods_amount, m) for r, m in refunds)
    cash_in = sum(m.amount for m in moves if m.kind is CashMovementKind.CASH_IN)
    cash_out = sum(m.amount for m in moves if m.kind is CashMovementKind.CASH_OUT)
    cash_expected = (
        shift.opening_float
        + tender_sales[TenderKind.CASH]
        - tender_refunds[TenderKind.CASH]
        + cash_in
        - cash_out
    )
    counts = json.loads(shift.counts) if shift.counts else {}
    return ShiftSummary(
        sale_ids=sale_ids,
        refund_ids=[r.id for r, _ in refunds],
        cash_movement_ids=[m.id for m in moves],
        sales_count=len(sales),
        refunds_count=len(refunds),
        gross=gross,
        discounts=discounts,
        refunds=refunded,
        rounding=rounding,
        net=gross - discounts + rounding - refunded,
        ppn=max(0, ppn),
        per_tender=[
            TenderTotal(
                tender=kind,
                sales=tender_sales[kind],
                refunds=tender_refunds[kind],
                net=tender_sales[kind] - tender_refunds[kind],
            )
            for kind in TenderKind
            if tender_sales[kind] or tender_refunds[kind]
        ],
        per_category=[
            CategoryTotal(category=name, lines=lines, sales=amount, refunds=back, net=amount - back)
            for name, (lines, amount, back) in sorted(category_sales.items())
        ],
        opening_float=shift.opening_float,
        cash_in=cash_in,
        cash_out=cash_out,
        cash_expected=cash_expected,
        cash_counted=shift.cash_counted,
        variance=None if shift.cash_counted is None else shift.cash_counted - cash_expected,
        counts=counts,
    )


def _report(session: Session, shift: Shift) -> ShiftReport:
    staff = session.get(Staff, shift.cashier)
    return ShiftReport(
        shift=shift,
        cashier_name=staff.name if staff else shift.cashier,
        summary=summarize(session, shift),
    )


def shift_report(context: OutletContext, ref: str = "current") -> ShiftReport:
    """The X report of the open shift (``current``) or the report of any shift (id, number,
    ``last``); it changes nothing."""
    with context.store.read() as session:
        return _report(session, get_shift(session, ref))


def close_shift(
    context: OutletContext, *, shift_id: str, counts: Mapping[str, int], closed_by: str
) -> ShiftReport:
    """Close the shift with a blind count of the drawer and return its Z report (journaled).

    ``counts`` gives pieces per denomination key (see :data:`DENOMINATIONS`); denominations not
    named count as zero. Expected cash, counted cash and the variance are stored and journaled.
    """
    counted = counted_total(counts)
    stamp = context.stamp(closed_by)
    with context.store.write() as session:
        shift = _open_shift_checked(session, shift_id)
        expected = summarize(session, shift).cash_expected
        shift.closed_at = stamp.at
        shift.closed_by = closed_by
        shift.cash_expected = expected
        shift.cash_counted = counted
        shift.counts = json.dumps(
            {key: counts[key] for key in _BY_KEY if counts.get(key)}, sort_keys=True
        )
        session.flush()
        report = _report(session, shift)
        journal.append(
            session,
            outlet=stamp.outlet,
            kind=KIND_SHIFT_CLOSED,
            payload=ShiftClosed(
                id=shift.id,
                number=shift.number,
                outlet=stamp.outlet,
                cashier=shift.cashier,
                closed_by=closed_by,
                opened_at=shift.opened_at,
                closed_at=stamp.at,
                summary=report.summary,
            ),
            at=stamp.at,
        )
    return report
