"""How the printer's state reads in the header, in the cashier's language."""

from __future__ import annotations

from inventory.i18n import t
from pos.print_queue import PrinterHealth, PrintQueue


def printer_state_text(queue: PrintQueue) -> str:
    """Ready, paper nearly out, failed (and why), not configured, or not checked yet."""
    state = queue.printer_state()
    if state.health is PrinterHealth.OK:
        if state.reason == "paper_near_end":
            return t("tui.printer.paper_near_end")
        return t("tui.printer.ok")
    if state.health is PrinterHealth.UNKNOWN:
        return t("tui.printer.unknown")
    if state.reason == "not_configured":
        return t("tui.printer.none")
    return t("tui.printer.failed", reason=t(f"printer.error.{state.reason or 'error'}"))
