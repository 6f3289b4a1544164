"""F7: a refund. Scan the receipt's barcode or type its number, choose lines and quantities,
then F12: a manager approves, the refund is committed and its slip printed."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Input, Label, Static

from inventory.errors import NttMartError
from inventory.i18n import t
from inventory.money import format_rupiah
from pos import refunds
from pos.models import TenderKind
from pos.receipts import tender_label
from pos.refunds import CompletedRefund, RefundableSale, RefundItem
from pos.staff import Approval
from pos.tui.approval import with_approval
from pos.tui.dialogs.base import TillDialog
from pos.tui.widgets.inputs import TillInput


class RefundScreen(TillDialog[CompletedRefund | None]):
    """Find the sale, choose what comes back, pay it back; returns the committed refund."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f4", "next_tender", "tui.key.refund_tender", key_display="F4"),
        Binding("f12", "refund", "tui.key.refund_confirm", key_display="F12"),
        Binding("up", "cursor(-1)", show=False, priority=True),
        Binding("down", "cursor(1)", show=False, priority=True),
        Binding("escape", "cancel", "tui.key.back", key_display="Esc"),
    ]

    def __init__(self, *, shift_id: str, cashier: str) -> None:
        super().__init__(classes="full")
        self.shift_id = shift_id
        self.cashier = cashier
        self.sale: RefundableSale | None = None
        self.chosen: dict[str, int] = {}
        self.tender = TenderKind.CASH

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="refund"):
            yield Label(t("tui.refund.title"), classes="dialog-title")
            yield Label(t("tui.refund.receipt"))
            yield TillInput(id="refund-receipt", max_length=32)
            yield DataTable(id="refund-lines", cursor_type="row")
            yield Label(t("tui.refund.quantity_hint"))
            yield TillInput(id="refund-quantity", restrict=r"[0-9]*", max_length=8, disabled=True)
            yield Static("", id="refund-summary")
            yield Static("", id="refund-message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.can_focus = False
        for key, label, width in (
            ("no", "#", 3),
            ("name", t("tui.cart.name"), 34),
            ("sold", t("tui.refund.sold"), 8),
            ("back", t("tui.refund.already"), 8),
            ("amount", t("tui.cart.amount"), 12),
            ("chosen", t("tui.refund.chosen"), 8),
        ):
            table.add_column(label, key=key, width=width)
        self.query_one("#refund-receipt", Input).focus()

    def say(self, message: str, *, error: bool = True) -> None:
        """Show ``message`` (errors ring the bell)."""
        self.query_one("#refund-message", Static).update(message)
        if error and message:
            self.pos.bell()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "refund-receipt":
            self.load(event.value)
        else:
            self.choose(event.value)

    def load(self, receipt_no: str) -> None:
        """Find the sale ``receipt_no`` and list its lines."""
        try:
            sale = refunds.find_refundable(self.pos.context, receipt_no.strip().upper())
        except NttMartError as error:
            # Empty the field so the next scan of a receipt barcode starts afresh.
            self.query_one("#refund-receipt", Input).value = ""
            self.say(str(error))
            return
        self.sale = sale
        self.chosen = {}
        self.tender = TenderKind.CASH
        self.say("", error=False)
        quantity = self.query_one("#refund-quantity", Input)
        quantity.disabled = False
        quantity.focus()
        self.show()

    def show(self) -> None:
        """Redraw the lines, the chosen quantities and the amount to pay back."""
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        if self.sale is None:
            return
        for line in self.sale.lines:
            table.add_row(
                str(line.line_no),
                line.name,
                Text(str(line.quantity), justify="right"),
                Text(str(line.refunded), justify="right"),
                Text(format_rupiah(line.total), justify="right"),
                Text(str(self.chosen.get(line.sale_line_id, "")), justify="right"),
                key=line.sale_line_id,
            )
        table.move_cursor(row=max(0, min(row, len(self.sale.lines) - 1)), animate=False)
        amount = sum(
            refunds.line_refund_amount(line, self.chosen[line.sale_line_id])
            for line in self.sale.lines
            if self.chosen.get(line.sale_line_id)
        )
        doc = self.sale.sale
        self.query_one("#refund-summary", Static).update(
            t(
                "tui.refund.summary",
                receipt=doc.receipt_no,
                total=format_rupiah(doc.total),
                amount=format_rupiah(amount),
                tender=tender_label(self.tender),
            )
        )

    def action_cursor(self, step: int) -> None:
        """Move the line selection."""
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=min(max(table.cursor_row + step, 0), table.row_count - 1))

    def choose(self, text: str) -> None:
        """Set the quantity to give back of the selected line (empty: all that is left)."""
        if self.sale is None:
            return
        line = self.sale.lines[self.query_one(DataTable).cursor_row]
        quantity = int(text) if text.isdigit() else line.refundable
        self.query_one("#refund-quantity", Input).value = ""
        if quantity > line.refundable:
            self.say(
                t(
                    "refund.too_much",
                    name=line.name,
                    quantity=quantity,
                    sold=line.quantity,
                    refunded=line.refunded,
                )
            )
            return
        self.say("", error=False)
        if quantity:
            self.chosen[line.sale_line_id] = quantity
        else:
            self.chosen.pop(line.sale_line_id, None)
        self.show()

    def action_next_tender(self) -> None:
        """Pay back in cash or by a tender the sale was paid with."""
        if self.sale is None:
            return
        tenders = list(self.sale.tenders)
        self.tender = tenders[(tenders.index(self.tender) + 1) % len(tenders)]
        self.show()

    def action_refund(self) -> None:
        """Ask a manager, then commit the refund."""
        if self.sale is None or not self.chosen:
            self.say(t("refund.nothing"))
            return
        items = [RefundItem(line_id, quantity) for line_id, quantity in self.chosen.items()]
        receipt_no = self.sale.sale.receipt_no
        done: list[CompletedRefund] = []

        def give_back(approval: Approval | None) -> None:
            done.append(
                refunds.refund(
                    self.pos.context,
                    receipt_no=receipt_no,
                    items=items,
                    approval=approval,
                    reason=approval.reason if approval else "",
                    cashier=self.cashier,
                    shift_id=self.shift_id,
                    tender=self.tender,
                )
            )

        def given() -> None:
            self.dismiss(done[0])

        with_approval(self.pos, give_back, given)
