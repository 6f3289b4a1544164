"""The cashier app: :class:`PosApp` and :func:`build_app`, the factory every caller uses.

The CLI (``nttmart pos``, ``nttmart demo``), the tests and the benches all build the app the
same way: an opened :class:`~pos.context.OutletContext` (settings, database, clock) and an
optional print queue (:class:`pos.print_queue.PrintQueue`) for the receipt printer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType

from inventory.i18n import t
from pos.context import OutletContext
from pos.devices import CustomerDisplay, build_print_queue, build_serial_scanner
from pos.print_queue import PrintQueue
from pos.tui.dialogs.message import MessageDialog
from pos.tui.keys import translate_bindings
from pos.tui.screens.login import LoginScreen
from pos.tui.till_app import TillApp

if TYPE_CHECKING:
    from hardware.printer import ReceiptPrinter
    from hardware.serial_scanner import SerialScanner


class PosApp(TillApp):
    """The till: login, shift, sale, payment, refunds and reports, keyboard first."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "NTT Mart POS"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "tui.key.quit", show=False, priority=True)
    ]

    def __init__(
        self,
        context: OutletContext,
        *,
        print_queue: PrintQueue,
        display: CustomerDisplay | None = None,
        notice: str = "",
    ) -> None:
        super().__init__(context, print_queue=print_queue, display=display, notice=notice)
        self.scanner: SerialScanner | None = None
        translate_bindings(self)

    def on_mount(self) -> None:
        self.push_screen(LoginScreen())
        self.show_customer(lambda display: display.welcome())
        if self.scanner is not None:
            self.scanner.start()

    def on_unmount(self) -> None:
        if self.scanner is not None:
            self.scanner.stop()

    def device_scanned(self, code: str) -> None:
        """A barcode from the serial scanner (its reader thread calls this)."""
        self.call_from_thread(self._deliver_scan, code)

    def _deliver_scan(self, code: str) -> None:
        # A scan counts only where scanning means something: the sale screen's scan field.
        # (The sale screen's modules load at the first login, not before the login screen.)
        from pos.tui.screens.sale import SaleScreen

        target = self.screen
        if isinstance(target, SaleScreen):
            target.scan(code)
        else:
            self.bell()

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
    display: CustomerDisplay | None = None,
    notice: str = "",
) -> PosApp:
    """The cashier app for ``context`` (the one factory of the CLI, the demo and the tests).

    Receipts go through ``print_queue``, or a queue on ``printer``; without a printer they are
    kept in the queue (the header says so) and print once one is configured. ``display`` is the
    customer display, if any. A serial scanner configured in ``[scanner]`` is read while the app
    runs; a keyboard scanner simply types into the scan field.
    """
    if print_queue is None:
        print_queue = build_print_queue(context, printer)
    app = PosApp(context, print_queue=print_queue, display=display, notice=notice)
    app.scanner = build_serial_scanner(context.settings, app.device_scanned)
    return app
