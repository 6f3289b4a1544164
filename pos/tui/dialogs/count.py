"""Closing a shift: a blind count of the drawer, note by note and coin by coin."""

from __future__ import annotations

from typing import ClassVar

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.widgets import Input, Label, Static

from inventory.i18n import t
from inventory.money import format_rupiah
from pos.shifts import DENOMINATIONS, Denomination
from pos.tui.dialogs.base import TillDialog
from pos.tui.widgets.inputs import TillInput


def denomination_label(denomination: Denomination) -> str:
    """``Rp100.000`` for a note, ``Rp1.000 (koin)`` for a coin."""
    label = format_rupiah(denomination.value)
    return f"{label} ({t('tui.count.coin')})" if denomination.coin else label


class CountDialog(TillDialog[dict[str, int] | None]):
    """Pieces per denomination; the expected amount is not shown until the count is given."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f12", "confirm", "tui.key.close_shift", key_display="F12"),
        # Enter moves to the next denomination before the next key arrives, so a count typed
        # in one burst lands field by field (see the login screen).
        Binding("enter", "next_field", show=False, priority=True),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="count-dialog"):
            yield Label(t("tui.count.title"), classes="dialog-title")
            yield Label(t("tui.count.hint"))
            with Grid(id="count-grid"):
                for denomination in DENOMINATIONS:
                    yield Label(denomination_label(denomination))
                    yield TillInput(
                        id=f"count-{denomination.key}",
                        restrict=r"[0-9]*",
                        max_length=5,
                        placeholder="0",
                        compact=True,
                    )
            yield Static("", id="count-total")

    def on_mount(self) -> None:
        self.query_one(f"#count-{DENOMINATIONS[0].key}", Input).focus()
        self.show_total()

    def counts(self) -> dict[str, int]:
        """Pieces per denomination key (empty fields count as zero)."""
        found = {}
        for denomination in DENOMINATIONS:
            value = self.query_one(f"#count-{denomination.key}", Input).value
            if value.isdigit() and int(value):
                found[denomination.key] = int(value)
        return found

    def show_total(self) -> None:
        """The counted total so far."""
        by_key = {d.key: d.value for d in DENOMINATIONS}
        total = sum(by_key[key] * pieces for key, pieces in self.counts().items())
        self.query_one("#count-total", Static).update(
            t("tui.count.total", total=format_rupiah(total))
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.show_total()

    def action_next_field(self) -> None:
        """Enter: on to the next denomination at once; on the last, the field's own Enter."""
        keys = [d.key for d in DENOMINATIONS]
        focused = self.focused
        name = (focused.id or "") if focused is not None else ""
        if not name.startswith("count-") or name == f"count-{keys[-1]}":
            raise SkipAction()
        position = keys.index(name.removeprefix("count-"))
        self.set_focus(self.query_one(f"#count-{keys[position + 1]}", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        keys = [d.key for d in DENOMINATIONS]
        position = keys.index((event.input.id or "").removeprefix("count-"))
        if position + 1 < len(keys):
            self.set_focus(self.query_one(f"#count-{keys[position + 1]}", Input))
        else:
            self.action_confirm()

    def action_confirm(self) -> None:
        """The count is done: close the shift with it."""
        self.dismiss(self.counts())
