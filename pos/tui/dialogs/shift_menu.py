"""F10: the shift menu: X report, close shift, open the drawer, log out."""

from __future__ import annotations

from enum import StrEnum

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from inventory.i18n import t
from pos.tui.dialogs.base import TillDialog


class ShiftChoice(StrEnum):
    """What the cashier chose in the shift menu."""

    X_REPORT = "x_report"
    CLOSE = "close"
    OPEN_DRAWER = "open_drawer"
    LOG_OUT = "log_out"


class ShiftMenu(TillDialog[ShiftChoice | None]):
    """Arrows and Enter, or the first letter's number key."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="shift-menu"):
            yield Label(t("tui.shift_menu.title"), classes="dialog-title")
            yield OptionList(
                *(
                    Option(t(f"tui.shift_menu.{choice.value}"), id=choice.value)
                    for choice in ShiftChoice
                ),
                id="shift-options",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        assert event.option.id is not None
        self.dismiss(ShiftChoice(event.option.id))
