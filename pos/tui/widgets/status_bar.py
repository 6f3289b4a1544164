"""The header line every screen shows: outlet, cashier, shift, sync state, printer, time."""

from __future__ import annotations

from textual.widgets import Static

from inventory.clock import format_wita
from inventory.i18n import t
from pos.tui.status import sync_status
from pos.tui.till_app import TillApp

REFRESH_SECONDS = 5.0


class StatusBar(Static):
    """Who and where: refreshed every few seconds and whenever a screen asks."""

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
        """Read the current state and redraw."""
        self.update(status_line(self.pos_app))


def status_line(app: TillApp) -> str:
    """The two header lines for the app's current state.

    First who and where (outlet, cashier, shift, time in WITA), then the machine's state (sync
    with the centre, printer).
    """
    context = app.context
    till = app.till
    cashier = till.cashier.name if till.cashier else "-"
    shift = (
        t("tui.status.shift", number=till.shift.number) if till.shift else t("tui.status.no_shift")
    )
    who = [
        f"{context.settings.outlet.name} ({context.outlet})",
        t("tui.status.cashier", name=cashier),
        shift,
        format_wita(context.clock.now()),
    ]
    sync = sync_status(context.store, context.outlet)
    state = t("tui.status.online") if sync.online else t("tui.status.offline")
    machine = [
        t("tui.status.sync", state=state, waiting=sync.waiting),
        t("tui.status.printer", state=app.printer_state_text()),
    ]
    return " │ ".join(who) + "\n" + " │ ".join(machine)
