"""F4: a discount in percent or Rupiah, on the selected line or on the whole sale."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from inventory.errors import NttMartError
from inventory.i18n import t
from inventory.money import parse_rupiah
from pos.pricing import Discount
from pos.tui.dialogs.base import TillDialog
from pos.tui.widgets.inputs import TillInput


class DiscountScope(StrEnum):
    """What the discount applies to."""

    LINE = "line"
    SALE = "sale"


@dataclass(frozen=True, slots=True)
class DiscountChoice:
    """The cashier's choice: ``discount`` on the line or the sale (``None`` removes it)."""

    scope: DiscountScope
    discount: Discount | None


def parse_discount(text: str) -> Discount | None:
    """``10%`` or ``12,5%`` is a percentage; ``5000``/``Rp5.000`` is Rupiah; ``0`` removes."""
    text = text.strip()
    if text in ("", "0", "0%"):
        return None
    if text.endswith("%"):
        return Discount.percent(text)
    return Discount.rupiah(parse_rupiah(text))


class DiscountDialog(TillDialog[DiscountChoice | None]):
    """Type ``10%`` or ``5000``; F4 switches between the line and the whole sale."""

    # The amount field takes the keys from the first one: keys typed in the same burst as the
    # F-key that opened the dialog arrive before on_mount runs.
    AUTO_FOCUS = "#discount"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f4", "toggle_scope", "tui.key.discount_scope", key_display="F4")
    ]

    def __init__(self, line_name: str) -> None:
        super().__init__()
        self.line_name = line_name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="discount-dialog"):
            yield Label(t("tui.discount.title"), classes="dialog-title")
            with RadioSet(id="scope"):
                yield RadioButton(t("tui.discount.line", name=self.line_name), value=True)
                yield RadioButton(t("tui.discount.sale"))
            yield Label(t("tui.discount.hint"))
            yield TillInput(id="discount", max_length=16)
            yield Static("", id="discount-message", classes="message")

    def on_mount(self) -> None:
        self.query_one(RadioSet).can_focus = False
        self.query_one("#discount", Input).focus()

    @property
    def scope(self) -> DiscountScope:
        """The scope chosen in the radio set."""
        pressed = self.query_one(RadioSet).pressed_index
        return DiscountScope.SALE if pressed == 1 else DiscountScope.LINE

    def action_toggle_scope(self) -> None:
        """Switch between the line and the whole sale."""
        buttons = list(self.query(RadioButton))
        buttons[1 if self.scope is DiscountScope.LINE else 0].value = True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            discount = parse_discount(event.value)
        except NttMartError as error:
            self.query_one("#discount-message", Static).update(str(error))
            self.pos.bell()
            return
        self.dismiss(DiscountChoice(self.scope, discount))
