"""The outlet's sync worker: push the journal, pull the catalog, report how it is going.

- :func:`push` sends unacknowledged entries in ``seq`` order, in batches bounded by count and
  bytes, and moves ``acked_seq`` only to what the centre answers it durably holds.
- :class:`SyncWorker` runs push and pull in a loop (``nttmart sync run``, or a thread of the
  cashier app) with exponential backoff and jitter after failures.
- :class:`SyncLock` makes sure one outlet database has one sync worker at a time.
- :func:`sync_status` is what the cashier app's status bar shows.

The till is never kept waiting: the worker reads with its own short read transactions (WAL
readers never block the writer), writes only a one-row acknowledgement per batch, and does all
network I/O outside any transaction.
"""

from __future__ import annotations

import fcntl
import logging
import os
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import func, select, text

from inventory.clock import Clock
from inventory.db import Store
from inventory.errors import NttMartError
from sync import journal
from sync.journal import JournalEntry
from sync.outlet_state import CatalogConflict, CatalogPullState
from sync.pull import pull_catalog
from sync.transport import CentralClient, SyncFailed
from sync.verifications import pull_verifications
from sync.wire import PushAnswer, batch_body

log = logging.getLogger("nttmart.sync")

Progress = Callable[[int, int], None]


class SyncLock:
    """An exclusive lock file beside the outlet database, held while a sync worker runs.

    ``fcntl.flock`` locks belong to the open file: the OS drops them when the process ends,
    however it ends, so a killed worker never leaves a stale lock behind.
    """

    def __init__(self, database: Path) -> None:
        self.path = Path(f"{database}.sync.lock")
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock or raise :class:`NttMartError` (``sync.locked``) at once."""
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise NttMartError("sync.locked", path=str(self.path)) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        """Let go of the lock."""
        if self._handle is not None:
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None

    def __enter__(self) -> SyncLock:
        self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


@dataclass(frozen=True, slots=True)
class PushReport:
    """What one :func:`push` did."""

    sent: int
    batches: int
    acked_seq: int
    waiting: int


def waiting_count(store: Store, outlet: str) -> tuple[int, int, int]:
    """``(last seq, acknowledged seq, entries waiting)`` of the outlet's journal."""
    with store.read() as session:
        last = journal.last_seq(session)
        acked = journal.state(session, outlet).acked_seq
        count = session.execute(
            select(func.count()).select_from(JournalEntry).where(JournalEntry.seq > acked)  # type: ignore[arg-type]
        ).scalar_one()
    return last, acked, int(count)


_PENDING = text(
    "SELECT seq, id, outlet, kind, schema_version, created_at, payload FROM journal "
    "WHERE seq > :after ORDER BY seq LIMIT :count"
)


def _next_batch(store: Store, after: int, count: int, max_bytes: int) -> list[Any]:
    # Plain rows, not ORM objects: a low-end outlet machine reads thousands of them.
    with store.read() as session:
        rows = session.execute(_PENDING, {"after": after, "count": count}).all()
    # Keep well under the centre's byte limit: the envelope adds ~200 bytes per entry.
    budget = max_bytes * 9 // 10
    chosen: list[Any] = []
    for row in rows:
        budget -= len(row.payload) * 3 // 2 + 300
        if chosen and budget < 0:
            break
        chosen.append(row)
    return chosen


@dataclass(frozen=True, slots=True)
class _InFlight:
    first: int
    last: int
    count: int
    answer: Future[PushAnswer]


