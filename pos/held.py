"""Sales on hold: park a cart, serve the next customer, recall it later (even after a restart).

A held cart is stored as JSON in its own row; recalling it takes it out in the same transaction,
so two tills (or two screens) can never recall the same sale twice. Holding is local to the
outlet and not journaled: only a sale that is paid (or cancelled) reaches the centre.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from inventory.errors import InvalidInputError, NotFoundError
from pos.cart import Cart
from pos.context import OutletContext
from pos.models import HeldCart


@dataclass(frozen=True, slots=True)
class HeldSale:
    """A held cart as listed for recall."""

    id: str
    cashier: str
    held_at: datetime
    label: str
    total: int
    lines: int


def _label(cart: Cart) -> str:
    first = cart.lines[0].name
    more = len(cart.lines) - 1
    label = first if not more else f"{first} +{more}"
    return label[:120]


def hold(context: OutletContext, cart: Cart) -> HeldSale:
    """Put ``cart`` on hold; the caller starts a fresh cart. An empty cart cannot be held."""
    if cart.is_empty:
        raise InvalidInputError("cart.empty")
    total = cart.totals(context.settings.sale.ppn).goods_total
    row = HeldCart(
        id=cart.id,
        cashier=cart.cashier,
        shift_id=cart.shift_id,
        held_at=context.clock.now(),
        label=_label(cart),
        total=total,
        cart=cart.to_json(),
    )
    with context.store.write() as session:
        existing = session.get(HeldCart, cart.id)
        if existing is not None:
            session.delete(existing)
            session.flush()
        session.add(row)
    return HeldSale(row.id, row.cashier, row.held_at, row.label, row.total, len(cart.lines))


def held_sales(context: OutletContext) -> list[HeldSale]:
    """Every held cart, oldest first."""
    with context.store.read() as session:
        rows = session.execute(select(HeldCart).order_by(col(HeldCart.held_at))).scalars()
        found = []
        for r in rows:
            lines = len(Cart.from_json(r.cart).lines)
            found.append(HeldSale(r.id, r.cashier, r.held_at, r.label, r.total, lines))
        return found


def recall(context: OutletContext, held_id: str, *, shift_id: str | None = None) -> Cart:
    """Take the held cart ``held_id`` back (removing it from the list) and return it.

    ``shift_id`` moves it into the current shift (a sale held before a shift change is paid in
    the shift that takes the money).
    """
    with context.store.write() as session:
        row = session.get(HeldCart, held_id)
        if row is None:
            raise NotFoundError("cart.no_held", id=held_id)
        cart = Cart.from_json(row.cart)
        session.delete(row)
    if shift_id is not None:
        cart.shift_id = shift_id
    return cart
