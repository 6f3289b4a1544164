"""The sync state a till shows: configured or not, online or offline, entries waiting, age.

Read from the outlet's own database (the journal and its acknowledgement row, written by the
sync worker in whatever process runs it), so the till needs nothing of the sync client: this
module reaches sync only through :mod:`sync.journal`. :func:`sync_state_text` renders it in the
cashier's language, e.g. ``Online · 3 menunggu · 2 mnt lalu``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from inventory.db import Store
from inventory.i18n import t
from pos.config import SyncSettings
from sync import journal

STALE_AFTER = timedelta(minutes=5)
"""Without word from the centre for this long the outlet counts as offline, even if the last
try went well: a running sync worker checks in every ``push_interval`` (10 s by default), so
silence this long means no worker, no network or a stuck one."""


@dataclass(frozen=True, slots=True)
class SyncState:
    """What the till's header says about the link to the centre."""

    configured: bool
    """A central URL is set; without one nothing is ever sent and the rest means little."""
    online: bool
    """The last contact succeeded and is recent (see :data:`STALE_AFTER`)."""
    waiting: int
    """Journal entries the centre has not acknowledged yet."""
    last_success_at: datetime | None
    """The last time the centre answered well (UTC), ``None`` before the first time."""
    age: timedelta | None
    """How long ago that was."""


def stale_after(settings: SyncSettings) -> timedelta:
    """How long the till waits for word from the centre before it shows offline."""
    return max(STALE_AFTER, timedelta(seconds=3 * settings.push_interval))


def read_sync_state(
    store: Store, *, outlet: str, settings: SyncSettings, now: datetime
) -> SyncState:
    """The outlet's sync state at ``now``: two small reads, cheap enough for every few seconds."""
    with store.read() as session:
        state = journal.state(session, outlet)
        waiting = max(0, journal.last_seq(session) - state.acked_seq)
    stamp = state.last_success_at
    success = None if stamp is None else datetime.fromisoformat(stamp)
    age = None if success is None else max(timedelta(0), now - success)
    configured = bool(settings.central_url)
    online = (
        configured and state.last_error is None and age is not None and age <= stale_after(settings)
    )
    return SyncState(
        configured=configured, online=online, waiting=waiting, last_success_at=success, age=age
    )


def format_age(age: timedelta) -> str:
    """``age`` (a minute or more) as a cashier reads it: minutes, hours or days, rounded down."""
    seconds = int(age.total_seconds())
    if seconds < 3600:
        return t("counter.sync.minutes", count=seconds // 60)
    if seconds < 48 * 3600:
        return t("counter.sync.hours", count=seconds // 3600)
    return t("counter.sync.days", count=seconds // 86400)


def sync_state_text(state: SyncState) -> str:
    """One line for the header: ``Online · 3 menunggu · 2 mnt lalu``,
    ``Offline · 120 menunggu · terakhir 3 jam lalu`` or ``Sync: tidak diatur``."""
    if not state.configured:
        return t("counter.sync.not_configured")
    parts = [
        t("counter.sync.online") if state.online else t("counter.sync.offline"),
        t("counter.sync.waiting", count=state.waiting),
    ]
    last = "counter.sync.ago" if state.online else "counter.sync.last_ago"
    if state.age is None:
        parts.append(t("counter.sync.never"))
    elif state.age < timedelta(minutes=1):
        parts.append(t(f"{last}_just_now"))
    else:
        parts.append(t(last, age=format_age(state.age)))
    return " · ".join(parts)
