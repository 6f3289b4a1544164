"""Login: username, Tab, PIN, Enter; then the open shift or the shift-opening screen."""

from __future__ import annotations

from typing import ClassVar

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.message import Message
from textual.widgets import Footer, Input, Label, Static

from inventory.errors import NttMartError
from inventory.i18n import t
from pos.tui.screens.base import TillScreen
from pos.tui.widgets.inputs import TillInput
from pos.tui.widgets.status_bar import StatusBar


class LoginScreen(TillScreen):
    """Who is at the till.

    Keys may arrive in one burst (``kasir<Tab>1234<Enter>`` from tmux, a fast typist): the app
    hands each queued key to whatever is focused *when it handles that key*, and
    :meth:`~textual.widget.Widget.focus` only queues the change, behind the PIN digits. So Tab
    (and Enter on the username) are priority bindings, run by the app itself before it hands on
    the next key, that move the focus synchronously with :meth:`~textual.screen.Screen.set_focus`.
    Enter on the PIN stays with the PIN field, in order with the digits before it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "switch_field", show=False, priority=True),
        Binding("shift+tab", "switch_field", show=False, priority=True),
        Binding("enter", "username_done", show=False, priority=True),
    ]

    def compose(self) -> ComposeResult:
        yield StatusBar()
        with Center(), Vertical(classes="panel", id="login"):
            yield Label(self.pos.outlet_label.name, classes="panel-title")
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

    class Shown(Message):
        """The login screen is on the terminal: the app may open the outlet behind it."""

    waiting = False
    """A login was asked for before the outlet was open: it goes on once the outlet is."""

    def on_screen_resume(self) -> None:
        self.set_focus(self.query_one("#username", Input))
        # Once this screen is on the terminal, the outlet opens behind it (``nttmart pos``).
        self.call_after_refresh(self.post_message, self.Shown())

    def outlet_opened(self) -> None:
        """The outlet is open: a login that waited for it goes on."""
        if self.waiting:
            self.waiting = False
            self.log_in()

    def action_switch_field(self) -> None:
        """Tab / Shift+Tab: username to PIN and back, before the next key is delivered."""
        username = self.query_one("#username", Input)
        self.set_focus(self.query_one("#pin", Input) if self.focused is username else username)

    def action_username_done(self) -> None:
        """Enter on the username moves to the PIN at once; elsewhere Enter is the field's own."""
        if self.focused is not self.query_one("#username", Input):
            raise SkipAction()
        self.set_focus(self.query_one("#pin", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "pin":
            self.log_in()

    def log_in(self) -> None:
        """Check username and PIN; go on to the shift or the sale."""
        # Staff, shifts and the sale load here, at the first login: the login screen itself
        # needs none of them, so it is up sooner.
        from pos import staff
        from pos.shifts import current_shift

        message = self.query_one("#login-message", Static)
        if not self.pos.is_open:
            self.waiting = True
            message.update(t("tui.login.opening"))
            return
        username = self.query_one("#username", Input).value.strip()
        pin_input = self.query_one("#pin", Input)
        context = self.pos.context
        try:
            member = staff.authenticate(context, username, pin_input.value)
        except NttMartError as error:
            pin_input.value = ""
            message.update(str(error))
            self.pos.bell()
            self.set_focus(pin_input)
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
