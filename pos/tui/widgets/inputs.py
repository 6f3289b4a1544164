"""Text fields that stay correct when a barcode scanner types faster than the screen reacts.

Textual's :class:`~textual.widgets.Input` submits on Enter through a key binding, which is
resolved after the key has bubbled up to the app; by then the keys that followed it (the next
scan of a burst) may already be in the field. These fields handle Enter in their own key
handler, in order with the characters before it, so each submission holds exactly what was
typed before its Enter.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class TillInput(Input):
    """An input whose Enter submits exactly the characters typed before it."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            await self.action_submit()
            return
        await super()._on_key(event)


class ScanInput(TillInput):
    """The scan field: each Enter submits the scan and empties the field at once, so the next
    scan's digits, already on their way, start from an empty field."""

    async def action_submit(self) -> None:
        value = self.value
        self.value = ""
        self.post_message(self.Submitted(self, value, None))
