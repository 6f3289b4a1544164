"""Choosing one of a list (a producer, a reason, a layout): type to narrow it, arrows, Enter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from inventory.i18n import t
from pos.tui.dialogs.base import TillDialog
from pos.tui.manager.base import CSS
from pos.tui.widgets.inputs import TillInput


class ChoiceDialog(TillDialog[str | None]):
    """Returns the id of the chosen ``(id, label)`` pair, or ``None`` (Esc)."""

    CSS_PATH = CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", show=False, priority=True),
        Binding("down", "move(1)", show=False, priority=True),
    ]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], *, note: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.note = note
        self.shown = list(self.choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="choice"):
            yield Label(self.title_text, classes="dialog-title")
            if self.note:
                yield Static(self.note, id="choice-note")
            yield TillInput(id="choice-filter", placeholder=t("manager_tui.choice.hint"))
            yield OptionList(*(Option(label) for _, label in self.shown), id="choice-list")
            yield Static("", id="choice-message", classes="message")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.can_focus = False
        if self.shown:
            options.highlighted = 0
        self.query_one("#choice-filter", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        words = event.value.casefold().split()
        self.shown = [
            (key, label) for key, label in self.choices if all(w in label.casefold() for w in words)
        ]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(label) for _, label in self.shown)
        if self.shown:
            options.highlighted = 0
        message = "" if self.shown else t("manager_tui.choice.none")
        self.query_one("#choice-message", Static).update(message)

    def action_move(self, step: int) -> None:
        """Move the highlight."""
        options = self.query_one(OptionList)
        if self.shown:
            current = options.highlighted or 0
            options.highlighted = min(max(current + step, 0), len(self.shown) - 1)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose(self.query_one(OptionList).highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def _choose(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self.shown):
            self.pos.bell()
            return
        self.dismiss(self.shown[index][0])
