"""What every full screen of the till shares: the header, translated footer keys, app access."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from pos.tui.keys import translate_bindings
from pos.tui.till_app import TillApp


class TillScreen(Screen[None]):
    """A screen of the till; its bindings' descriptions are message keys."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        translate_bindings(self)

    @property
    def pos(self) -> TillApp:
        """The cashier app (typed)."""
        assert isinstance(self.app, TillApp)
        return self.app
