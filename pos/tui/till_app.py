"""The app as screens, dialogs and widgets see it: outlet, till state, errors and printing.

:class:`TillApp` knows no screen; :class:`pos.tui.app.PosApp` adds them. Screens, dialogs and
widgets depend on this module only, so nothing in the UI imports the app that assembles it.

The app runs on :class:`TillParts`: the opened outlet, its print queue and customer display.
They are given ready (tests, the demo) or opened behind the login screen (``nttmart pos``):
the screen is up at once, with the outlet's name read straight from its config file, while the
settings are validated, the database is opened and the devices are found. Nothing in this
module or in the login screen's imports loads the database layer or the settings' validation.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from textual.app import App

from inventory.errors import NttMartError
from inventory.i18n import t
from pos.config_file import OutletLabel
from pos.tui.state import Till

if TYPE_CHECKING:
    from hardware.document import PrintDocument
    from hardware.printer import ReceiptPrinter
    from pos.context import OutletContext
    from pos.devices import CustomerDisplay
    from pos.print_queue import PrintOutcome, PrintQueue

log = logging.getLogger("pos.tui")
T = TypeVar("T")


def freeze_startup_heap() -> None:
    """Exempt what exists now (modules, models, the screens) from the cyclic garbage collector.

    Once per process, when the sale screen first shows. Everything loaded until then lives as
    long as the process, yet every full collection would walk it again: with the till's
    hundreds of thousands of such objects that is a pause of a tenth of a second, landing in
    the middle of a scan every few hundred scans. Frozen, a full collection walks only what the
    sale itself made. (The little garbage alive at that instant stays; once, so it cannot grow.)
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()


@dataclass(frozen=True)
class TillParts:
    """What the till runs on."""

    context: OutletContext
    print_queue: PrintQueue
    display: CustomerDisplay | None = None
    printer: ReceiptPrinter | None = None
    """The printer behind the queue, closed with the app by whoever opened it."""
    warnings: tuple[str, ...] = ()
    """What the cashier should know about the devices (a customer display that did not open)."""


@dataclass(frozen=True)
class Opening:
    """Parts still to be opened: ``open`` runs in a worker thread once the login screen shows."""

    label: OutletLabel
    """The outlet's code and name for the screen until then."""
    open: Callable[[], TillParts]


class OutletNotOpen(RuntimeError):
    """The outlet was used before it was open (the login waits for it; nothing else may)."""


class TillApp(App[None]):
    """The till's dependencies and the services every screen uses."""

    def __init__(self, parts: TillParts | Opening, *, notice: str = "") -> None:
        super().__init__()
        self.parts: TillParts | None = parts if isinstance(parts, TillParts) else None
        self.opening: Opening | None = parts if isinstance(parts, Opening) else None
        self.open_error: BaseException | None = None
        """Why the outlet could not be opened (the app has then exited with it)."""
        self.notice = notice
        """Shown on the login screen (the demo says who can log in and where receipts go)."""
        self.till = Till()
        self.bells = 0
        """Terminal bells rung (an unknown barcode rings one); tests read it."""

    # -- the parts ------------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        """Whether the outlet is open (always, unless it is being opened behind the login)."""
        return self.parts is not None

    def _parts(self) -> TillParts:
        if self.parts is None:
            raise OutletNotOpen("the outlet is still being opened")
        return self.parts

    @property
    def context(self) -> OutletContext:
        """The opened outlet: settings, database and clock."""
        return self._parts().context

    @property
    def print_queue(self) -> PrintQueue:
        """The receipt printer's queue."""
        return self._parts().print_queue

    @property
    def customer_display(self) -> CustomerDisplay | None:
        """The customer display, if there is one."""
        return None if self.parts is None else self.parts.display

    @property
    def outlet_label(self) -> OutletLabel:
        """The outlet's code and name, from its settings once they are loaded."""
        if self.parts is not None:
            outlet = self.parts.context.settings.outlet
            return OutletLabel(code=outlet.code, name=outlet.name, language=outlet.language)
        assert self.opening is not None
        return self.opening.label

    def bell(self) -> None:
        """Ring the terminal bell (and count it)."""
        self.bells += 1
        super().bell()

    # -- errors ---------------------------------------------------------------------------------

    def attempt(self, call: Callable[[], T]) -> T | None:
        """Run a service call; an expected error is shown to the cashier and ``None`` returned.

        Anything unexpected goes to the log file with its traceback; the cashier sees only that
        something went wrong and where the details are.
        """
        try:
            return call()
        except NttMartError as error:
            self.bell()
            self.report(str(error))
        except Exception:
            log.exception("unexpected error at the till")
            self.report(t("tui.unexpected", log=str(self.context.settings.log_path)))
        return None

    def attempt_ok(self, call: Callable[[], object]) -> bool:
        """Like :meth:`attempt` for calls that return nothing: whether ``call`` succeeded."""
        done = False

        def run() -> None:
            nonlocal done
            call()
            done = True

        self.attempt(run)
        return done

    def report(self, message: str, *, error: bool = True) -> None:
        """Show ``message`` in the message dialog (the app that has screens implements it)."""
        raise NotImplementedError

    # -- customer display -------------------------------------------------------------------------

    def show_customer(self, show: Callable[[CustomerDisplay], None]) -> None:
        """Update the customer display in a worker thread (a serial write never blocks the
        till); only the newest update matters, and a failure is logged, not shown."""
        display = self.customer_display
        if display is None:
            return

        def work() -> None:
            try:
                show(display)
            except Exception:
                log.warning("customer display update failed", exc_info=True)

        self.run_worker(work, thread=True, group="display", exclusive=True, name="display")

    # -- header and printing --------------------------------------------------------------------

    def printer_state_text(self) -> str:
        """The printer's state for the header, in the cashier's language."""
        from pos.tui.printing import printer_state_text

        return printer_state_text(self.print_queue)

    def refresh_status(self) -> None:
        """Redraw the headers (after a sale, a print, a sync), dialogs' screens beneath included."""
        for screen in self.screen_stack:
            for bar in screen.query("StatusBar"):
                refresh = getattr(bar, "refresh_status", None)
                if refresh is not None:
                    refresh()

    def print_document(
        self,
        document: PrintDocument,
        *,
        kind: str,
        reference: str | None,
        done: Callable[[PrintOutcome | None], None] | None = None,
    ) -> None:
        """Queue ``document`` and print it in a worker thread.

        The caller has already committed whatever the document shows; printing never decides
        anything (DESIGN.md invariant 2). ``done`` runs on the UI thread with the outcome.
        """
        self.print_with(
            lambda queue: queue.submit(document, kind=kind, reference=reference),
            name=f"print {kind} {reference}",
            done=done,
        )

    def print_with(
        self,
        job: Callable[[PrintQueue], PrintOutcome],
        *,
        name: str,
        done: Callable[[PrintOutcome | None], None] | None = None,
    ) -> None:
        """Run ``job`` against the print queue in a worker thread (a slow or stalled printer
        never blocks the till); ``done`` gets its outcome, ``None`` if the queue itself failed."""
        queue = self.print_queue

        def work() -> None:
            outcome: PrintOutcome | None = None
            try:
                outcome = job(queue)
            except Exception:
                log.exception("%s failed", name)
            self.call_from_thread(self._printed, outcome, done)

        self.run_worker(work, thread=True, group="print", name=name)

    def _printed(
        self,
        outcome: PrintOutcome | None,
        done: Callable[[PrintOutcome | None], None] | None,
    ) -> None:
        self.refresh_status()
        if done is not None:
            done(outcome)