def push(
    store: Store,
    client: CentralClient,
    *,
    outlet: str,
    clock: Clock,
    batch_size: int,
    depth: int = 4,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> PushReport:
    """Send every unacknowledged entry, batch by batch, until none is left (or ``stop``).

    Up to ``depth`` batches are on the wire at once (the next is read and sent while the centre
    stores the previous one); answers are taken in the order the batches were sent, and each
    acknowledges at most the last ``seq`` of its own batch, so an entry is only ever marked
    acknowledged after the centre said it holds it. Raises :class:`SyncFailed` at the first
    failure, after recording it for the status bar; what was acknowledged stays acknowledged.
    """
    sent = batches = 0
    pool = ThreadPoolExecutor(max_workers=max(1, depth), thread_name_prefix="nttmart-push")
    in_flight: deque[_InFlight] = deque()
    try:
        max_entries, max_bytes = client.limits()
        size = max(1, min(batch_size, max_entries))
        # Ask first what the centre holds: status shows whether it is there, and a centre
        # restored from an older backup is noticed (the entries it lost are sent again).
        _check_centre(store, client, outlet, clock)
        _, acked, total = waiting_count(store, outlet)
        after = best = acked
        while True:
            while len(in_flight) < max(1, depth) and not (stop is not None and stop.is_set()):
                batch = _next_batch(store, after, size, max_bytes)
                if not batch:
                    break
                body = batch_body(batch)
                future = pool.submit(client.push, body)
                in_flight.append(_InFlight(batch[0].seq, batch[-1].seq, len(batch), future))
                after = batch[-1].seq
            if not in_flight:
                break
            done = in_flight.popleft()
            answer = done.answer.result()
            # The centre may store a later batch before an earlier one (they race for the
            # outlet's lock), so an earlier answer can hold the higher contiguous seq. Every
            # batch up to this one was answered without refusal, so its entries are at the
            # centre as sent: acknowledging up to the best contiguous seq seen is safe.
            best = max(best, answer.contiguous_seq)
            with store.write() as session:
                journal.acknowledge(
                    session, outlet=outlet, seq=min(best, done.last), at=clock.now()
                )
                journal.record_attempt(session, outlet=outlet, at=clock.now(), error=None)
            sent += done.count
            batches += 1
            if progress is not None:
                progress(min(sent, total), total)
    except SyncFailed as failure:
        _record_failure(store, outlet, clock, failure)
        raise
    finally:
        for pending_batch in in_flight:
            pending_batch.answer.cancel()
        pool.shutdown(wait=True)
    _, acked_seq, waiting = waiting_count(store, outlet)
    return PushReport(sent=sent, batches=batches, acked_seq=acked_seq, waiting=waiting)


def _check_centre(store: Store, client: CentralClient, outlet: str, clock: Clock) -> None:
    answer = client.journal_state()
    with store.write() as session:
        if answer.contiguous_seq < journal.state(session, outlet).acked_seq:
            log.warning("centre holds %s only up to seq %d", outlet, answer.contiguous_seq)
            journal.rewind(session, outlet=outlet, seq=answer.contiguous_seq)
        journal.record_attempt(session, outlet=outlet, at=clock.now(), error=None)


def _record_failure(store: Store, outlet: str, clock: Clock, failure: Exception) -> None:
    with store.write() as session:
        journal.record_attempt(session, outlet=outlet, at=clock.now(), error=str(failure))


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """What the status bar shows: online or not, entries waiting, age of the last success."""

    outlet: str
    configured: bool
    online: bool
    last_seq: int
    acked_seq: int
    waiting: int
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_success_age_s: float | None
    last_error: str | None
    catalog_version: int
    catalog_conflicts: int

    def as_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        data = asdict(self)
        for key in ("last_attempt_at", "last_success_at"):
            value = data[key]
            data[key] = value.isoformat() if value is not None else None
        return data


def _parse(stamp: str | None) -> datetime | None:
    return None if stamp is None else datetime.fromisoformat(stamp)


def sync_status(store: Store, *, outlet: str, now: datetime, configured: bool) -> SyncStatus:
    """The outlet's sync status, read from its database (works while another process syncs)."""
    last_seq, acked_seq, waiting = waiting_count(store, outlet)
    with store.read() as session:
        state = journal.state(session, outlet)
        pull = session.get(CatalogPullState, outlet)
        conflicts = session.execute(
            select(func.count())
            .select_from(CatalogConflict)
            .where(CatalogConflict.resolved_at.is_(None))  # type: ignore[union-attr]
        ).scalar_one()
    attempt, success = _parse(state.last_attempt_at), _parse(state.last_success_at)
    return SyncStatus(
        outlet=outlet,
        configured=configured,
        online=configured and attempt is not None and state.last_error is None,
        last_seq=last_seq,
        acked_seq=acked_seq,
        waiting=waiting,
        last_attempt_at=attempt,
        last_success_at=success,
        last_success_age_s=None if success is None else (now - success).total_seconds(),
        last_error=state.last_error,
        catalog_version=pull.catalog_version if pull is not None else 0,
        catalog_conflicts=int(conflicts),
    )


@dataclass(frozen=True, slots=True)
class WorkerSettings:
    """Timing of the worker loop (the ``[sync]`` config section)."""

    batch_size: int = 500
    push_interval: float = 10.0
    pull_interval: float = 300.0
    backoff_initial: float = 1.0
    backoff_max: float = 300.0


def backoff_delay(failures: int, initial: float, maximum: float, rng: random.Random) -> float:
    """Seconds to wait after ``failures`` failures in a row: doubling, capped, half jittered.

    The jitter spreads the retries of many outlets that lost the link at the same moment.
    """
    ceiling = min(maximum, initial * 2 ** max(0, failures - 1))
    return float(ceiling / 2 + rng.uniform(0, ceiling / 2))


class SyncWorker:
    """Push and pull in a loop until stopped; for ``nttmart sync run`` and the cashier app."""

    def __init__(
        self,
        store: Store,
        client: CentralClient,
        *,
        outlet: str,
        clock: Clock,
        settings: WorkerSettings,
        rng: random.Random | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.outlet = outlet
        self.clock = clock
        self.settings = settings
        self.stop_event = threading.Event()
        self.cycles = threading.Event()  # set after every cycle, for whoever waits on one
        self._rng = rng or random.Random()
        self._lock = SyncLock(store.path)
        self._thread: threading.Thread | None = None

    def run(self) -> None:
        """Loop in this thread until :meth:`stop`; holds the outlet's sync lock meanwhile."""
        with self._lock:
            failures = 0
            next_pull = time.monotonic()
            while not self.stop_event.is_set():
                try:
                    push(
                        self.store,
                        self.client,
                        outlet=self.outlet,
                        clock=self.clock,
                        batch_size=self.settings.batch_size,
                        stop=self.stop_event,
                    )
                    if time.monotonic() >= next_pull:
                        pull_catalog(self.store, self.client, outlet=self.outlet, clock=self.clock)
                        pull_verifications(
                            self.store, self.client, outlet=self.outlet, clock=self.clock
                        )
                        next_pull = time.monotonic() + self.settings.pull_interval
                    failures = 0
                    delay = self.settings.push_interval
                except SyncFailed as failure:
                    failures += 1
                    delay = backoff_delay(
                        failures,
                        self.settings.backoff_initial,
                        self.settings.backoff_max,
                        self._rng,
                    )
                    log.info("sync failed (%s); next try in %.1f s", failure, delay)
                except Exception:
                    failures += 1
                    delay = backoff_delay(
                        failures,
                        self.settings.backoff_initial,
                        self.settings.backoff_max,
                        self._rng,
                    )
                    log.exception("sync cycle crashed; next try in %.1f s", delay)
                self.cycles.set()
                self.stop_event.wait(delay)

    def start(self) -> None:
        """Run in a daemon thread (the cashier app's way); raises if the lock is taken."""
        self._lock.acquire()
        self._lock.release()
        self._thread = threading.Thread(target=self.run, name="nttmart-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Ask the loop to end and wait for it."""
        self.stop_event.set()
        if self._thread is not None:
            self._thread.join(timeout)
