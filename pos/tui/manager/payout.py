"""Recording how a producer was paid for a settlement: method, reference, date."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from inventory import settlements
from inventory.errors import NttMartError
from inventory.i18n import t
from inventory.manager_common import today_wita
from inventory.manager_models import PayoutMethod
from inventory.settlements import Settlement
from pos.tui.dialogs.base import TillDialog
from pos.tui.manager.base import CSS
from pos.tui.manager.choice import ChoiceDialog
from pos.tui.manager.entry import parse_date
from pos.tui.widgets.inputs import TillInput


class PayoutDialog(TillDialog[Settlement | None]):
    """Method (chosen first), then reference and payment date; returns the paid settlement."""

    CSS_PATH = CSS

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number
        self.method: PayoutMethod | None = None

    def compose(self) -> ComposeResult:
        today = today_wita(self.pos.context.clock.now())
        with Vertical(classes="dialog manager-form", id="payout"):
            yield Label(t("manager_tui.payout.title", number=self.number), classes="dialog-title")
            yield Static("", id="payout-method")
            yield Label(t("manager_tui.payout.reference"))
            yield TillInput(id="payout-reference", max_length=80, compact=True)
            yield Label(t("manager_tui.payout.date"))
            yield TillInput(today.strftime("%d/%m/%Y"), id="payout-date", compact=True)
            yield Static("", id="payout-message", classes="message")

    def on_mount(self) -> None:
        self.query_one("#payout-reference", Input).focus()
        self.choose_method()

    @work(exclusive=True)
    async def choose_method(self) -> None:
        """The payment method, from the list (Esc cancels the payout)."""
        choices = [(m.value, t(f"manager_tui.payout.method.{m.value}")) for m in PayoutMethod]
        chosen = await self.pos.push_screen_wait(
            ChoiceDialog(t("manager_tui.payout.choose_method"), choices)
        )
        if chosen is None:
            self.dismiss(None)
            return
        self.method = PayoutMethod(chosen)
        self.query_one("#payout-method", Static).update(
            t("manager_tui.payout.method_shown", method=t(f"manager_tui.payout.method.{chosen}"))
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "payout-reference":
            self.query_one("#payout-date", Input).focus()
            return
        self.record()

    def record(self) -> None:
        """Record the payout; on a refusal say why and keep the dialog open."""
        method = self.method
        if method is None:
            return
        context = self.pos.context
        member = self.pos.till.cashier
        stamp = context.stamp(member.username if member else None)
        reference = self.query_one("#payout-reference", Input).value.strip() or None
        try:
            paid_on = parse_date(self.query_one("#payout-date", Input).value)
            with context.store.write() as session:
                paid = settlements.record_payout(
                    session,
                    stamp,
                    number=self.number,
                    paid_on=paid_on,
                    method=method,
                    reference=reference,
                )
        except NttMartError as error:
            self.query_one("#payout-message", Static).update(str(error))
            self.pos.bell()
            self.query_one("#payout-reference", Input).focus()
            return
        self.dismiss(paid)
