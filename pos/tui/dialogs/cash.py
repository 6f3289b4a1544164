"""F9: cash into or out of the drawer outside a sale, with a reason."""

from __future__ import annotations

from typing import ClassVar

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from inventory.errors import NttMartError
from inventory.i18n import t
from inventory.money import parse_rupiah
from pos import shifts
from pos.models import CashMovement, CashMovementKind
from pos.tui.dialogs.base import TillDialog
from pos.tui.widgets.inputs import TillInput


class CashDialog(TillDialog[CashMovement | None]):
    """Records a cash in or cash out of the open shift; returns the movement."""

    # The amount field takes the keys from the first one: keys typed in the same burst as the
    # F-key that opened the dialog arrive before on_mount runs.
    AUTO_FOCUS = "#cash-amount"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f9", "toggle_kind", "tui.key.cash_kind", key_display="F9"),
        # Enter on the amount moves to the reason before the next key arrives (a burst of keys
        # would otherwise put the reason in the amount field; see the login screen).
        Binding("enter", "next_field", show=False, priority=True),
    ]

    def __init__(self, shift_id: str, actor: str) -> None:
        super().__init__()
        self.shift_id = shift_id
        self.actor = actor

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="cash-dialog"):
            yield Label(t("tui.cash.title"), classes="dialog-title")
            with RadioSet(id="cash-kind"):
                yield RadioButton(t("tui.cash.in"), value=True)
                yield RadioButton(t("tui.cash.out"))
            yield Label(t("tui.cash.amount"))
            yield TillInput(id="cash-amount", max_length=16)
            yield Label(t("tui.approval.reason"))
            yield TillInput(id="cash-reason", max_length=200)
            yield Static("", id="cash-message", classes="message")

    def on_mount(self) -> None:
        self.query_one(RadioSet).can_focus = False
        self.query_one("#cash-amount", Input).focus()

    @property
    def kind(self) -> CashMovementKind:
        """In or out, as chosen."""
        pressed = self.query_one(RadioSet).pressed_index
        return CashMovementKind.CASH_OUT if pressed == 1 else CashMovementKind.CASH_IN

    def action_toggle_kind(self) -> None:
        """Switch between cash in and cash out."""
        buttons = list(self.query(RadioButton))
        buttons[1 if self.kind is CashMovementKind.CASH_IN else 0].value = True

    def action_next_field(self) -> None:
        """Enter on the amount: on to the reason at once; on the reason, the field's own Enter."""
        if self.focused is not self.query_one("#cash-amount", Input):
            raise SkipAction()
        self.set_focus(self.query_one("#cash-reason", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "cash-amount":
            self.set_focus(self.query_one("#cash-reason", Input))
            return
        message = self.query_one("#cash-message", Static)
        try:
            amount = parse_rupiah(self.query_one("#cash-amount", Input).value)
            movement = shifts.move_cash(
                self.pos.context,
                shift_id=self.shift_id,
                kind=self.kind,
                amount=amount,
                reason=self.query_one("#cash-reason", Input).value,
                actor=self.actor,
            )
        except NttMartError as error:
            message.update(str(error))
            self.pos.bell()
            return
        self.dismiss(movement)
