"""Login: username, Tab, PIN, Enter; then the open shift or the shift-opening screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widgets import Footer, Input, Label, Static

from inventory.errors import NttMartError
from inventory.i18n import t
from pos import staff
from pos.shifts import current_shift
from pos.tui.screens.base import TillScreen
from pos.tui.widgets.inputs import TillInput
from pos.tui.widgets.status_bar import StatusBar


class LoginScreen(TillScreen):
    """Who is at the till."""

    def compose(self) -> ComposeResult:
        yield StatusBar()
        with Center(), Vertical(classes="panel", id="login"):
            yield Label(self.pos.context.settings.outlet.name, classes="panel-title")
            yield Label(t("tui.login.title"), classes="panel-subtitle")
            yield Label(t("tui.login.username"))
            yield TillInput(id="username", max_length=32)
            yield Label(t("tui.login.pin"))
            yield TillInput(id="pin", password=True, restrict=r"[0-9]*", max_length=8)
            yield Static("", id="login-message", classes="message")
            yield Static(t("tui.login.quit_hint"), classes="hint")
            if self.pos.notice:
                yield Static(self.pos.notice, id="login-notice", classes="hint")
        yield Footer()

    def on_screen_resume(self) -> None:
        self.query_one("#username", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "username":
            self.query_one("#pin", Input).focus()
            return
        self.log_in()

    def log_in(self) -> None:
        """Check username and PIN; go on to the shift or the sale."""
        username = self.query_one("#username", Input).value.strip()
        pin_input = self.query_one("#pin", Input)
        message = self.query_one("#login-message", Static)
        context = self.pos.context
        try:
            member = staff.authenticate(context, username, pin_input.value)
        except NttMartError as error:
            pin_input.value = ""
            message.update(str(error))
            self.pos.bell()
            pin_input.focus()
            return
        finally:
            pin_input.value = ""
        message.update("")
        self.query_one("#username", Input).value = ""
        till = self.pos.till
        till.cashier = member
        with context.store.read() as session:
            till.shift = current_shift(session)
        from pos.tui.screens.open_shift import OpenShiftScreen
        from pos.tui.screens.sale import SaleScreen

        self.pos.push_screen(SaleScreen() if till.shift else OpenShiftScreen())
        from pos.tui.manager.access import warn_catalog_conflicts, warn_certificates

        warn_certificates(self.pos, member)
        warn_catalog_conflicts(self.pos, member)
