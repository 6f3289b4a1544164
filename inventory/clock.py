"""Time: stored in UTC, shown in WITA (Asia/Makassar), and an injectable clock for tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

WITA = ZoneInfo("Asia/Makassar")


class Clock(Protocol):
    """Where the current time comes from; the app receives one through its factory."""

    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to: deterministic receipts, reports and snapshots."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware start")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward by ``delta``."""
        self._now += delta

    def set(self, moment: datetime) -> None:
        """Jump to ``moment`` (timezone-aware)."""
        self._now = moment.astimezone(UTC)


def ensure_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive datetime is refused rather than guessed."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: times are stored in UTC and must carry a timezone")
    return moment.astimezone(UTC)


def to_wita(moment: datetime) -> datetime:
    """``moment`` as local time in WITA."""
    return ensure_utc(moment).astimezone(WITA)


def format_wita(moment: datetime, *, seconds: bool = False) -> str:
    """``22/11/2026 14:05`` in WITA, as printed on receipts and shown on screens."""
    return to_wita(moment).strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


def business_day(moment: datetime, cutoff: time = time(0, 0)) -> date:
    """The business day ``moment`` belongs to, for a day that starts at ``cutoff`` WITA.

    With a 04:00 cut-off, a sale at 01:30 WITA on the 23rd belongs to the 22nd.
    """
    local = to_wita(moment)
    shifted = local - timedelta(hours=cutoff.hour, minutes=cutoff.minute)
    return shifted.date()
