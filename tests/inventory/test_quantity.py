"""Quantities in base units and amounts of weighed goods."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inventory.quantity import Unit, format_quantity, line_amount


def test_pieces_multiply() -> None:
    assert line_amount(65_000, 3, Unit.PIECE) == 195_000


def test_weighed_goods_round_half_up_to_a_rupiah() -> None:
    # 35.000/kg x 1.234 kg = 43.190
    assert line_amount(35_000, 1_234, Unit.GRAM) == 43_190
    # 6.000/kg x 0.333 kg = 1.998
    assert line_amount(6_000, 333, Unit.GRAM) == 1_998
    # 55.500/kg x 0.001 kg = 55.5 -> 56
    assert line_amount(55_500, 1, Unit.GRAM) == 56


@pytest.mark.parametrize(
    ("quantity", "unit", "text"),
    [
        (3, Unit.PIECE, "3"),
        (1200, Unit.PIECE, "1.200"),
        (250, Unit.GRAM, "250 g"),
        (1500, Unit.GRAM, "1,5 kg"),
        (1234, Unit.GRAM, "1,234 kg"),
        (2000, Unit.MILLILITRE, "2 l"),
        (750, Unit.MILLILITRE, "750 ml"),
    ],
)
def test_format_quantity(quantity: int, unit: Unit, text: str) -> None:
    assert format_quantity(quantity, unit) == text


@given(st.integers(0, 10_000_000), st.integers(0, 100_000))
def test_weighed_amount_never_off_by_more_than_half_a_rupiah(price: int, grams: int) -> None:
    amount = line_amount(price, grams, Unit.GRAM)
    assert abs(amount * 1000 - price * grams) * 2 <= 1000
