"""F11: the manager's menu. Arrows and Enter, or the number in front of an entry."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from inventory.i18n import t
from pos.tui.manager.base import ManagerScreen, key


class MenuEntry(StrEnum):
    """What the manager can open, in menu order."""

    RECEIVING = "receiving"
    COUNT = "count"
    ADJUSTMENT = "adjustment"
    CONSIGNMENT = "consignment"
    TRANSFERS = "transfers"
    REORDER = "reorder"
    LABELS = "labels"
    CERTIFICATES = "certificates"
    RETURNS = "returns"


def screen_for(entry: MenuEntry) -> Screen[None]:
    """A new screen for ``entry`` (imported on demand: the till starts faster)."""
    if entry is MenuEntry.RECEIVING:
        from pos.tui.manager.receiving import ReceivingScreen

        return ReceivingScreen()
    if entry is MenuEntry.COUNT:
        from pos.tui.manager.stockcount import StockCountScreen

        return StockCountScreen()
    if entry is MenuEntry.ADJUSTMENT:
        from pos.tui.manager.adjustment import AdjustmentScreen

        return AdjustmentScreen()
    if entry is MenuEntry.CONSIGNMENT:
        from pos.tui.manager.consignment import ConsignmentScreen

        return ConsignmentScreen()
    if entry is MenuEntry.TRANSFERS:
        from pos.tui.manager.transfers import TransfersScreen

        return TransfersScreen()
    if entry is MenuEntry.REORDER:
        from pos.tui.manager.reorder import ReorderScreen

        return ReorderScreen()
    if entry is MenuEntry.LABELS:
        from pos.tui.manager.labels import LabelsScreen

        return LabelsScreen()
    if entry is MenuEntry.RETURNS:
        from pos.tui.manager.returns import ReturnsScreen

        return ReturnsScreen()
    from pos.tui.manager.certificates import CertificatesScreen

    return CertificatesScreen()


class ManagerMenuScreen(ManagerScreen):
    """The store manager's tools."""

    TITLE_KEY = "manager_tui.menu.title"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("escape", "back", "manager_tui.key.back_to_sale", "Esc"),
        *(
            Binding(str(number), f"open('{entry.value}')", show=False)
            for number, entry in enumerate(MenuEntry, start=1)
        ),
    ]

    def compose_body(self) -> ComposeResult:
        yield OptionList(
            *(
                Option(f"{number}  {t(f'manager_tui.menu.{entry.value}')}", id=entry.value)
                for number, entry in enumerate(MenuEntry, start=1)
            ),
            id="manager-menu",
        )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        assert event.option.id is not None
        self.action_open(event.option.id)

    def action_open(self, entry: str) -> None:
        """Open the screen of ``entry``."""
        self.pos.push_screen(screen_for(MenuEntry(entry)))
