"""The one dialog that shows an error or a notice until the cashier presses Enter or Esc."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Button, Label, Static

from inventory.i18n import t
from pos.tui.dialogs.base import TillDialog


class MessageDialog(TillDialog[None]):
    """A message with one OK button; errors are drawn in the error colour."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "tui.key.close", key_display="Esc"),
        Binding("enter", "close", "tui.key.ok", show=False),
    ]

    def __init__(self, message: str, *, error: bool = False, title: str | None = None) -> None:
        super().__init__(classes="error" if error else "")
        self.message = message
        self.title_text = title or (t("tui.error.title") if error else t("tui.notice.title"))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, id="message", classes="message")
            yield Button(t("tui.ok"), id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
