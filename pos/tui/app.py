"""The cashier app: :class:`PosApp` and :func:`build_app`, the factory every caller uses.

The CLI (``nttmart pos``, ``nttmart demo``), the tests and the benches all build the app the
same way: an opened :class:`~pos.context.OutletContext` (settings, database, clock) and an
optional print queue (:class:`pos.print_queue.PrintQueue`) for the receipt printer.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.binding import Binding, BindingType

from hardware.printer import ReceiptPrinter
from inventory.i18n import t
from pos.context import OutletContext
from pos.print_queue import PrintQueue
from pos.tui.dialogs.message import MessageDialog
from pos.tui.keys import translate_bindings
from pos.tui.screens.login import LoginScreen
from pos.tui.till_app import TillApp


class PosApp(TillApp):
    """The till: login, shift, sale, payment, refunds and reports, keyboard first."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "NTT Mart POS"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "tui.key.quit", show=False, priority=True)
    ]

    def __init__(self, context: OutletContext, *, print_queue: PrintQueue) -> None:
        super().__init__(context, print_queue=print_queue)
        translate_bindings(self)

    def on_mount(self) -> None:
        self.push_screen(LoginScreen())

    async def action_quit(self) -> None:
        """Leave the app, only from the login screen: a cashier logs out first (F10)."""
        if isinstance(self.screen, LoginScreen):
            self.exit()
        else:
            self.bell()
            self.report(t("tui.quit_needs_logout"))

    def report(self, message: str, *, error: bool = True) -> None:
        """Show ``message`` in the message dialog."""
        self.push_screen(MessageDialog(message, error=error))


def build_app(
    context: OutletContext,
    *,
    printer: ReceiptPrinter | None = None,
    print_queue: PrintQueue | None = None,
) -> PosApp:
    """The cashier app for ``context`` (the one factory of the CLI, the demo and the tests).

    Receipts go through ``print_queue``, or a queue on ``printer``; without a printer they are
    kept in the queue (the header says so) and print once one is configured.
    """
    if print_queue is None:
        print_queue = PrintQueue(context.store, printer, clock=context.clock)
    return PosApp(context, print_queue=print_queue)
