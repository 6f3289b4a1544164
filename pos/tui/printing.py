"""What the till needs of the print queue, and how its printer state reads in the header.

The app depends on this small protocol, which :class:`pos.print_queue.PrintQueue` satisfies, so
the screens never care which printer (or none) stands behind the queue.
"""

from __future__ import annotations

from typing import Any, Protocol

from hardware.document import PrintDocument
from inventory.i18n import t


class PrintOutcomeLike(Protocol):
    """The result of one print attempt."""

    @property
    def job_id(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def message(self) -> str: ...


class ReceiptQueue(Protocol):
    """The print queue as the till uses it."""

    def submit(
        self, document: PrintDocument, *, kind: str, reference: str | None = None
    ) -> Any: ...
    def reprint(self, job_id: str, *, copy: bool = True) -> Any: ...
    def last(self, kind: str) -> Any: ...
    def printer_state(self) -> Any: ...


def printer_state_text(queue: ReceiptQueue | None) -> str:
    """The printer's state for the header: ready, offline, paper out... or no printer."""
    if queue is None:
        return t("tui.printer.none")
    try:
        state = queue.printer_state()
    except Exception:
        return t("tui.printer.unknown")
    value = str(getattr(state, "value", state))
    text = t(f"tui.printer.{value}")
    return text if not text.startswith("tui.printer.") else value
