"""F12: payment. Cash with quick amounts, QRIS, card (EDC), transfer, or a split of them.

The screen collects tenders until they pay the sale, then commits it through
:func:`pos.checkout.complete_sale` and returns the committed sale; printing comes after.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Input, Label, Static

from inventory.errors import NttMartError
from inventory.i18n import t
from inventory.money import format_rupiah, parse_rupiah
from pos.campaigns import CampaignTag
from pos.cart import Cart
from pos.checkout import CompletedSale, PaymentQuote, TenderInput, complete_sale, quote
from pos.config import SaleSettings
from pos.documents import CampaignTagDoc
from pos.models import TenderKind
from pos.receipts import tender_label
from pos.tui.dialogs.base import TillDialog
from pos.tui.dialogs.campaign import CampaignChoice, CampaignDialog
from pos.tui.dialogs.tender import TenderDialog
from pos.tui.widgets.cart import two_columns
from pos.tui.widgets.inputs import TillInput

NOTES = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)
MODES = {
    "f2": TenderKind.CASH,
    "f3": TenderKind.QRIS,
    "f4": TenderKind.DEBIT,
    "f5": TenderKind.CREDIT,
    "f6": TenderKind.TRANSFER,
}


def suggested_cash(due: int, count: int = 2) -> list[int]:
    """Amounts a customer is likely to hand over for ``due``: the next round notes above it."""
    found: list[int] = []
    for step in (5_000, 10_000, 50_000, 100_000):
        amount = -(-due // step) * step
        if amount > due and amount not in found:
            found.append(amount)
    return sorted(found)[:count]


class PaymentScreen(TillDialog[CompletedSale | None]):
    """Takes payment for ``cart``; returns the committed sale, or ``None`` if abandoned."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"mode('{kind.value}')", f"tui.key.{kind.value}", key_display=key.upper())
            for key, kind in MODES.items()
        ),
        Binding("f7", "quick(0)", "tui.key.exact", key_display="F7"),
        Binding("f8", "quick(1)", "tui.key.quick", key_display="F8", show=False),
        Binding("f9", "quick(2)", "tui.key.quick", key_display="F9", show=False),
        Binding("f10", "remove_tender", "tui.key.remove_tender", key_display="F10"),
        Binding("f11", "campaign", "campaign.tui.key", key_display="F11"),
        Binding("escape", "cancel", "tui.key.back", key_display="Esc"),
    ]

    def __init__(self, cart: Cart) -> None:
        super().__init__(classes="full")
        self.cart = cart
        self.tenders: list[TenderInput] = []
        self.mode = TenderKind.CASH
        self.campaign: CampaignTagDoc | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog payment", id="payment"):
            yield Label(t("tui.pay.title"), classes="dialog-title")
            yield Static("", id="pay-summary")
            yield Label("", id="pay-mode", classes="pay-mode")
            yield TillInput(id="amount", max_length=16)
            yield Static("", id="pay-quick")
            yield Static("", id="pay-message", classes="message")
            yield Static("", id="pay-campaign")
        yield Footer(compact=True)

    @property
    def rules(self) -> SaleSettings:
        """The till's sale rules."""
        return self.pos.context.settings.sale

    def on_mount(self) -> None:
        self.query_one("#pay-campaign", Static).display = False
        self.refresh_payment()
        self.query_one("#amount", Input).focus()

    def current_quote(self) -> PaymentQuote:
        """What the tenders so far pay."""
        return quote(self.cart, self.tenders, self.rules)

    def noncash_default(self, q: PaymentQuote) -> int:
        """What a card, QRIS or transfer would pay now: the exact rest."""
        return max(0, q.goods_total - q.noncash - q.cash_tendered)

    def quick_amounts(self) -> list[int]:
        """F7 (exact), F8 and F9 amounts for cash."""
        q = self.current_quote()
        due = q.remaining if q.cash_tendered else q.cash_due
        return [due, *suggested_cash(due)] if due > 0 else []

    def refresh_payment(self) -> None:
        """Redraw the amounts, the tenders so far and the quick keys."""
        q = self.current_quote()
        rows = [(t("tui.pay.total"), format_rupiah(q.goods_total))]
        for tender in self.tenders:
            label = tender_label(tender.kind)
            if tender.reference:
                label += f" ({tender.reference})"
            rows.append((label, format_rupiah(tender.amount)))
        if q.rounding:
            rows.append((t("tui.pay.rounding"), format_rupiah(q.rounding)))
        if self.tenders:
            rows.append((t("tui.pay.remaining"), format_rupiah(q.remaining)))
        if q.cash_due != q.goods_total - q.noncash and not q.cash_tendered:
            rows.append((t("tui.pay.cash_due"), format_rupiah(q.cash_due)))
        self.query_one("#pay-summary", Static).update(two_columns(rows))
        self.query_one("#pay-mode", Label).update(t("tui.pay.mode", tender=tender_label(self.mode)))
        amount = self.query_one("#amount", Input)
        if self.mode is TenderKind.CASH:
            amount.placeholder = format_rupiah(q.remaining if q.cash_tendered else q.cash_due)
            quick = self.quick_amounts()
            keys = ("F7", "F8", "F9")
            parts = [
                f"{key} {format_rupiah(value)}" for key, value in zip(keys, quick, strict=False)
            ]
            text = t("tui.pay.quick", amounts="   ".join(parts)) if parts else ""
        else:
            amount.placeholder = format_rupiah(self.noncash_default(q))
            text = t("tui.pay.noncash_hint")
        self.query_one("#pay-quick", Static).update(text)

    def say(self, message: str, *, error: bool = True) -> None:
        """Show ``message`` under the amount (errors ring the bell)."""
        self.query_one("#pay-message", Static).update(message)
        if error and message:
            self.pos.bell()

    def action_mode(self, kind: str) -> None:
        """Choose how the next amount is paid."""
        self.mode = TenderKind(kind)
        self.say("", error=False)
        self.refresh_payment()
        self.query_one("#amount", Input).focus()

    def action_quick(self, index: int) -> None:
        """Pay cash with the exact amount (F7) or a suggested note (F8, F9)."""
        amounts = self.quick_amounts()
        if index >= len(amounts):
            self.pos.bell()
            return
        self.mode = TenderKind.CASH
        self.add_tender(TenderInput.cash(amounts[index]))

    def action_remove_tender(self) -> None:
        """Take back the last tender (split payments)."""
        if self.tenders:
            self.tenders.pop()
            self.say("", error=False)
            self.refresh_payment()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # F11 is only offered (and shown) where campaigns are configured.
        if action == "campaign":
            return bool(self.pos.context.settings.campaigns.drive)
        return True

    def action_campaign(self) -> None:
        """F11: tag the sale with a campaign and the buyer's id (or take the tag off)."""

        def chosen(choice: CampaignChoice | None) -> None:
            if choice is not None:
                self.campaign = choice.tag
                shown = self.query_one("#pay-campaign", Static)
                if choice.tag is not None:
                    tag = choice.tag
                    shown.update(
                        t("campaign.tui.tagged", name=tag.name, label=tag.buyer_label,
                          buyer=tag.buyer_id)
                    )  # fmt: skip
                shown.display = choice.tag is not None
            self.query_one("#amount", Input).focus()

        self.pos.push_screen(CampaignDialog(self.campaign), chosen)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        q = self.current_quote()
        try:
            if event.value.strip():
                amount = parse_rupiah(event.value)
            elif self.mode is TenderKind.CASH:
                amount = q.remaining if q.cash_tendered else q.cash_due
            else:
                amount = self.noncash_default(q)
        except NttMartError as error:
            self.say(str(error))
            return
        event.input.value = ""
        if self.mode is TenderKind.CASH:
            self.add_tender(TenderInput.cash(amount))
        else:
            self.ask_tender(self.mode, amount)

    def ask_tender(self, kind: TenderKind, amount: int) -> None:
        """A non-cash tender: QR code or EDC reference in a dialog, then added."""
        if amount <= 0:
            self.say(t("payment.bad_amount", amount=amount))
            return

        def confirmed(reference: str | None) -> None:
            if reference is None:
                self.query_one("#amount", Input).focus()
                return
            self.add_tender(TenderInput(kind, amount, reference or None))

        self.pos.push_screen(TenderDialog(kind, amount), confirmed)

    def add_tender(self, tender: TenderInput) -> None:
        """Add ``tender``; once the tenders pay the sale, commit it and close."""
        tenders = [*self.tenders, tender]
        try:
            q = quote(self.cart, tenders, self.rules)
        except NttMartError as error:
            self.say(str(error))
            return
        self.tenders = tenders
        self.say("", error=False)
        if not q.complete:
            self.mode = TenderKind.CASH
            self.refresh_payment()
            return
        self.commit()

    def commit(self) -> None:
        """Commit the sale (the one transaction); only then does anything print."""
        tenders = self.tenders
        tag = self.campaign
        campaign = CampaignTag(tag.code, tag.buyer_id) if tag is not None else None
        sale = self.pos.attempt(
            lambda: complete_sale(self.pos.context, self.cart, tenders, campaign=campaign)
        )
        if sale is None:
            self.tenders.pop()
            self.refresh_payment()
            return
        self.dismiss(sale)
