"""Who is at the till: the logged-in cashier, the open shift and the sale being rung up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Types only: the login screen must not wait for the sale's modules to load.
    from pos.cart import Cart
    from pos.models import Shift
    from pos.staff import StaffMember


@dataclass
class Till:
    """The till's session state; screens read it, services change the database."""

    cashier: StaffMember | None = None
    shift: Shift | None = None
    cart: Cart | None = None

    def log_out(self) -> None:
        """Forget the cashier and their cart (the shift stays open for the next login)."""
        self.cashier = None
        self.cart = None
