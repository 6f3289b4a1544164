"""Rupiah formatting, parsing and rounding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inventory.errors import InvalidInputError
from inventory.money import (
    div_round_half_up,
    format_rupiah,
    parse_rupiah,
    percent_of,
    round_cash,
)


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (125_000, "Rp125.000"),
        (0, "Rp0"),
        (500, "Rp500"),
        (1_000, "Rp1.000"),
        (2_500_000, "Rp2.500.000"),
        (-5_000, "-Rp5.000"),
    ],
)
def test_format_rupiah(amount: int, text: str) -> None:
    assert format_rupiah(amount) == text


def test_format_rupiah_refuses_floats() -> None:
    with pytest.raises(TypeError):
        format_rupiah(1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "65000",
        "65.000",
        "Rp65.000",
        "Rp 65.000",
        "rp65000",
        " Rp. 65.000 ",
        "Rp65.000,-",
        "65.000,00",
    ],
)
def test_parse_rupiah_accepts_what_people_write(text: str) -> None:
    assert parse_rupiah(text) == 65_000


@pytest.mark.parametrize("text", ["", "abc", "65,5", "6.50", "65.00", "Rp", "1e5", "65 000 000x"])
def test_parse_rupiah_refuses_with_the_text(text: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        parse_rupiah(text)
    assert raised.value.key == "money.invalid_amount"
    assert text.strip() in str(raised.value)


def test_parse_rupiah_negative_only_when_allowed() -> None:
    with pytest.raises(InvalidInputError, match="negatif"):
        parse_rupiah("-5.000")
    assert parse_rupiah("-5.000", allow_negative=True) == -5_000


def test_rounding_halves_away_from_zero() -> None:
    assert div_round_half_up(5, 10) == 1
    assert div_round_half_up(4, 10) == 0
    assert div_round_half_up(-5, 10) == -1
    assert div_round_half_up(15, 10) == 2
    assert percent_of(65_000, 1_000) == 6_500
    assert percent_of(12_345, 250) == 309  # 308.625 -> 309


@pytest.mark.parametrize(
    ("amount", "step", "rounded"),
    [(125_049, 100, 125_000), (125_050, 100, 125_100), (125_000, 100, 125_000), (999, 1, 999)],
)
def test_cash_rounding(amount: int, step: int, rounded: int) -> None:
    assert round_cash(amount, step) == rounded


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_format_parse_round_trip(amount: int) -> None:
    assert parse_rupiah(format_rupiah(amount), allow_negative=True) == amount


@given(st.integers(-(10**9), 10**9), st.integers(1, 10**6))
def test_rounding_is_within_half_and_symmetric(numerator: int, denominator: int) -> None:
    rounded = div_round_half_up(numerator, denominator)
    assert abs(rounded * denominator - numerator) * 2 <= denominator
    assert div_round_half_up(-numerator, denominator) == -rounded
