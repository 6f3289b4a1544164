"""Keyboard-wedge scanners: telling a scanner's burst of keystrokes from a person typing.

A USB HID scanner "types" the barcode and Enter, a few milliseconds per key; a person needs a
hundred or so. :class:`WedgeDetector` takes key events with their times and, at Enter, says
whether the line was scanned: at least ``min_length`` characters, and no gap between two keys
(Enter included) longer than ``max_interval``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

ENTER_KEYS = frozenset({"\r", "\n", "enter"})


@dataclass(frozen=True)
class WedgeInput:
    """One completed line of keyboard input."""

    text: str
    scanned: bool
    """True when the keys came as a scanner burst."""
    duration: float
    """Seconds from the first key to Enter."""


def is_scan(times: Sequence[float], length: int, *, max_interval: float, min_length: int) -> bool:
    """Whether keys pressed at ``times`` (seconds, Enter last) look like a scanner burst."""
    if length < min_length or len(times) < 2:
        return False
    gaps = (later - earlier for earlier, later in itertools.pairwise(times))
    return all(gap <= max_interval for gap in gaps)


@dataclass
class WedgeDetector:
    """Collects key events and classifies each line when Enter arrives."""

    max_interval: float = 0.04
    """Longest gap between two keys of a scan, in seconds."""
    min_length: int = 6
    """Shortest barcode accepted as a scan (EAN-8 has 8 digits; 6 leaves room for UPC-E)."""
    _text: list[str] = field(default_factory=list)
    _times: list[float] = field(default_factory=list)

    def key(self, character: str, at: float) -> WedgeInput | None:
        """Feed one key (``"enter"`` or ``"\\r"`` ends the line) pressed at ``at`` seconds."""
        if character in ENTER_KEYS:
            times = [*self._times, at]
            text = "".join(self._text)
            scanned = is_scan(
                times, len(text), max_interval=self.max_interval, min_length=self.min_length
            )
            duration = at - self._times[0] if self._times else 0.0
            self.reset()
            return WedgeInput(text, scanned, duration)
        self._text.append(character)
        self._times.append(at)
        return None

    def reset(self) -> None:
        """Forget the current line (the field was cleared)."""
        self._text.clear()
        self._times.clear()
