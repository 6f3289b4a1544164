"""QRIS payloads (EMVCo merchant-presented mode): parse with CRC check, and add an amount.

A payload is a string of TLV fields: a 2-digit tag, a 2-digit length, then the value. Templates
26-51 (merchant account information), 62 (additional data) and 64 (language template) hold
nested fields of the same form. The last field is tag 63: a CRC-16/CCITT-FALSE (polynomial
0x1021, initial value 0xFFFF) over the whole payload up to and including ``6304``, as four
upper-case hex digits.

The till turns the merchant's *static* QRIS (point of initiation ``11``, no amount) into a
*dynamic* one for each payment with :func:`with_amount`: tag 01 becomes ``12``, tag 54 carries
the amount, and the CRC is computed again.
"""

from __future__ import annotations

import binascii
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from inventory.errors import InvalidInputError
from inventory.i18n import t

# Templates whose value is itself a list of TLV fields.
TEMPLATES = frozenset({*(f"{n:02d}" for n in range(26, 52)), "62", "64"})
# Fields every QRIS payload must carry.
REQUIRED = ("00", "52", "53", "58", "59", "60", "63")
POINT_OF_INITIATION_STATIC = "11"
POINT_OF_INITIATION_DYNAMIC = "12"
MAX_AMOUNT_DIGITS = 13


class QrisError(InvalidInputError):
    """A QRIS payload that cannot be used; the message names the tag at fault."""


def crc16_ccitt_false(data: str) -> str:
    """The CRC-16/CCITT-FALSE of ``data`` (UTF-8) as four upper-case hex digits."""
    return f"{binascii.crc_hqx(data.encode('utf-8'), 0xFFFF):04X}"


def tag_name(tag: str, parent: str | None = None) -> str:
    """The EMVCo name of ``tag`` (inside the template ``parent``), in the current language."""
    if parent is None:
        key = "merchant_account" if tag in TEMPLATES - {"62", "64"} else tag
        return t(f"qris.tag.{key}")
    group = "additional" if parent == "62" else "language" if parent == "64" else "account"
    name = t(f"qris.{group}.{tag}")
    return name if not name.startswith("qris.") else t("qris.tag.unknown")


@dataclass(frozen=True, slots=True)
class QrisField:
    """One TLV field; ``children`` holds the nested fields of a template."""

    tag: str
    value: str
    children: tuple[QrisField, ...] = ()

    def render(self) -> str:
        """The field back as TLV text."""
        return f"{self.tag}{len(self.value):02d}{self.value}"


@dataclass(frozen=True, slots=True)
class QrisPayload:
    """A parsed payload: its fields in order (the CRC field last)."""

    fields: tuple[QrisField, ...]

    def get(self, tag: str) -> str | None:
        """The value of the top-level field ``tag``, if present."""
        return next((f.value for f in self.fields if f.tag == tag), None)

    @property
    def merchant_name(self) -> str:
        """Tag 59."""
        return self.get("59") or ""

    @property
    def merchant_city(self) -> str:
        """Tag 60."""
        return self.get("60") or ""

    @property
    def amount(self) -> int | None:
        """Tag 54 as whole Rupiah, or ``None`` on a static payload."""
        value = self.get("54")
        if value is None:
            return None
        whole, _, fraction = value.partition(".")
        return int(whole) if not fraction.strip("0") else None

    @property
    def dynamic(self) -> bool:
        """Point of initiation ``12``: made for one payment."""
        return self.get("01") == POINT_OF_INITIATION_DYNAMIC

    def walk(self) -> Iterator[tuple[int, QrisField, str | None]]:
        """Every field depth-first as ``(depth, field, parent tag)``, for display."""
        for top in self.fields:
            yield 0, top, None
            for child in top.children:
                yield 1, child, top.tag


