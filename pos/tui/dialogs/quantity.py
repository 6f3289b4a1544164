"""F3: a new quantity for the selected line."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from inventory.i18n import t
from inventory.quantity import Unit, format_quantity
from pos.cart import CartLine
from pos.tui.dialogs.base import TillDialog
from pos.tui.widgets.inputs import TillInput


class QuantityDialog(TillDialog[int | None]):
    """Asks how many pieces (or grams/millilitres for weighed goods); returns the number."""

    def __init__(self, line: CartLine) -> None:
        super().__init__()
        self.line = line

    def compose(self) -> ComposeResult:
        unit = "" if self.line.unit is Unit.PIECE else f" ({self.line.unit.value})"
        with Vertical(classes="dialog", id="quantity-dialog"):
            yield Label(t("tui.quantity.title"), classes="dialog-title")
            yield Label(self.line.name)
            yield Label(
                t(
                    "tui.quantity.current",
                    quantity=format_quantity(self.line.quantity, self.line.unit),
                )
            )
            yield Label(t("tui.quantity.new", unit=unit))
            yield TillInput(id="quantity", restrict=r"[0-9]*", max_length=8)
            yield Static("", id="quantity-message", classes="message")

    def on_mount(self) -> None:
        self.query_one("#quantity", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.isdigit() or int(event.value) <= 0:
            self.query_one("#quantity-message", Static).update(
                t("cart.bad_quantity", quantity=event.value)
            )
            self.pos.bell()
            return
        self.dismiss(int(event.value))
