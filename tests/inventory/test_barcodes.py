"""GS1 check digits, normalisation, in-store numbers and scale barcodes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from inventory import barcodes
from inventory.barcodes import MeasureKind, VariableMeasureLayout
from inventory.errors import InvalidInputError


@pytest.mark.parametrize(
    "code",
    ["8991234567891", "4006381333931", "96385074", "036000291452", "8992761166038"],
)
def test_known_valid_codes(code: str) -> None:
    assert barcodes.is_valid(code)


def test_upc_a_is_stored_as_its_ean13_form() -> None:
    assert barcodes.normalize("036000291452") == "0036000291452"
    assert barcodes.normalize("0036000291452") == "0036000291452"


def test_wrong_check_digit_names_the_expected_digit() -> None:
    with pytest.raises(InvalidInputError) as raised:
        barcodes.normalize("8991234567895")
    assert raised.value.key == "barcode.bad_check"
    assert raised.value.params["expected"] == 1
    assert "8991234567895" in str(raised.value)


@pytest.mark.parametrize(
    ("code", "key"),
    [
        ("899123456789X", "barcode.not_digits"),
        ("", "barcode.not_digits"),
        ("12345", "barcode.bad_length"),
        ("89912345678951", "barcode.bad_length"),
        ("８９９１２３４５６７８９５", "barcode.not_digits"),  # full-width digits
    ],
)
def test_malformed_codes(code: str, key: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        barcodes.normalize(code)
    assert raised.value.key == key


@given(
    st.sampled_from([7, 11, 12]).flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n))
)
def test_a_computed_check_digit_always_validates(body: str) -> None:
    assert barcodes.is_valid(barcodes.with_check_digit(body))


@given(
    st.text("0123456789", min_size=12, max_size=12),
    st.integers(0, 12),
    st.integers(1, 9),
)
def test_any_single_digit_error_is_caught(body: str, position: int, delta: int) -> None:
    code = barcodes.with_check_digit(body)
    wrong = code[:position] + str((int(code[position]) + delta) % 10) + code[position + 1 :]
    assert not barcodes.is_valid(wrong)


def test_instore_numbers_are_valid_and_carry_the_outlet() -> None:
    code = barcodes.instore_ean13(prefix="20", outlet_number=7, sequence=42)
    assert code.startswith("20007") and code[5:12] == "0000042"
    assert barcodes.is_valid(code)
    other = barcodes.instore_ean13(prefix="20", outlet_number=8, sequence=42)
    assert other != code


def test_instore_prefix_must_be_restricted() -> None:
    with pytest.raises(ValueError, match="20-29"):
        barcodes.instore_ean13(prefix="89", outlet_number=1, sequence=1)


def test_weight_embedded_layout() -> None:
    layout = VariableMeasureLayout(pattern="28IIIIIWWWWWC")
    code = barcodes.with_check_digit("280040101234")
    reading = barcodes.parse_variable_measure(code, [layout])
    assert reading is not None
    assert (reading.item_code, reading.kind, reading.value) == ("00401", MeasureKind.WEIGHT, 1234)


def test_price_embedded_layout_and_first_match_wins() -> None:
    layouts = [
        VariableMeasureLayout(pattern="28IIIIIWWWWWC"),
        VariableMeasureLayout(pattern="29IIIIIPPPPPC"),
    ]
    code = barcodes.with_check_digit("290030143500")
    reading = barcodes.parse_variable_measure(code, layouts)
    assert reading is not None
    assert (reading.item_code, reading.kind, reading.value) == ("00301", MeasureKind.PRICE, 43500)
    assert barcodes.parse_variable_measure("8991234567891", layouts) is None


@pytest.mark.parametrize(
    "pattern", ["28IIIIIWWWWW", "18IIIIIWWWWWC", "28IIIIIWWWWPC", "2IIIIIWWWWWC", "28IIIIIWWWWWX"]
)
def test_bad_layouts_are_refused(pattern: str) -> None:
    with pytest.raises(ValidationError):
        VariableMeasureLayout(pattern=pattern)


def test_overlapping_prefixes_are_reported() -> None:
    clash = barcodes.layouts_overlap("28", [VariableMeasureLayout(pattern="28IIIIIWWWWWC")])
    assert clash is not None and "28" in clash
    assert barcodes.layouts_overlap("20", [VariableMeasureLayout(pattern="28IIIIIWWWWWC")]) is None