def _split(text: str, *, path: str = "") -> list[QrisField]:
    fields: list[QrisField] = []
    position = 0
    while position < len(text):
        tag = text[position : position + 2]
        where = f"{path}{tag}"
        if len(tag) < 2 or not tag.isdigit():
            raise QrisError("qris.bad_tag", tag=where or tag, position=position)
        length_text = text[position + 2 : position + 4]
        if len(length_text) < 2 or not length_text.isdigit():
            raise QrisError("qris.bad_length", tag=where, length=length_text)
        length = int(length_text)
        value = text[position + 4 : position + 4 + length]
        if len(value) < length:
            raise QrisError("qris.truncated", tag=where, length=length, available=len(value))
        children: tuple[QrisField, ...] = ()
        if not path and tag in TEMPLATES:
            children = tuple(_split(value, path=f"{tag}."))
        fields.append(QrisField(tag, value, children))
        position += 4 + length
    return fields


def parse(payload: str) -> QrisPayload:
    """Parse and check a QRIS payload.

    Raises :class:`QrisError` naming the tag at fault: a malformed field, a missing required
    field, a wrong value, or a CRC (tag 63) that does not match the payload.
    """
    text = payload.strip()
    if not text:
        raise QrisError("qris.empty")
    fields = _split(text)
    tags = [f.tag for f in fields]
    for required in REQUIRED:
        if required not in tags:
            raise QrisError("qris.missing_tag", tag=required, name=tag_name(required))
    if tags[0] != "00" or fields[0].value != "01":
        raise QrisError("qris.bad_value", tag="00", name=tag_name("00"), value=fields[0].value)
    if tags[-1] != "63" or len(fields[-1].value) != 4:
        raise QrisError("qris.crc_not_last")
    expected = crc16_ccitt_false(text[:-4])
    found = fields[-1].value.upper()
    if found != expected:
        raise QrisError("qris.bad_crc", found=fields[-1].value, expected=expected)
    payload_obj = QrisPayload(tuple(fields))
    initiation = payload_obj.get("01")
    if initiation not in (None, POINT_OF_INITIATION_STATIC, POINT_OF_INITIATION_DYNAMIC):
        raise QrisError("qris.bad_value", tag="01", name=tag_name("01"), value=initiation)
    amount = payload_obj.get("54")
    if amount is not None and not _valid_amount(amount):
        raise QrisError("qris.bad_value", tag="54", name=tag_name("54"), value=amount)
    currency = payload_obj.get("53") or ""
    if not (len(currency) == 3 and currency.isdigit()):
        raise QrisError("qris.bad_value", tag="53", name=tag_name("53"), value=currency)
    return payload_obj


def _valid_amount(value: str) -> bool:
    whole, dot, fraction = value.partition(".")
    if not whole.isdigit() or len(value) > MAX_AMOUNT_DIGITS:
        return False
    return not dot or (fraction.isdigit() and len(fraction) <= 2)


def build(fields: Sequence[QrisField]) -> str:
    """A payload from ``fields`` (without tag 63), with a freshly computed CRC."""
    body = "".join(f.render() for f in fields if f.tag != "63") + "6304"
    return body + crc16_ccitt_false(body)


def with_amount(static: str, amount: int) -> str:
    """The dynamic payload for one payment of ``amount`` Rupiah made from ``static``.

    Point of initiation becomes ``12``, tag 54 carries the amount (replacing any amount already
    there) in tag order, and the CRC is recomputed. Raises :class:`QrisError` for a bad static
    payload or an amount that is not a positive whole number of Rupiah.
    """
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise QrisError("qris.bad_amount", amount=amount)
    if len(str(amount)) > MAX_AMOUNT_DIGITS:
        raise QrisError("qris.bad_amount", amount=amount)
    parsed = parse(static)
    fields = [f for f in parsed.fields if f.tag not in ("01", "54", "63")]
    fields.insert(1, QrisField("01", POINT_OF_INITIATION_DYNAMIC))
    amount_field = QrisField("54", str(amount))
    position = next((i for i, f in enumerate(fields) if int(f.tag) > 54), len(fields))
    fields.insert(position, amount_field)
    return build(fields)
