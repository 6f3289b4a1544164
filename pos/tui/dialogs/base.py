"""What every dialog of the till shares: translated keys, a typed app, Esc to cancel."""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Footer

from pos.tui.keys import translate_bindings
from pos.tui.till_app import TillApp

R = TypeVar("R")


class TillDialog(ModalScreen[R], Generic[R]):
    """A modal dialog returning ``R`` (or ``None`` when cancelled with Esc)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "tui.key.cancel", key_display="Esc")
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        translate_bindings(self)

    @property
    def pos(self) -> TillApp:
        """The cashier app (typed)."""
        assert isinstance(self.app, TillApp)
        return self.app

    def on_mount(self) -> None:
        # The dialog's own keys replace those of the screen beneath it at the bottom line.
        if not self.query(Footer):
            self.mount(Footer(compact=True))

    def action_cancel(self) -> None:
        """Close without a result."""
        self.dismiss(None)
