"""Opening a shift: the cash float in the drawer, then Enter."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.widgets import Footer, Input, Label, Static

from inventory.errors import NttMartError
from inventory.i18n import t
from inventory.money import parse_rupiah
from pos import shifts
from pos.tui.screens.base import TillScreen
from pos.tui.widgets.inputs import TillInput
from pos.tui.widgets.status_bar import StatusBar


class OpenShiftScreen(TillScreen):
    """No shift is open: the cashier counts the float and opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "log_out", "tui.key.log_out", key_display="Esc")
    ]

    def compose(self) -> ComposeResult:
        cashier = self.pos.till.cashier
        yield StatusBar()
        with Center(), Vertical(classes="panel", id="open-shift"):
            yield Label(t("tui.shift.open_title"), classes="panel-title")
            yield Label(t("tui.shift.open_hint", name=cashier.name if cashier else "-"))
            yield Label(t("tui.shift.float"))
            yield TillInput(id="float", placeholder="Rp0")
            yield Static("", id="shift-message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#float", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        till = self.pos.till
        assert till.cashier is not None
        message = self.query_one("#shift-message", Static)
        try:
            amount = parse_rupiah(event.value or "0")
            till.shift = shifts.open_shift(
                self.pos.context, cashier=till.cashier.username, opening_float=amount
            )
        except NttMartError as error:
            message.update(str(error))
            self.pos.bell()
            return
        from pos.tui.screens.sale import SaleScreen

        self.pos.switch_screen(SaleScreen())

    def action_log_out(self) -> None:
        """Back to the login screen."""
        self.pos.till.log_out()
        self.pos.pop_screen()
