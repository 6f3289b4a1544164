"""Money as integer Rupiah: formatting as ``Rp125.000``, parsing what people type, and rounding.

There are no floats anywhere near money (DESIGN.md invariant 9). Every division that can leave a
remainder goes through :func:`div_round_half_up`, which rounds halves away from zero so a refund
rounds exactly like the sale it reverses.
"""

from __future__ import annotations

import re

from inventory.errors import InvalidInputError

_AMOUNT = re.compile(
    r"""^\s*
    (?P<sign>-)?\s*
    (?:rp\.?\s*)?
    (?P<digits>\d{1,3}(?:\.\d{3})+|\d+)
    (?:,(?:0{1,2}|-))?      # "Rp65.000,00" and "Rp65.000,-" as written on price tags
    \s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def format_rupiah(amount: int) -> str:
    """``125000`` -> ``Rp125.000``; negative amounts read ``-Rp5.000``."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"Rupiah amounts are integers, not {type(amount).__name__}")
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


def format_number(value: int) -> str:
    """An integer with Indonesian thousands separators: ``125000`` -> ``125.000``."""
    return f"{value:,}".replace(",", ".")


def parse_rupiah(text: str, *, allow_negative: bool = False) -> int:
    """Read an amount as people write it: ``65000``, ``65.000``, ``Rp65.000``, ``Rp 65.000,-``.

    Raises :class:`InvalidInputError` naming the text when it is not a whole Rupiah amount
    (``65,5`` or ``6.50`` are refused rather than guessed).
    """
    match = _AMOUNT.match(text)
    if match is None:
        raise InvalidInputError("money.invalid_amount", text=text.strip())
    value = int(match["digits"].replace(".", ""))
    if match["sign"]:
        if not allow_negative:
            raise InvalidInputError("money.negative_amount", text=text.strip())
        value = -value
    return value


def div_round_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded to the nearest integer, halves away from zero."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    magnitude = (abs(numerator) * 2 + denominator) // (2 * denominator)
    return -magnitude if numerator < 0 else magnitude


def percent_of(amount: int, basis_points: int) -> int:
    """``basis_points`` (1% = 100) of ``amount``, rounded half up to a whole Rupiah."""
    return div_round_half_up(amount * basis_points, 10_000)


def round_cash(amount: int, step: int) -> int:
    """Round a cash amount to the nearest ``step`` (e.g. Rp100), halves up.

    Cash rounding is a configured rule; the difference is shown as its own receipt line.
    """
    if step <= 1:
        return amount
    return div_round_half_up(amount, step) * step
