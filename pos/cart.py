"""The cart of the sale being rung up: scans, quantities, discounts, overrides and voids.

A :class:`Cart` lives in memory while the customer is at the counter (and as JSON while it is on
hold); nothing is written to the database until it is paid (:mod:`pos.checkout`). Every change
goes through the functions here, which enforce the till's rules: a discount above the configured
limit, a price override, a voided line and a lowered quantity each need a manager's
:class:`~pos.staff.Approval` (they raise :class:`~pos.staff.ApprovalRequired` without one, so the
UI can ask and retry).

Line indexes are positions in ``cart.lines`` (0-based), as shown on screen.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session, col, select

from inventory import catalog
from inventory.barcodes import VariableMeasureLayout
from inventory.errors import ConflictError, InvalidInputError, NttMartError
from inventory.ids import new_id
from inventory.manager_common import product_by_id
from inventory.manager_models import ProductUnit, UnitStatus
from inventory.models import Category, Product
from inventory.money import div_round_half_up
from inventory.quantity import Unit, line_amount
from pos.documents import ApprovalDoc
from pos.models import ApprovalAction
from pos.pricing import Discount, DiscountKind, ppn_contained, split_proportionally
from pos.staff import Approval, require_approval

MAX_MULTIPLIER = 9_999
MAX_QUANTITY = 10_000_000  # 10 tonnes in grams: beyond this a typo is likelier than a sale
_SCAN = re.compile(r"^\s*(?:(?P<times>\d{1,5})\s*[*xX]\s*)?(?P<code>\S+)\s*$")


class DiscountSpec(BaseModel):
    """A discount as stored in a cart (see :class:`pos.pricing.Discount`)."""

    model_config = ConfigDict(extra="forbid")

    kind: DiscountKind
    value: Annotated[int, Field(gt=0)]

    def discount(self) -> Discount:
        """The pricing object."""
        return Discount(self.kind, self.value)

    def amount_of(self, base: int) -> int:
        """Rupiah off ``base``; a fixed amount larger than ``base`` takes ``base`` at most."""
        if self.kind is DiscountKind.AMOUNT:
            return min(self.value, base)
        return self.discount().amount_of(base)

    def exceeds(self, base: int, limit_percent: int) -> bool:
        """Whether it takes more than ``limit_percent`` off ``base`` (as applied, so a fixed
        amount counts at most ``base``)."""
        if self.kind is DiscountKind.PERCENT:
            return self.value > limit_percent * 100
        return self.amount_of(base) * 100 > limit_percent * base


class CartLine(BaseModel):
    """One product in the cart."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(default_factory=new_id)
    product_id: str
    sku: str
    name: str
    unit: Unit
    category_id: str | None = None
    category: str | None = None
    barcode: str | None = None
    quantity: Annotated[int, Field(gt=0)]
    list_price: int
    unit_price: int
    fixed_amount: int | None = None
    """A scale label's embedded price: the line costs exactly this."""
    unit_code: str | None = None
    """The one-of-a-kind unit (a tenun cloth) this line sells; its quantity is always 1 and
    ``barcode`` is the unit's code, so the sale line names the unit too."""
    discount: DiscountSpec | None = None
    discount_approval: ApprovalDoc | None = None
    price_override_approval: ApprovalDoc | None = None

    @property
    def gross(self) -> int:
        """Price times quantity (half up for weighed goods), or the scale label's price."""
        if self.fixed_amount is not None:
            return self.fixed_amount
        return line_amount(self.unit_price, self.quantity, self.unit)

    @property
    def discount_amount(self) -> int:
        """Rupiah the line discount takes off."""
        return 0 if self.discount is None else self.discount.amount_of(self.gross)

    @property
    def net(self) -> int:
        """``gross`` minus the line discount."""
        return self.gross - self.discount_amount


class VoidedLine(BaseModel):
    """A line removed with a manager's approval; kept so the sale records it."""

    model_config = ConfigDict(extra="forbid")

    product_id: str
    sku: str
    name: str
    quantity: int
    unit_price: int
    amount: int
    approval: ApprovalDoc


@dataclass(frozen=True, slots=True)
class CartTotals:
    """The amounts of a cart before payment (cash rounding comes with the tenders)."""

    gross: int
    line_discounts: int
    subtotal: int
    sale_discount: int
    goods_total: int
    ppn: int
    shares: tuple[int, ...]
    """Each line's part of the sale discount, in line order."""


