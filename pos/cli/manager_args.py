"""What the manager's commands share: reading line arguments such as
``8991234567891:24:52000:2027-06-30:B12``, in-store numbering, and writing output files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from inventory.errors import InvalidInputError
from inventory.i18n import t
from inventory.manager_common import InstoreNumbering
from inventory.receiving import ReceivingLineInput
from pos.context import OutletContext


def numbering(context: OutletContext) -> InstoreNumbering:
    """How this outlet numbers in-store barcodes."""
    settings = context.settings
    return InstoreNumbering(
        prefix=settings.barcodes.instore_prefix, outlet_number=settings.outlet.number
    )


def _integer(text: str, spec: str) -> int:
    try:
        return int(text.replace(".", ""))
    except ValueError:
        raise InvalidInputError("manager_cli.bad_number", value=text, line=spec) from None


def _date(text: str, spec: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError("manager_cli.bad_date", value=text, line=spec) from None


def receiving_line(spec: str) -> ReceivingLineInput:
    """``CODE:QTY[:PRICE[:EXPIRY[:BATCH]]]`` (empty parts allowed: ``KOP:12::2027-01-31``)."""
    parts = spec.split(":")
    if len(parts) < 2 or len(parts) > 5 or not parts[0].strip():
        raise InvalidInputError("manager_cli.bad_line", line=spec)
    parts += [""] * (5 - len(parts))
    code, quantity, price, expiry, batch = (part.strip() for part in parts)
    return ReceivingLineInput(
        code=code,
        quantity=_integer(quantity, spec),
        unit_price=_integer(price, spec) if price else None,
        expiry_date=_date(expiry, spec) if expiry else None,
        batch=batch or None,
    )


def quantity_line(spec: str, *, default: int | None = None) -> tuple[str, int]:
    """``CODE:QTY`` (or ``CODE`` alone when a ``default`` quantity applies)."""
    code, _, quantity = spec.rpartition(":") if ":" in spec else (spec, "", "")
    if not code.strip() or (not quantity and default is None):
        raise InvalidInputError("manager_cli.bad_quantity_line", line=spec)
    return code.strip(), _integer(quantity, spec) if quantity else int(default or 0)


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (creating its folder) and say so on stderr."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    click.echo(t("manager_cli.written", path=str(path)), err=True)
