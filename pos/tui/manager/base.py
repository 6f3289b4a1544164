"""What every manager screen shares: header, title, a message line, the footer, and running a
service call in one write transaction with its error shown on the message line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, TypeVar

from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Label, Static

from inventory.errors import NttMartError
from inventory.i18n import t
from inventory.stamp import Stamp
from pos.tui.screens.base import TillScreen
from pos.tui.till_app import log
from pos.tui.widgets.status_bar import StatusBar

T = TypeVar("T")

CSS = Path(__file__).with_name("manager.tcss")


def key(key: str, action: str, description: str, display: str) -> Binding:
    """An F-key of a manager screen: shown in the footer, ahead of the focused field."""
    return Binding(key, action, description, key_display=display, priority=True)


class ManagerScreen(TillScreen):
    """A full screen of the manager's menu: Esc goes back to where it came from."""

    CSS_PATH = CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        key("escape", "back", "manager_tui.key.back", "Esc"),
    ]
    TITLE_KEY: ClassVar[str] = "manager_tui.menu.title"

    def compose(self) -> ComposeResult:
        yield StatusBar()
        with Vertical(classes="manager-body"):
            yield Label(t(self.TITLE_KEY), classes="manager-title")
            yield from self.compose_body()
            yield Static("", id="manager-message", classes="message")
        yield Footer(compact=True)

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets, between the title and the message line."""
        yield from ()

    # -- who and what ---------------------------------------------------------------------------

    @property
    def actor(self) -> str:
        """The username of the manager at the till."""
        member = self.pos.till.cashier
        return member.username if member else "?"

    def stamp(self) -> Stamp:
        """Who, where and when for a change made now."""
        return self.pos.context.stamp(self.actor)

    def say(self, message: str, *, error: bool = False) -> None:
        """Show ``message`` on the message line (errors ring the bell)."""
        line = self.query_one("#manager-message", Static)
        line.update(message)
        line.set_class(error, "error")
        if error:
            self.pos.bell()

    def message(self) -> str:
        """What the message line shows (tests read it)."""
        return str(self.query_one("#manager-message", Static).render())

    # -- services -------------------------------------------------------------------------------

    def write(self, call: Callable[[Session, Stamp], T]) -> T | None:
        """Run ``call`` in one write transaction; on an expected error nothing is stored, the
        error is shown and ``None`` returned."""
        return self._run(call, write=True)

    def read(self, call: Callable[[Session, Stamp], T]) -> T | None:
        """Like :meth:`write` for a look-up that changes nothing."""
        return self._run(call, write=False)

    last_error: NttMartError | None = None
    """The expected error of the last service call, if it failed with one."""

    def _run(self, call: Callable[[Session, Stamp], T], *, write: bool) -> T | None:
        store = self.pos.context.store
        stamp = self.stamp()
        self.last_error = None
        try:
            with store.write() if write else store.read() as session:
                return call(session, stamp)
        except NttMartError as error:
            self.last_error = error
            self.say(str(error), error=True)
        except Exception:
            log.exception("unexpected error on a manager screen")
            self.say(t("tui.unexpected", log=str(self.pos.context.settings.log_path)), error=True)
        return None

    def action_back(self) -> None:
        """Esc: back to the previous screen."""
        self.dismiss()
