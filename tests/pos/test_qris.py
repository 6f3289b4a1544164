"""QRIS payloads: TLV parsing with nested templates, CRC-16/CCITT-FALSE, dynamic amounts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inventory.errors import InvalidInputError
from inventory.i18n import language
from pos.qris import QrisError, crc16_ccitt_false, parse, tag_name, with_amount

BODY = (
    "000201"
    "010211"
    "26610014COM.GO-JEK.WWW01189360091434506469550210G4506469550303UMI"
    "51440014ID.CO.QRIS.WWW0215ID10243341364120303UMI"
    "52045691"
    "5303360"
    "5802ID"
    "5915NTT Mart Kupang"
    "6006KUPANG"
    "610585111"
    "62070703A01"
    "6304"
)


def crc_bitwise(data: bytes) -> int:
    """CRC-16/CCITT-FALSE written out bit by bit, independent of the implementation."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


STATIC = BODY + f"{crc_bitwise(BODY.encode()):04X}"


def test_crc_matches_the_standard_check_value() -> None:
    assert crc16_ccitt_false("123456789") == "29B1"


@given(st.text(max_size=200))
def test_crc_agrees_with_a_bitwise_reference(text: str) -> None:
    assert crc16_ccitt_false(text) == f"{crc_bitwise(text.encode('utf-8')):04X}"


def test_parse_reads_top_level_and_nested_tags() -> None:
    payload = parse(STATIC)
    assert payload.merchant_name == "NTT Mart Kupang"
    assert payload.merchant_city == "KUPANG"
    assert not payload.dynamic and payload.amount is None
    nested = {(parent, f.tag): f.value for depth, f, parent in payload.walk() if depth == 1}
    assert nested[("26", "00")] == "COM.GO-JEK.WWW"
    assert nested[("51", "02")] == "ID1024334136412"
    assert nested[("62", "07")] == "A01"
    assert tag_name("26") == "Merchant Account Information"
    assert tag_name("07", "62") == "Terminal Label"


def test_with_amount_makes_a_dynamic_payload() -> None:
    dynamic = with_amount(STATIC, 43_100)
    payload = parse(dynamic)  # its CRC checks out
    assert payload.dynamic and payload.amount == 43_100
    tags = [f.tag for f in payload.fields]
    assert tags.index("53") < tags.index("54") < tags.index("58")
    assert "540543100" in dynamic
    assert dynamic[-4:] == f"{crc_bitwise(dynamic[:-4].encode()):04X}"
    # A second amount replaces the first rather than adding a tag.
    again = parse(with_amount(dynamic, 5_000))
    assert [f.tag for f in again.fields].count("54") == 1 and again.amount == 5_000


def test_a_wrong_crc_is_named() -> None:
    broken = STATIC[:-4] + ("0000" if STATIC[-4:] != "0000" else "1111")
    with pytest.raises(QrisError) as raised:
        parse(broken)
    assert raised.value.key == "qris.bad_crc"
    with language("en"):
        assert "tag 63" in str(raised.value) and STATIC[-4:] in str(raised.value)


def test_a_changed_character_fails_the_crc() -> None:
    tampered = STATIC.replace("NTT Mart Kupang", "NTT Mart Kupanx")
    with pytest.raises(QrisError) as raised:
        parse(tampered)
    assert raised.value.key == "qris.bad_crc"


@pytest.mark.parametrize(
    ("payload", "key", "tag"),
    [
        ("000201010211" + "5999", "qris.truncated", "59"),
        ("0002010102115A04", "qris.bad_tag", "5A"),
        ("000201010211" + "26X9", "qris.bad_length", "26"),
        ("000201" + "26080004abcd" + "6304ABCD", "qris.missing_tag", "52"),
        ("000201" + "26051009X", "qris.truncated", "26.10"),
    ],
)
def test_malformed_payloads_name_the_tag(payload: str, key: str, tag: str) -> None:
    with pytest.raises(QrisError) as raised:
        parse(payload)
    assert raised.value.key == key
    assert tag in str(raised.value)


def test_bad_amounts_are_refused() -> None:
    for amount in (0, -5, 10**13):
        with pytest.raises(InvalidInputError):
            with_amount(STATIC, amount)
