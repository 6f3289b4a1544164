"""GS1 barcodes: check digits, in-store EAN-13 numbers and variable-measure (scale) barcodes.

Codes are normalised before they are stored or looked up: a 12-digit UPC-A is the same item as
the 13-digit EAN with a leading zero, so both forms scan to the same product.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, field_validator

from inventory.errors import InvalidInputError

INSTORE_PREFIXES = tuple(str(n) for n in range(20, 30))


class Symbology(StrEnum):
    """The GS1 symbologies the tills accept."""

    EAN13 = "ean13"
    EAN8 = "ean8"
    UPCA = "upca"


_LENGTHS = {13: Symbology.EAN13, 8: Symbology.EAN8, 12: Symbology.UPCA}


def check_digit(body: str) -> int:
    """The GS1 check digit of ``body`` (all digits but the last)."""
    total = 0
    for position, char in enumerate(reversed(body)):
        total += int(char) * (3 if position % 2 == 0 else 1)
    return (10 - total % 10) % 10


def symbology(code: str) -> Symbology:
    """Which symbology a code of digits has, by its length; raises for any other length."""
    if not code.isascii() or not code.isdigit():
        raise InvalidInputError("barcode.not_digits", code=code)
    try:
        return _LENGTHS[len(code)]
    except KeyError:
        raise InvalidInputError("barcode.bad_length", code=code, length=len(code)) from None


def normalize(code: str) -> str:
    """Validate ``code`` and return its stored form (UPC-A becomes 13-digit EAN).

    Raises :class:`InvalidInputError` saying what is wrong: not digits, a length that is no GS1
    code, or a wrong check digit (naming the digit that was expected).
    """
    code = code.strip()
    symbology(code)
    expected = check_digit(code[:-1])
    if int(code[-1]) != expected:
        raise InvalidInputError("barcode.bad_check", code=code, expected=expected)
    return "0" + code if len(code) == 12 else code


def is_valid(code: str) -> bool:
    """Whether ``code`` is a well-formed EAN-13, EAN-8 or UPC-A with a correct check digit."""
    try:
        normalize(code)
    except InvalidInputError:
        return False
    return True


def with_check_digit(body: str) -> str:
    """``body`` followed by its GS1 check digit."""
    return body + str(check_digit(body))


def instore_ean13(*, prefix: str, outlet_number: int, sequence: int) -> str:
    """An in-store EAN-13 in the GS1 restricted range: prefix, outlet number, sequence, check.

    Layout: 2-digit prefix (20-29) + 3-digit outlet number + 7-digit sequence + check digit, so
    numbers made at different outlets never collide when the centre merges catalogs.
    """
    if prefix not in INSTORE_PREFIXES:
        raise ValueError(f"in-store prefix must be 20-29, not {prefix!r}")
    if not 0 <= outlet_number <= 999:
        raise ValueError("outlet number must be 0-999")
    if not 0 < sequence <= 9_999_999:
        raise ValueError("in-store barcode sequence exhausted")
    return with_check_digit(f"{prefix}{outlet_number:03d}{sequence:07d}")


class MeasureKind(StrEnum):
    """What the value digits of a variable-measure barcode carry."""

    WEIGHT = "weight"  # grams (or millilitres)
    PRICE = "price"  # Rupiah


_PATTERN = re.compile(r"^(?P<prefix>\d{1,3})(?P<item>I{4,6})(?P<skip>X?)(?P<value>W{4,6}|P{4,7})C$")


class VariableMeasureLayout(BaseModel):
    """How a scale label packs item and weight or price into an EAN-13.

    The pattern has 13 characters: literal prefix digits, ``I`` for each item-code digit,
    optionally one ``X`` (an ignored digit such as a price check digit), ``W`` for each digit of
    the weight in grams or ``P`` for each digit of the price in Rupiah, and ``C`` for the check
    digit. Example: ``28IIIIIWWWWWC`` is prefix 28, item 5 digits, grams 5 digits.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    pattern: str

    @field_validator("pattern")
    @classmethod
    def _check_pattern(cls, value: str) -> str:
        match = _PATTERN.match(value)
        if len(value) != 13 or match is None:
            raise ValueError(
                "must be 13 characters: prefix digits, IIII.., optional X, WWWW.. or PPPP.., C "
                "(for example 28IIIIIWWWWWC)"
            )
        if not match["prefix"].startswith("2"):
            raise ValueError("the prefix must start with 2 (the GS1 restricted range)")
        return value

    @property
    def prefix(self) -> str:
        """The literal digits every barcode of this layout starts with."""
        match = _PATTERN.match(self.pattern)
        assert match is not None
        return match["prefix"]

    @property
    def kind(self) -> MeasureKind:
        """Whether the value digits are a weight or a price."""
        return MeasureKind.WEIGHT if "W" in self.pattern else MeasureKind.PRICE

    def matches(self, code: str) -> bool:
        """Whether a 13-digit ``code`` belongs to this layout (by its prefix)."""
        return len(code) == 13 and code.startswith(self.prefix)

    def parse(self, code: str) -> VariableMeasure:
        """Split a valid 13-digit code of this layout into item code and value."""
        item = "".join(d for d, p in zip(code, self.pattern, strict=True) if p == "I")
        value = "".join(d for d, p in zip(code, self.pattern, strict=True) if p in "WP")
        return VariableMeasure(item_code=item, kind=self.kind, value=int(value))


@dataclass(frozen=True, slots=True)
class VariableMeasure:
    """What a scale barcode says: which item, and its weight (g/ml) or price (Rupiah)."""

    item_code: str
    kind: MeasureKind
    value: int


def parse_variable_measure(
    code: str, layouts: tuple[VariableMeasureLayout, ...] | list[VariableMeasureLayout]
) -> VariableMeasure | None:
    """The variable-measure reading of ``code`` under the first layout it matches, if any.

    ``code`` must already be a valid EAN-13 (see :func:`normalize`).
    """
    for layout in layouts:
        if layout.matches(code):
            return layout.parse(code)
    return None


def layouts_overlap(instore_prefix: str, layouts: list[VariableMeasureLayout]) -> str | None:
    """The first prefix clash between in-store numbering and scale layouts, described, or None."""
    prefixes = [("instore", instore_prefix)] + [
        (layout.pattern, layout.prefix) for layout in layouts
    ]
    for i, (name_a, a) in enumerate(prefixes):
        for name_b, b in prefixes[i + 1 :]:
            if a.startswith(b) or b.startswith(a):
                return f"{name_a} and {name_b} share the prefix {min(a, b, key=len)}"
    return None
