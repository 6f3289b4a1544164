"""F11 on the payment screen: tag the sale with a running campaign and the buyer's id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from inventory.clock import business_day
from inventory.errors import NttMartError
from inventory.i18n import t
from inventory.money import format_rupiah
from pos.campaigns import CampaignTag, campaign_tag, running
from pos.config import CampaignDefinition
from pos.documents import CampaignTagDoc
from pos.tui.dialogs.base import TillDialog
from pos.tui.widgets.inputs import TillInput


@dataclass(frozen=True, slots=True)
class CampaignChoice:
    """The cashier's choice: a checked tag, or ``None`` to take the tag off the sale."""

    tag: CampaignTagDoc | None


class CampaignDialog(TillDialog[CampaignChoice | None]):
    """Choose a campaign running today (arrows) and type or scan the buyer's id (Enter).

    The id is checked at once (a NIP digit by digit) and a wrong one is named on the spot; the
    sale itself checks it again when it is committed. F8 removes a tag already given.
    """

    # The buyer field takes the keys from the first one (see DiscountDialog).
    AUTO_FOCUS = "#buyer"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", show=False, priority=True),
        Binding("down", "move(1)", show=False, priority=True),
        Binding("f8", "remove", "campaign.tui.remove_key", key_display="F8"),
    ]

    def __init__(self, current: CampaignTagDoc | None = None) -> None:
        super().__init__()
        self.current = current
        self.campaigns: list[CampaignDefinition] = []

    def compose(self) -> ComposeResult:
        settings = self.pos.context.settings
        self.campaigns = running(settings, self._day())
        with Vertical(classes="dialog", id="campaign-dialog"):
            yield Label(t("campaign.tui.title"), classes="dialog-title")
            if not self.campaigns:
                yield Label(t("campaign.tui.none_running"), classes="message")
                return
            yield Label(t("campaign.tui.choose"))
            chosen = 0
            if self.current is not None:
                codes = [c.code for c in self.campaigns]
                chosen = codes.index(self.current.code) if self.current.code in codes else 0
            with RadioSet(id="campaigns"):
                for index, campaign in enumerate(self.campaigns):
                    text = campaign.name
                    if campaign.minimum:
                        minimum = format_rupiah(campaign.minimum)
                        text += " · " + t("campaign.tui.minimum", minimum=minimum)
                    yield RadioButton(text, value=index == chosen)
            yield Label("", id="campaign-buyer-label")
            yield TillInput(id="buyer", max_length=64)
            yield Static("", id="campaign-message", classes="message")

    def _day(self) -> date:
        context = self.pos.context
        return business_day(context.clock.now(), context.settings.outlet.business_day_cutoff)

    def on_mount(self) -> None:
        super().on_mount()
        if not self.campaigns:
            return
        self.query_one(RadioSet).can_focus = False
        buyer = self.query_one("#buyer", Input)
        if self.current is not None:
            buyer.value = self.current.buyer_id
        self._show_label()
        buyer.focus()

    @property
    def chosen(self) -> CampaignDefinition:
        """The campaign selected in the list."""
        index = self.query_one(RadioSet).pressed_index
        return self.campaigns[max(index, 0)]

    def _show_label(self) -> None:
        self.query_one("#campaign-buyer-label", Label).update(
            t("campaign.tui.buyer", label=self.chosen.label)
        )

    def action_move(self, step: int) -> None:
        """Select the previous or next campaign."""
        if not self.campaigns:
            return
        index = (self.query_one(RadioSet).pressed_index + step) % len(self.campaigns)
        list(self.query(RadioButton))[index].value = True
        self._show_label()
        self.query_one("#campaign-message", Static).update("")

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self._show_label()

    def action_remove(self) -> None:
        """Take the campaign tag off the sale."""
        self.dismiss(CampaignChoice(None))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            tag = campaign_tag(
                self.pos.context.settings, CampaignTag(self.chosen.code, event.value), self._day()
            )
        except NttMartError as error:
            self.query_one("#campaign-message", Static).update(str(error))
            self.pos.bell()
            return
        self.dismiss(CampaignChoice(tag))
