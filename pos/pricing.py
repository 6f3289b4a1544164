"""The arithmetic of a sale in whole Rupiah: discounts, their split over lines, PPN and rounding.

Pure functions over integers, so properties (nothing lost, nothing invented) can be tested for
any input. Every division rounds half up through :func:`inventory.money.div_round_half_up`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from inventory.errors import InvalidInputError
from inventory.money import div_round_half_up, percent_of

# PPN since 2025: 12% on a base of 11/12 of the price before tax, i.e. an effective 11%.
# A tax-inclusive price P = base + 12% x 11/12 x base = 1.11 x base, so the tax in P is 11/111.
PPN_RATE_PERCENT = 12
PPN_BASE = (11, 12)
_PPN_NUMERATOR = PPN_RATE_PERCENT * PPN_BASE[0]  # 132
_PPN_DENOMINATOR = 100 * PPN_BASE[1] + _PPN_NUMERATOR  # 1332, so tax = P x 132 / 1332


class DiscountKind(StrEnum):
    """A discount in percent (basis points) or a fixed number of Rupiah."""

    PERCENT = "percent"
    AMOUNT = "amount"


@dataclass(frozen=True, slots=True)
class Discount:
    """``value`` basis points (10% = 1000) or ``value`` Rupiah off an amount."""

    kind: DiscountKind
    value: int

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or not isinstance(self.value, int) or self.value <= 0:
            raise InvalidInputError("discount.not_positive")
        if self.kind is DiscountKind.PERCENT and self.value > 10_000:
            raise InvalidInputError("discount.over_100")

    @classmethod
    def percent(cls, percent: int | str) -> Discount:
        """A discount of ``percent`` (may be ``"12.5"``) percent."""
        return cls(DiscountKind.PERCENT, percent_to_bp(percent))

    @classmethod
    def rupiah(cls, amount: int) -> Discount:
        """A discount of ``amount`` Rupiah."""
        return cls(DiscountKind.AMOUNT, amount)

    def amount_of(self, base: int) -> int:
        """The Rupiah this discount takes off ``base``; a fixed amount may not exceed it."""
        if self.kind is DiscountKind.PERCENT:
            return percent_of(base, self.value)
        if self.value > base:
            raise InvalidInputError("discount.over_amount", amount=self.value, base=base)
        return self.value

    def exceeds(self, base: int, limit_percent: int) -> bool:
        """Whether this discount on ``base`` is more than ``limit_percent`` percent of it."""
        if self.kind is DiscountKind.PERCENT:
            return self.value > limit_percent * 100
        return self.value * 100 > limit_percent * base


def percent_to_bp(percent: int | str) -> int:
    """``"12.5"`` or ``12`` percent as basis points (1250, 1200); at most two decimals."""
    text = str(percent).strip().replace(",", ".").removesuffix("%").strip()
    whole, dot, fraction = text.partition(".")
    if not whole.isdigit() or (dot and (not fraction.isdigit() or len(fraction) > 2)):
        raise InvalidInputError("discount.bad_percent", text=str(percent))
    return int(whole) * 100 + (int(fraction.ljust(2, "0")) if fraction else 0)


def split_proportionally(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` over ``weights`` in proportion, exactly (largest remainder method).

    The shares add up to ``total`` and no share exceeds its weight when ``total`` does not
    exceed the sum of the weights, so a sale discount never makes a line negative.
    """
    whole = sum(weights)
    if total == 0 or whole == 0:
        return [0] * len(weights)
    shares = [total * w // whole for w in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in remainders[: total - sum(shares)]:
        shares[i] += 1
    return shares


def ppn_contained(amount: int, mode: str) -> int:
    """The PPN contained in the tax-inclusive ``amount`` (0 when the outlet charges none).

    ``amount x 132 / 1332`` (= 11/111) rounded half up: 12% of a base of 11/12 of the price
    before tax.
    """
    if mode == "none" or amount <= 0:
        return 0
    return div_round_half_up(amount * _PPN_NUMERATOR, _PPN_DENOMINATOR)


def round_cash(amount: int, step: int, mode: str) -> int:
    """``amount`` rounded to a multiple of ``step`` Rupiah: ``nearest`` (halves up) or ``down``."""
    if step <= 1:
        return amount
    if mode == "down":
        return amount // step * step
    return div_round_half_up(amount, step) * step
