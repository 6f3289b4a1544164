"""F2: find a product by name (full-text search), choose it with the arrows, Enter adds it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from inventory import catalog
from inventory.i18n import t
from inventory.models import Product
from inventory.money import format_rupiah
from pos.tui.dialogs.base import TillDialog
from pos.tui.widgets.inputs import TillInput

LIMIT = 20


class SearchDialog(TillDialog[Product | None]):
    """Type words of the name or SKU; the list follows as you type."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", show=False, priority=True),
        Binding("down", "move(1)", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.found: list[Product] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="search"):
            yield Label(t("tui.search.title"), classes="dialog-title")
            yield TillInput(id="query", placeholder=t("tui.search.hint"), max_length=80)
            yield OptionList(id="results")
            yield Static("", id="search-message", classes="message")

    def on_mount(self) -> None:
        self.query_one("#results", OptionList).can_focus = False
        self.query_one("#query", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        with self.pos.context.store.read() as session:
            self.found = catalog.search(session, event.value, limit=LIMIT)
        results = self.query_one("#results", OptionList)
        results.clear_options()
        results.add_options(Option(self._row(product)) for product in self.found)
        if self.found:
            results.highlighted = 0
        message = "" if self.found or not event.value.strip() else t("catalog.search_none")
        self.query_one("#search-message", Static).update(message)

    @staticmethod
    def _row(product: Product) -> Text:
        price = format_rupiah(product.price)
        return Text.assemble(
            (product.name[:52].ljust(53), ""), (product.sku[:14].ljust(15), "dim"), price
        )

    def action_move(self, step: int) -> None:
        """Move the highlight up or down the list."""
        results = self.query_one("#results", OptionList)
        if self.found:
            current = results.highlighted or 0
            results.highlighted = min(max(current + step, 0), len(self.found) - 1)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose(self.query_one("#results", OptionList).highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def _choose(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self.found):
            self.pos.bell()
            return
        self.dismiss(self.found[index])
