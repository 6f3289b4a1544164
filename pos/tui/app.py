"""The cashier app: :class:`PosApp`, and :func:`build_app` for an outlet already open.

``nttmart pos`` gives the app an :class:`~pos.tui.till_app.Opening` (see
:func:`pos.cli.till.pos_app`): the login screen shows first and the outlet opens behind it. The
demo, the tests and the benches that need an open outlet at once use :func:`build_app` with an
opened :class:`~pos.context.OutletContext` (settings, database, clock) and an optional print
queue (:class:`pos.print_queue.PrintQueue`) for the receipt printer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType

from inventory.errors import NttMartError
from inventory.i18n import t
from pos.tui.dialogs.message import MessageDialog
from pos.tui.keys import translate_bindings
from pos.tui.screens.login import LoginScreen
from pos.tui.till_app import Opening, TillApp, TillParts

if TYPE_CHECKING:
    from hardware.printer import ReceiptPrinter
    from hardware.serial_scanner import SerialScanner
    from pos.context import OutletContext
    from pos.devices import CustomerDisplay
    from pos.print_queue import PrintQueue


class PosApp(TillApp):
    """The till: login, shift, sale, payment, refunds and reports, keyboard first."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "NTT Mart POS"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "tui.key.quit", show=False, priority=True)
    ]

    def __init__(self, parts: TillParts | Opening, *, notice: str = "") -> None:
        super().__init__(parts, notice=notice)
        self.scanner: SerialScanner | None = None
        self._opening_started = False
        translate_bindings(self)

    def on_mount(self) -> None:
        self.push_screen(LoginScreen())
        if self.parts is not None:
            self._start_devices()

    def _start_devices(self) -> None:
        self.show_customer(lambda display: display.welcome())
        if self.scanner is not None:
            self.scanner.start()

    # -- opening the outlet behind the login screen ------------------------------------------

    def on_login_screen_shown(self, _message: LoginScreen.Shown) -> None:
        self.open_outlet()

    def open_outlet(self) -> None:
        """Open the outlet in a worker thread (once; when the login screen is first shown).

        Until it is open the cashier can type; a login waits for it. If it cannot be opened the
        app exits and :attr:`open_error` says why (the command line reports it as usual).
        """
        if self.opening is None or self._opening_started:
            return
        self._opening_started = True
        opening = self.opening

        def work() -> None:
            from pos.devices import build_serial_scanner

            try:
                parts = opening.open()
                scanner = build_serial_scanner(parts.context.settings, self.device_scanned)
            except BaseException as error:  # reported by the command, with its exit code
                self.call_from_thread(self._open_failed, error)
                return
            self.call_from_thread(self._opened, parts, scanner)

        self.run_worker(work, thread=True, name="open outlet", group="open", exit_on_error=False)

    def _opened(self, parts: TillParts, scanner: SerialScanner | None) -> None:
        self.parts = parts
        self.scanner = scanner
        self._start_devices()
        for warning in parts.warnings:
            self.notify(warning, severity="warning", timeout=10)
        self.refresh_status()
        for screen in self.screen_stack:
            if isinstance(screen, LoginScreen):
                screen.outlet_opened()

    def _open_failed(self, error: BaseException) -> None:
        # The command re-raises it once the app has closed: an expected error is one line on
        # the terminal, anything else goes to the log with its traceback.
        self.open_error = error
        self.exit(return_code=error.exit_code if isinstance(error, NttMartError) else 3)

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
    from pos.devices import build_print_queue, build_serial_scanner

    if print_queue is None:
        print_queue = build_print_queue(context, printer)
    parts = TillParts(context=context, print_queue=print_queue, display=display, printer=printer)
    app = PosApp(parts, notice=notice)
    app.scanner = build_serial_scanner(context.settings, app.device_scanned)
    return app
