"""Failed console logins per client address: past a limit within a window, the address must
wait before it may try again.

The account lock-out (``users.Policy``) stops guessing one user's password; this stops one
address from trying many usernames, and from making the service hash password after password
(argon2id is slow on purpose). Counts live in the process's memory: each service process keeps
its own, and a restart forgets them. Behind a reverse proxy the address is the browser's only
because ``nttmart central serve`` has uvicorn read the proxy's ``X-Forwarded-For`` (trusted
from 127.0.0.1, or from ``FORWARDED_ALLOW_IPS``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from datetime import datetime, timedelta

# Addresses remembered at most (the least recently failing are forgotten first).
MAX_CLIENTS = 10_000


class LoginThrottle:
    """At most ``limit`` failed logins per client address within ``window``."""

    def __init__(self, limit: int, window: timedelta) -> None:
        self.limit = limit
        self.window = window
        self._failures: OrderedDict[str, deque[datetime]] = OrderedDict()
        self._lock = threading.Lock()

    def wait(self, client: str, now: datetime) -> timedelta | None:
        """How long ``client`` must wait before trying again, or ``None`` if it may try now."""
        with self._lock:
            failures = self._recent(client, now)
            if failures is None or len(failures) < self.limit:
                return None
            return failures[0] + self.window - now

    def failed(self, client: str, now: datetime) -> None:
        """Count one failed login of ``client``."""
        with self._lock:
            failures = self._recent(client, now)
            if failures is None:
                failures = self._failures[client] = deque()
            failures.append(now)
            self._failures.move_to_end(client)
            while len(self._failures) > MAX_CLIENTS:
                self._failures.popitem(last=False)

    def _recent(self, client: str, now: datetime) -> deque[datetime] | None:
        failures = self._failures.get(client)
        if failures is None:
            return None
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if not failures:
            del self._failures[client]
            return None
        return failures
