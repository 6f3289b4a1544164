"""What a receipt printer is asked to print: a device-independent list of operations.

The cashier app builds a :class:`PrintDocument` (receipt, refund slip, X/Z report, test page);
a driver in :mod:`hardware` turns it into ESC/POS bytes for its printer. Documents serialise to
JSON so a job that could not be printed waits in the outlet's print queue and prints later,
exactly as it was first rendered.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class Align(StrEnum):
    """Horizontal placement on the paper."""

    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class _Op(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Op):
    """One line of text (without the newline); wrapped by the driver if wider than the paper."""

    op: Literal["text"] = "text"
    text: str
    align: Align = Align.LEFT
    bold: bool = False
    double: bool = False
    """Double width and height (totals, change)."""


class Columns(_Op):
    """A left part and a right part on one line, the right part flush right (``Kopi  Rp65.000``).

    The driver fits both to the paper width, wrapping the left part if needed.
    """

    op: Literal["columns"] = "columns"
    left: str
    right: str
    bold: bool = False


class Rule(_Op):
    """A full-width separator line."""

    op: Literal["rule"] = "rule"
    char: Annotated[str, Field(min_length=1, max_length=1)] = "-"


class Barcode(_Op):
    """A 1-D barcode with its human-readable text below."""

    op: Literal["barcode"] = "barcode"
    data: str
    symbology: Literal["EAN13", "CODE128"] = "CODE128"


class QRCode(_Op):
    """A QR code (QRIS payloads, links)."""

    op: Literal["qr"] = "qr"
    data: str
    size: Annotated[int, Field(ge=1, le=16)] = 6


class Feed(_Op):
    """Blank lines."""

    op: Literal["feed"] = "feed"
    lines: Annotated[int, Field(ge=1, le=10)] = 1


Op = Annotated[Text | Columns | Rule | Barcode | QRCode | Feed, Field(discriminator="op")]


class PrintDocument(BaseModel):
    """A whole print job: operations in order, then an optional drawer kick, then a cut."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = ""
    """What the job is, for the print queue listing (``Struk BLU-20261122-0007``)."""
    ops: tuple[Op, ...] = ()
    open_drawer: bool = False
    """Kick the cash drawer (cash sales) after printing."""
    cut: bool = True

    def to_json(self) -> str:
        """The job as stored in the print queue."""
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str) -> PrintDocument:
        """A job read back from the print queue."""
        return cls.model_validate_json(text)
