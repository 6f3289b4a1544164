"""Text fields that stay correct when a barcode scanner types faster than the screen reacts.

Textual's :class:`~textual.widgets.Input` submits on Enter through a key binding, which is
resolved after the key has bubbled up to the app; by then the keys that followed it (the next
scan of a burst) may already be in the field. These fields handle Enter in their own key
handler, in order with the characters before it, so each submission holds exactly what was
typed before its Enter.
"""

from __future__ import annotations

from textual import events
from textual.geometry import Size
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

    def validate_virtual_size(self, size: Size) -> Size:
        """One virtual width, the longest scan's, whatever the field holds now.

        Input makes its virtual width the width of its text, so every key changed it, and a
        changed virtual size lays out the whole screen again: on the sale screen the cart table,
        its scroll bar and the totals, thirteen times per EAN-13, with repaints of the table
        following into the next scan. The field holds at most ``max_length`` characters (and the
        cursor after them); sized for that, it scrolls the same and a key only repaints it.
        """
        if self.max_length:
            return Size(self.max_length + 1, size.height)
        return size
