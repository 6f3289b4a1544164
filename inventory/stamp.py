"""Who, where and when of a change: passed to every service that writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from inventory.clock import ensure_utc


@dataclass(frozen=True, slots=True)
class Stamp:
    """The outlet a change is made at, the person (or process) making it, and the time."""

    outlet: str
    actor: str
    at: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", ensure_utc(self.at))
