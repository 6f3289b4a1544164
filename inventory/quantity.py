"""Quantities as integers in a product's base unit (pieces, grams, millilitres) and line amounts.

Weighed and measured goods carry a price per kilogram or litre; their line amount is
``price * quantity / 1000`` rounded half up to a whole Rupiah (DESIGN.md invariant 9).
"""

from __future__ import annotations

from enum import StrEnum

from inventory.money import div_round_half_up


class Unit(StrEnum):
    """The base unit a product is counted in."""

    PIECE = "pcs"
    GRAM = "g"
    MILLILITRE = "ml"

    @property
    def price_basis(self) -> int:
        """How many base units the price is quoted for: 1 piece, 1000 g (kg), 1000 ml (litre)."""
        return 1 if self is Unit.PIECE else 1000


def line_amount(price: int, quantity: int, unit: Unit) -> int:
    """The amount of ``quantity`` base units at ``price`` per price basis, rounded half up."""
    return div_round_half_up(price * quantity, unit.price_basis)


def _decimal(value: int, scale: int) -> str:
    whole, rest = divmod(abs(value), scale)
    sign = "-" if value < 0 else ""
    if rest == 0:
        return f"{sign}{whole:,}".replace(",", ".")
    fraction = f"{rest:0{len(str(scale)) - 1}d}".rstrip("0")
    return f"{sign}{whole:,}".replace(",", ".") + "," + fraction


def format_quantity(quantity: int, unit: Unit) -> str:
    """A quantity for people: ``3`` (pcs), ``250 g``, ``1,5 kg``, ``750 ml``, ``2 l``.

    Kilograms and litres are used from 1000 base units up.
    """
    if unit is Unit.PIECE:
        return _decimal(quantity, 1)
    big = "kg" if unit is Unit.GRAM else "l"
    if abs(quantity) >= 1000:
        return f"{_decimal(quantity, 1000)} {big}"
    return f"{quantity} {unit.value}"


def price_unit_label(unit: Unit) -> str:
    """What a price is quoted per: ``pcs``, ``kg`` or ``l``."""
    return {Unit.PIECE: "pcs", Unit.GRAM: "kg", Unit.MILLILITRE: "l"}[unit]
