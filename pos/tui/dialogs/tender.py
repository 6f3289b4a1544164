"""A non-cash tender: the QRIS code to scan, or the EDC's approval code, or a transfer."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from inventory.errors import NttMartError
from inventory.i18n import t
from inventory.money import format_rupiah
from pos import qris
from pos.checkout import NEEDS_REFERENCE
from pos.models import TenderKind
from pos.receipts import qris_slip, tender_label
from pos.tui.dialogs.base import TillDialog
from pos.tui.qr import qr_text
from pos.tui.widgets.inputs import TillInput


class TenderDialog(TillDialog[str | None]):
    """Confirms a QRIS, card or transfer payment of ``amount``; returns its reference.

    QRIS shows the dynamic code (the static merchant code with this amount) drawn in the
    terminal; the cashier confirms once the payment shows on the merchant's device. F8 prints
    the code on a slip for customers who cannot see the screen.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f8", "print_qr", "tui.key.print_qr", key_display="F8")
    ]

    def __init__(self, kind: TenderKind, amount: int) -> None:
        super().__init__(classes="qris" if kind is TenderKind.QRIS else "")
        self.kind = kind
        self.amount = amount
        self.payload: str | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(classes="dialog", id="tender-dialog"):
            if self.kind is TenderKind.QRIS:
                # The code takes the left side at full height: it needs every row it can get.
                yield Static("", id="qr")
            with Vertical(id="tender-info"):
                title = t(
                    "tui.tender.title",
                    tender=tender_label(self.kind),
                    amount=format_rupiah(self.amount),
                )
                yield Label(title, classes="dialog-title")
                if self.kind is TenderKind.QRIS:
                    yield Label(t("tui.tender.qris_hint"))
                elif self.kind in NEEDS_REFERENCE:
                    yield Label(t("tui.tender.edc_hint", amount=format_rupiah(self.amount)))
                else:
                    yield Label(t("tui.tender.transfer_hint"))
                required = self.kind in NEEDS_REFERENCE
                key = "tui.tender.reference_required" if required else "tui.tender.reference"
                yield Label(t(key))
                yield TillInput(id="reference", max_length=64)
                yield Static("", id="tender-message", classes="message")

    def on_mount(self) -> None:
        if self.kind is TenderKind.QRIS:
            static = self.pos.context.settings.sale.qris_static
            try:
                if not static:
                    raise NttMartError("tui.tender.qris_not_configured")
                self.payload = qris.with_amount(static, self.amount)
            except NttMartError as error:
                self.query_one("#qr", Static).update(str(error))
                self.query_one("#reference", Input).disabled = True
                self.pos.bell()
                return
            self.query_one("#qr", Static).update(qr_text(self.payload))
        self.query_one("#reference", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        reference = event.value.strip()
        if self.kind in NEEDS_REFERENCE and not reference:
            self.query_one("#tender-message", Static).update(
                t("payment.reference_required", tender=tender_label(self.kind))
            )
            self.pos.bell()
            return
        self.dismiss(reference)

    def action_print_qr(self) -> None:
        """Print the QRIS code on a slip."""
        if self.payload is not None:
            slip = qris_slip(self.payload, self.amount, self.pos.context.settings)
            self.pos.print_document(slip, kind="qris", reference=None)