class Cart(BaseModel):
    """The sale being rung up by ``cashier`` in shift ``shift_id``."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(default_factory=new_id)
    cashier: str
    shift_id: str | None = None
    started_at: datetime
    lines: list[CartLine] = []
    voided: list[VoidedLine] = []
    sale_discount: DiscountSpec | None = None
    sale_discount_approval: ApprovalDoc | None = None

    @property
    def is_empty(self) -> bool:
        """No lines (voided ones do not count)."""
        return not self.lines

    def totals(self, ppn_mode: str = "none") -> CartTotals:
        """Gross, discounts, goods total and the PPN it contains."""
        nets = [line.net for line in self.lines]
        gross = sum(line.gross for line in self.lines)
        subtotal = sum(nets)
        sale_discount = 0 if self.sale_discount is None else self.sale_discount.amount_of(subtotal)
        goods_total = subtotal - sale_discount
        return CartTotals(
            gross=gross,
            line_discounts=gross - subtotal,
            subtotal=subtotal,
            sale_discount=sale_discount,
            goods_total=goods_total,
            ppn=ppn_contained(goods_total, ppn_mode),
            shares=tuple(split_proportionally(sale_discount, nets)),
        )

    def approvals(self) -> list[ApprovalDoc]:
        """Every approval the cart carries (stored with the sale or the cancellation)."""
        found = [line.discount_approval for line in self.lines]
        found += [line.price_override_approval for line in self.lines]
        found += [voided.approval for voided in self.voided]
        found.append(self.sale_discount_approval)
        return [approval for approval in found if approval is not None]

    def to_json(self) -> str:
        """The cart as stored while on hold."""
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str) -> Cart:
        """A held cart read back."""
        return cls.model_validate_json(text)


def new_cart(cashier: str, *, started_at: datetime, shift_id: str | None = None) -> Cart:
    """An empty cart for ``cashier``."""
    return Cart(cashier=cashier, shift_id=shift_id, started_at=started_at)


def parse_scan(text: str) -> tuple[int, str]:
    """``"3*8991234567895"`` -> ``(3, "8991234567895")``; a plain code has multiplier 1.

    ``x`` works like ``*``. Raises :class:`InvalidInputError` for a multiplier of 0 or above
    :data:`MAX_MULTIPLIER`, or for empty input.
    """
    match = _SCAN.match(text or "")
    if match is None:
        raise InvalidInputError("cart.empty_scan")
    times = int(match["times"]) if match["times"] else 1
    if not 1 <= times <= MAX_MULTIPLIER:
        raise InvalidInputError("cart.bad_multiplier", times=times, max=MAX_MULTIPLIER)
    return times, match["code"]


def _check_index(cart: Cart, index: int) -> CartLine:
    if not 0 <= index < len(cart.lines):
        raise InvalidInputError("cart.no_such_line", line=index + 1)
    return cart.lines[index]


def _check_quantity(quantity: int) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise InvalidInputError("cart.bad_quantity", quantity=quantity)
    if not 1 <= quantity <= MAX_QUANTITY:
        raise InvalidInputError("cart.bad_quantity", quantity=quantity)
    return quantity


def scan(
    session: Session,
    cart: Cart,
    text: str,
    *,
    layouts: Sequence[VariableMeasureLayout] = (),
) -> int:
    """Add what ``text`` names (``[N*]barcode``) to ``cart``; return the index of its line.

    Variable-measure (scale) labels add their weight or their price. Unknown barcodes and
    wrong check digits raise :class:`~inventory.errors.NttMartError` and leave the cart as it
    was.
    """
    times, code = parse_scan(text)
    found = catalog.lookup_barcode(session, code, layouts)
    if found.quantity is not None or found.amount is not None:
        if times != 1:
            raise InvalidInputError("cart.multiplier_on_scale_label", code=found.code)
        if found.quantity is not None:
            return add_product(session, cart, found.product, found.quantity, barcode=found.code)
        assert found.amount is not None
        return add_product(
            session, cart, found.product, None, barcode=found.code, fixed_amount=found.amount
        )
    if found.product.unit is not Unit.PIECE:
        # An ordinary barcode on a weighed product says nothing about the weight.
        raise InvalidInputError("cart.needs_weight", name=found.product.name)
    units = _units(session, found.product.id)
    if units:
        unit = next((u for u in units if u.code == found.code), None)
        if unit is None:
            raise UnitRequired(found.product, sum(u.status is UnitStatus.IN_STOCK for u in units))
        if times != 1:
            raise InvalidInputError("till_units.single", code=unit.code)
        return add_unit(session, cart, unit, product=found.product)
    return add_product(session, cart, found.product, times, barcode=found.code, units_checked=True)


class UnitRequired(NttMartError):
    """The product is tracked by unit: the cashier scans the unit's own code or picks the unit
    (the till shows the units in stock)."""

    def __init__(self, product: Product, in_stock: int) -> None:
        super().__init__("till_units.pick_unit", name=product.name, in_stock=in_stock)
        self.product = product


_HAS_UNITS = "SELECT 1 FROM product_unit WHERE product_id = ? LIMIT 1"


def _units(session: Session, product_id: str) -> list[ProductUnit]:
    # Every scan asks; ordinary products have no units, so the question goes straight to the
    # driver (an indexed probe of a few microseconds) and only a unit-tracked product loads its
    # units through the ORM.
    driver = session.connection().connection.driver_connection
    assert driver is not None
    if driver.execute(_HAS_UNITS, (product_id,)).fetchone() is None:
        return []
    query = select(ProductUnit).where(ProductUnit.product_id == product_id)
    return list(session.exec(query.order_by(col(ProductUnit.code))).all())


def units_in_stock(session: Session, product_id: str) -> list[ProductUnit]:
    """The units of ``product_id`` the cashier can still sell, by code."""
    return [u for u in _units(session, product_id) if u.status is UnitStatus.IN_STOCK]


def add_unit(
    session: Session, cart: Cart, unit: ProductUnit, *, product: Product | None = None
) -> int:
    """Add the one-of-a-kind ``unit`` as its own line (quantity 1); return the line's index.

    Refuses a unit already sold (the checkout checks again inside its transaction) and a unit
    already in the cart.
    """
    if unit.status is UnitStatus.SOLD:
        raise ConflictError("units.already_sold", code=unit.code, reference=unit.sold_reference)
    if any(line.unit_code == unit.code for line in cart.lines):
        raise InvalidInputError("till_units.in_cart", code=unit.code)
    product = product or product_by_id(session, unit.product_id)
    index = add_product(
        session, cart, product, 1, barcode=unit.code, units_checked=True, separate=True
    )
    cart.lines[index].unit_code = unit.code
    return index


def add_product(
    session: Session,
    cart: Cart,
    product: Product,
    quantity: int | None = 1,
    *,
    barcode: str | None = None,
    fixed_amount: int | None = None,
    units_checked: bool = False,
    separate: bool = False,
) -> int:
    """Add ``quantity`` (base units) of ``product``; return the index of its line.

    A piece product already in the cart at its list price without a discount gets the quantity
    added to its line. Weighed goods need a quantity in grams or millilitres; a scale label with
    an embedded price passes ``fixed_amount`` instead. A product tracked by unit raises
    :class:`UnitRequired` (use :func:`add_unit`).
    """
    if not product.active:
        raise InvalidInputError("catalog.inactive", name=product.name, code=barcode or product.sku)
    if not units_checked:
        units = _units(session, product.id)
        if units:
            raise UnitRequired(product, sum(u.status is UnitStatus.IN_STOCK for u in units))
    if fixed_amount is not None:
        if fixed_amount <= 0:
            raise InvalidInputError("cart.bad_amount", amount=fixed_amount)
        basis = product.unit.price_basis
        derived = div_round_half_up(fixed_amount * basis, product.price) if product.price else 1
        quantity = max(1, derived) if product.unit is not Unit.PIECE else 1
    elif quantity is None:
        raise InvalidInputError("cart.needs_weight", name=product.name)
    quantity = _check_quantity(quantity)
    if fixed_amount is None and product.unit is Unit.PIECE and not separate:
        for index, line in enumerate(cart.lines):
            if (
                line.product_id == product.id
                and line.unit_code is None
                and line.fixed_amount is None
                and line.price_override_approval is None
                and line.discount is None
            ):
                line.quantity = _check_quantity(line.quantity + quantity)
                return index
    category = session.get(Category, product.category_id) if product.category_id else None
    cart.lines.append(
        CartLine(
            product_id=product.id,
            sku=product.sku,
            name=product.name,
            unit=product.unit,
            category_id=product.category_id,
            category=category.name if category else None,
            barcode=barcode,
            quantity=quantity,
            list_price=product.price,
            unit_price=product.price,
            fixed_amount=fixed_amount,
        )
    )
    return len(cart.lines) - 1


def set_quantity(
    cart: Cart, index: int, quantity: int, *, approval: Approval | None = None
) -> None:
    """Change the quantity of line ``index`` (not of a scale label with an embedded price).

    Raising it needs nobody. Lowering it takes goods out of the sale just as a void does, so it
    needs an approval for :attr:`~pos.models.ApprovalAction.VOID_LINE` (else
    :class:`~pos.staff.ApprovalRequired`) and is recorded as a voided part of the line: the
    quantity taken off, its amount and the approval (approver and reason).
    """
    line = _check_index(cart, index)
    quantity = _check_quantity(quantity)
    if line.fixed_amount is not None:
        raise InvalidInputError("cart.fixed_line", name=line.name)
    if line.unit_code is not None and quantity != 1:
        raise InvalidInputError("till_units.single", code=line.unit_code)
    if quantity >= line.quantity:
        line.quantity = quantity
        return
    amount = line.net - line.model_copy(update={"quantity": quantity}).net
    doc = _use_approval(
        cart, require_approval(approval, ApprovalAction.VOID_LINE), ApprovalAction.VOID_LINE
    )
    cart.voided.append(
        VoidedLine(
            product_id=line.product_id,
            sku=line.sku,
            name=line.name,
            quantity=line.quantity - quantity,
            unit_price=line.unit_price,
            amount=amount,
            approval=doc,
        )
    )
    line.quantity = quantity


def discount_needs_approval(discount: Discount, *, base: int, limit_percent: int) -> bool:
    """Whether ``discount`` on ``base`` is above the limit a cashier may give alone."""
    return discount.exceeds(base, limit_percent)


def _use_approval(cart: Cart, approval: Approval, action: ApprovalAction) -> ApprovalDoc:
    require_approval(approval, action)
    if any(existing.id == approval.id for existing in cart.approvals()):
        raise InvalidInputError("approval.already_used")
    return approval.doc()


def set_line_discount(
    cart: Cart,
    index: int,
    discount: Discount | None,
    *,
    limit_percent: int,
    approval: Approval | None = None,
) -> None:
    """Give line ``index`` a discount (``None`` removes it).

    Above ``limit_percent`` of the line it needs an approval for
    :attr:`~pos.models.ApprovalAction.DISCOUNT`, else :class:`~pos.staff.ApprovalRequired`.
    """
    line = _check_index(cart, index)
    if discount is None:
        line.discount = None
        line.discount_approval = None
        return
    discount.amount_of(line.gross)  # refuses a fixed amount above the line
    doc = None
    if discount_needs_approval(discount, base=line.gross, limit_percent=limit_percent):
        doc = _use_approval(
            cart, require_approval(approval, ApprovalAction.DISCOUNT), ApprovalAction.DISCOUNT
        )
    line.discount = DiscountSpec(kind=discount.kind, value=discount.value)
    line.discount_approval = doc


def set_sale_discount(
    cart: Cart,
    discount: Discount | None,
    *,
    limit_percent: int,
    approval: Approval | None = None,
) -> None:
    """Give the whole sale a discount on its subtotal (``None`` removes it); see the line rule."""
    if discount is None:
        cart.sale_discount = None
        cart.sale_discount_approval = None
        return
    if cart.is_empty:
        raise InvalidInputError("cart.empty")
    subtotal = cart.totals().subtotal
    discount.amount_of(subtotal)
    doc = None
    if discount_needs_approval(discount, base=subtotal, limit_percent=limit_percent):
        doc = _use_approval(
            cart, require_approval(approval, ApprovalAction.DISCOUNT), ApprovalAction.DISCOUNT
        )
    cart.sale_discount = DiscountSpec(kind=discount.kind, value=discount.value)
    cart.sale_discount_approval = doc


def override_price(cart: Cart, index: int, price: int, *, approval: Approval | None) -> None:
    """Charge ``price`` (per piece, kg or litre) on line ``index``; needs an approval."""
    line = _check_index(cart, index)
    if isinstance(price, bool) or not isinstance(price, int) or price < 0:
        raise InvalidInputError("cart.bad_price", price=price)
    if line.fixed_amount is not None:
        raise InvalidInputError("cart.fixed_line", name=line.name)
    doc = _use_approval(
        cart,
        require_approval(approval, ApprovalAction.PRICE_OVERRIDE),
        ApprovalAction.PRICE_OVERRIDE,
    )
    line.unit_price = price
    line.price_override_approval = doc


def void_line(cart: Cart, index: int, *, approval: Approval | None) -> CartLine:
    """Remove line ``index`` with a manager's approval; the sale will record it as voided."""
    line = _check_index(cart, index)
    doc = _use_approval(
        cart, require_approval(approval, ApprovalAction.VOID_LINE), ApprovalAction.VOID_LINE
    )
    cart.lines.pop(index)
    cart.voided.append(
        VoidedLine(
            product_id=line.product_id,
            sku=line.sku,
            name=line.name,
            quantity=line.quantity,
            unit_price=line.unit_price,
            amount=line.net,
            approval=doc,
        )
    )
    return line
