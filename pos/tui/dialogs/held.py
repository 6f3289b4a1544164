"""F5 on an empty cart: the held sales, to recall one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from inventory.clock import to_wita
from inventory.i18n import t
from inventory.money import format_rupiah
from pos.held import HeldSale
from pos.tui.dialogs.base import TillDialog


class RecallDialog(TillDialog[str | None]):
    """Lists ``held`` sales; returns the id of the one chosen."""

    def __init__(self, held: list[HeldSale]) -> None:
        super().__init__()
        self.held = held

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="recall"):
            yield Label(t("tui.recall.title"), classes="dialog-title")
            yield OptionList(
                *(Option(self._row(sale), id=sale.id) for sale in self.held), id="held-list"
            )

    @staticmethod
    def _row(sale: HeldSale) -> str:
        time = to_wita(sale.held_at).strftime("%H:%M")
        return f"{time}  {sale.label[:44]:<44} {format_rupiah(sale.total):>12}  {sale.cashier}"

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
