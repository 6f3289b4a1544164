"""Stock adjustments with a reason: damaged, lost, expired, sample (stock out) or found (in).

Each adjustment is valued at cost (or at the selling price for products without a cost); one
worth more than the configured limit (``[manager] adjustment_approval_above``) needs the name
of the manager who approved it. The adjustment, its ``adjust`` movement and one
``stock.adjustment`` journal entry are written together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from inventory.catalog import clean_text
from inventory.documents import KIND_ADJUSTMENT, AdjustmentDoc
from inventory.errors import InvalidInputError
from inventory.manager_common import (
    ADJUSTMENT,
    Basis,
    document_number,
    resolve_product,
    stock_value,
)
from inventory.manager_models import AdjustmentReason, StockAdjustment
from inventory.models import MovementKind, Product
from inventory.money import format_rupiah
from inventory.stamp import Stamp
from inventory.stock import MovementRequest, on_hand, record_movements
from sync import journal

# Found goods come back into stock; every other reason takes stock out.
ADDS_STOCK = frozenset({AdjustmentReason.FOUND})


@dataclass(frozen=True, slots=True)
class AdjustmentResult:
    """A recorded adjustment."""

    number: str
    sku: str
    name: str
    reason: AdjustmentReason
    quantity: int
    value: int
    valued_at: Basis
    approver: str | None
    on_hand: int


def parse_reason(text: str) -> AdjustmentReason:
    """The reason named by ``text`` (``damaged``, ``lost``, ``expired``, ``sample``, ``found``).

    Raises :class:`InvalidInputError` listing the valid reasons for anything else: a free-text
    reason would bypass the direction and approval rules.
    """
    cleaned = (text or "").strip().casefold()
    try:
        return AdjustmentReason(cleaned)
    except ValueError:
        raise InvalidInputError(
            "adjustment.unknown_reason",
            reason=text,
            valid=", ".join(reason.value for reason in AdjustmentReason),
        ) from None


@dataclass(frozen=True, slots=True)
class AdjustmentCheck:
    """What an adjustment would be worth, checked before anything is written."""

    product: Product
    value: int
    valued_at: Basis
    needs_approval: bool


def check_adjustment(
    session: Session,
    *,
    code: str,
    quantity: int,
    reason: AdjustmentReason,
    approval_above: int,
) -> AdjustmentCheck:
    """Check an adjustment without writing: product, quantity, direction, and whether its value
    is above ``approval_above`` (then it needs a manager's approval)."""
    product = resolve_product(session, code)
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise InvalidInputError("manager.quantity_not_integer", where=code, quantity=quantity)
    if quantity == 0:
        raise InvalidInputError("stock.quantity_zero")
    if (quantity > 0) != (reason in ADDS_STOCK):
        raise InvalidInputError(
            "adjustment.wrong_direction", reason=reason.value, quantity=quantity
        )
    value, basis = stock_value(product, abs(quantity))
    return AdjustmentCheck(product, value, basis, needs_approval=value > approval_above)


def adjust_stock(
    session: Session,
    stamp: Stamp,
    *,
    code: str,
    quantity: int,
    reason: AdjustmentReason,
    approval_above: int,
    approver: str | None = None,
    note: str | None = None,
) -> AdjustmentResult:
    """Adjust the product ``code`` by ``quantity`` (signed: negative takes stock out).

    The sign must agree with the reason (``found`` adds, the others remove). An adjustment
    worth more than ``approval_above`` Rupiah is refused without an ``approver``.
    """
    checked = check_adjustment(
        session, code=code, quantity=quantity, reason=reason, approval_above=approval_above
    )
    product, value, basis = checked.product, checked.value, checked.valued_at
    approved_by = (
        clean_text(approver, field_name="approver", max_length=80, required=False) or None
        if approver
        else None
    )
    if checked.needs_approval and approved_by is None:
        raise InvalidInputError(
            "adjustment.approval_required",
            value=format_rupiah(value),
            limit=format_rupiah(approval_above),
        )
    cleaned = clean_text(note, field_name="note", max_length=200, required=False) if note else None
    number = document_number(session, stamp, ADJUSTMENT)
    (movement,) = record_movements(
        session,
        stamp,
        [
            MovementRequest(
                product.id, MovementKind.ADJUST, quantity, reason=reason.value, reference=number
            )
        ],
        write_journal=False,
    )
    row = StockAdjustment(
        number=number,
        product_id=product.id,
        reason=reason,
        quantity=quantity,
        value=value,
        note=cleaned or None,
        approver=approved_by,
        actor=stamp.actor,
        at=stamp.at,
        movement_id=movement.id,
    )
    session.add(row)
    session.flush()
    journal.append(
        session,
        outlet=stamp.outlet,
        kind=KIND_ADJUSTMENT,
        payload=AdjustmentDoc(
            id=row.id,
            number=number,
            reason=reason,
            note=row.note,
            value=value,
            approver=approved_by,
            movements=[movement],
        ),
        at=stamp.at,
    )
    return AdjustmentResult(
        number=number,
        sku=product.sku,
        name=product.name,
        reason=reason,
        quantity=quantity,
        value=value,
        valued_at=basis,
        approver=approved_by,
        on_hand=on_hand(session, product.id),
    )


def list_adjustments(session: Session, *, limit: int = 100) -> Sequence[StockAdjustment]:
    """The latest adjustments, newest first."""
    query = select(StockAdjustment).order_by(col(StockAdjustment.at).desc()).limit(limit)
    return session.exec(query).all()
