"""Reading what a manager types in a scan field: ``code`` or ``N*code`` (``-2*code`` too, so the
service can say plainly why a negative quantity is refused), and dates as people write them."""

from __future__ import annotations

import re
from datetime import date, datetime

from inventory.errors import InvalidInputError
from inventory.manager_common import check_quantity

_ENTRY = re.compile(r"^\s*(?:(?P<times>[-+]?\d{1,7})\s*[*xX]\s*)?(?P<code>\S+)\s*$")
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")


def parse_entry(text: str) -> tuple[int | None, str]:
    """``"12*KOP-BJW-250"`` -> ``(12, "KOP-BJW-250")``; a bare code -> ``(None, code)``."""
    match = _ENTRY.match(text)
    if match is None:
        raise InvalidInputError("manager_tui.bad_entry", text=text.strip())
    times = match["times"]
    return (None if times is None else int(times)), match["code"]


def parse_quantity(text: str, *, where: str, allow_zero: bool = False) -> int:
    """A typed quantity, checked by the services' own rule (whole, not negative, not zero)."""
    value = text.strip()
    if not re.fullmatch(r"[-+]?\d{1,9}", value):
        raise InvalidInputError("manager.quantity_not_integer", where=where, quantity=value)
    return check_quantity(int(value), where=where, allow_zero=allow_zero)


def parse_signed(text: str, *, where: str) -> int:
    """A signed whole quantity (``-3`` takes stock out, ``2`` or ``+2`` adds)."""
    value = text.strip()
    if not re.fullmatch(r"[-+]?\d{1,9}", value):
        raise InvalidInputError("manager.quantity_not_integer", where=where, quantity=value)
    return int(value)


def parse_date(text: str) -> date:
    """``31/12/2027``, ``31-12-2027`` or ``2027-12-31``."""
    value = text.strip()
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
    raise InvalidInputError("manager_tui.bad_date", text=value)
