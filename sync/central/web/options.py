"""The web console's settings as the service gets them (mapped from ``[central_web]``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sync.central.users import Policy


@dataclass(frozen=True, slots=True)
class ConsoleOptions:
    """Session and lock-out rules, the per-address login limit, cookie security and the
    overview's silence threshold."""

    policy: Policy = field(default_factory=Policy)
    secure_cookies: bool = False
    silent_after: timedelta = timedelta(hours=24)
    client_max_failures: int = 20
    """Failed logins from one address within ``client_window`` before it must wait."""
    client_window: timedelta = timedelta(minutes=15)
