"""What the header shows besides who is selling: the sync state read from the journal."""

from __future__ import annotations

from dataclasses import dataclass

from inventory.db import Store
from sync import journal


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """Whether the last exchange with the centre succeeded, and how many entries still wait."""

    online: bool
    waiting: int


def sync_status(store: Store, outlet: str) -> SyncStatus:
    """The outlet's sync state: entries written but not yet acknowledged by the centre.

    Online means the last attempt succeeded; before the first successful sync the outlet counts
    as offline.
    """
    with store.read() as session:
        state = journal.state(session, outlet)
        waiting = journal.last_seq(session) - state.acked_seq
    online = (
        state.last_success_at is not None
        and state.last_error is None
        and (state.last_attempt_at is None or state.last_attempt_at <= state.last_success_at)
    )
    return SyncStatus(online=online, waiting=max(0, waiting))
