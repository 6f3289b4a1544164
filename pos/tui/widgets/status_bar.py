"""The header every screen shows: outlet, cashier, shift, time; sync state and printer."""

from __future__ import annotations

from textual.widgets import Static

from inventory.clock import SystemClock, format_wita
from inventory.i18n import t
from pos.tui.till_app import TillApp

REFRESH_SECONDS = 5.0


class StatusBar(Static):
    """Who and where: refreshed every few seconds (the sync worker may run in another process)
    and whenever the app asks (after a sale, a refund, a print)."""

    DEFAULT_CSS = """
    StatusBar {
        dock: top;
        height: 2;
        background: $primary;
        color: $text;
        padding: 0 1;
    }
    """

    @property
    def pos_app(self) -> TillApp:
        """The cashier app this bar belongs to."""
        assert isinstance(self.app, TillApp)
        return self.app

    def on_mount(self) -> None:
        self.refresh_status()
        self.set_interval(REFRESH_SECONDS, self.refresh_status)

    def refresh_status(self) -> None:
        """Read the current state and redraw (only if it changed: no repaint for nothing)."""
        line = status_line(self.pos_app)
        if line != self.shown:
            self.shown = line
            self.update(line)

    shown = ""
    """The lines on screen now."""


def status_line(app: TillApp) -> str:
    """The two header lines for the app's current state.

    First who and where (outlet, cashier, shift, time in WITA), then the machine's state (sync
    with the centre, printer).
    """
    till = app.till
    cashier = till.cashier.name if till.cashier else "-"
    shift = (
        t("tui.status.shift", number=till.shift.number) if till.shift else t("tui.status.no_shift")
    )
    label = app.outlet_label
    clock = app.context.clock if app.is_open else SystemClock()
    who = [
        f"{label.name} ({label.code})",
        t("tui.status.cashier", name=cashier),
        shift,
        format_wita(clock.now()),
    ]
    if not app.is_open:  # being opened behind the login screen
        return " │ ".join(who) + "\n" + t("tui.status.opening")
    from pos.sync_state import read_sync_state, sync_state_text

    context = app.context
    sync = read_sync_state(
        context.store,
        outlet=context.outlet,
        settings=context.settings.sync,
        now=context.clock.now(),
    )
    machine = [
        sync_state_text(sync),
        t("tui.status.printer", state=app.printer_state_text()),
    ]
    return " │ ".join(who) + "\n" + " │ ".join(machine)
