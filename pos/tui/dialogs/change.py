"""After payment: the change (kembalian) in large digits, until the cashier presses Enter."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Digits, Label, Static

from inventory.i18n import t
from inventory.money import format_number, format_rupiah
from pos.checkout import CompletedSale
from pos.receipts import tender_label
from pos.tui.dialogs.base import TillDialog


class ChangeDialog(TillDialog[None]):
    """The sale is done: total, what was paid, and the change to hand back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "cancel", "tui.key.next_sale", key_display="Enter"),
        Binding("escape", "cancel", "tui.key.close", show=False),
    ]

    def __init__(self, sale: CompletedSale) -> None:
        super().__init__()
        self.sale = sale

    def compose(self) -> ComposeResult:
        doc = self.sale.doc
        paid = "\n".join(
            f"{tender_label(p.tender)}: {format_rupiah(p.tendered)}" for p in doc.payments
        )
        with Vertical(classes="dialog", id="change-dialog"):
            yield Label(t("tui.change.title", receipt=doc.receipt_no), classes="dialog-title")
            yield Static(f"{t('tui.pay.total')}: {format_rupiah(doc.total)}\n{paid}", id="paid")
            yield Label(t("tui.change.change"), classes="change-label")
            yield Digits(format_number(self.sale.change), id="change")
            yield Static(t("tui.change.hint"), classes="hint")
