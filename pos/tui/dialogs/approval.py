"""A manager approves an action at the cashier's till: username, PIN and a reason."""

from __future__ import annotations

from typing import ClassVar

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from inventory.errors import NttMartError
from inventory.i18n import t
from pos import staff
from pos.models import ApprovalAction
from pos.staff import Approval, action_label
from pos.tui.dialogs.base import TillDialog
from pos.tui.widgets.inputs import TillInput


class ApprovalDialog(TillDialog[Approval]):
    """Asks for a manager's username, PIN and a reason; returns their :class:`Approval`.

    The cashier stays logged in: the manager's PIN is checked for this one action only.

    Enter moves from field to field as a priority binding that sets the focus at once, so a
    burst (``manajer<Enter>9999<Enter>alasan<Enter>``) lands each part in its own field (see
    :class:`pos.tui.screens.login.LoginScreen`). The Enter that approves stays with its field.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next_field", show=False, priority=True),
    ]

    def __init__(self, action: ApprovalAction, *, requested_by: str, detail: str = "") -> None:
        super().__init__()
        self.action = action
        self.requested_by = requested_by
        self.detail = detail
        """What exactly is approved (a line and its quantities, say); empty for the action alone."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="approval"):
            yield Label(t("tui.approval.title"), classes="dialog-title")
            yield Label(t("tui.approval.for", action=action_label(self.action)))
            if self.detail:
                yield Label(self.detail, id="approval-detail")
            yield Label(t("tui.approval.manager"))
            yield TillInput(id="manager", max_length=32)
            yield Label(t("tui.login.pin"))
            yield TillInput(id="manager-pin", password=True, restrict=r"[0-9]*", max_length=8)
            yield Label(t("tui.approval.reason"))
            yield TillInput(id="reason", max_length=200)
            yield Static("", id="approval-message", classes="message")

    def on_mount(self) -> None:
        self.query_one("#manager", Input).focus()

    def action_next_field(self) -> None:
        """Enter on the manager's name goes to the PIN, on the PIN to an empty reason."""
        manager, pin, reason = (self.query_one(f"#{name}", Input) for name in self.FIELDS)
        if self.focused is manager:
            self.set_focus(pin)
        elif self.focused is pin and not reason.value.strip():
            self.set_focus(reason)
        else:
            raise SkipAction()  # the field's own Enter, after what was typed before it

    FIELDS = ("manager", "manager-pin", "reason")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        for name in self.FIELDS:
            field = self.query_one(f"#{name}", Input)
            if not field.value.strip():
                self.set_focus(field)
                return
        self.approve()

    def approve(self) -> None:
        """Check the manager's PIN; on success return the approval."""
        app = self.pos
        pin = self.query_one("#manager-pin", Input)
        try:
            approval = staff.approve(
                app.context,
                username=self.query_one("#manager", Input).value,
                pin=pin.value,
                action=self.action,
                reason=self.query_one("#reason", Input).value,
                requested_by=self.requested_by,
            )
        except NttMartError as error:
            pin.value = ""
            self.query_one("#approval-message", Static).update(str(error))
            app.bell()
            self.set_focus(pin)
            return
        self.dismiss(approval)
