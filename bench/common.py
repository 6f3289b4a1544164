"""Helpers shared by the benchmarks: timing, percentiles and a fresh outlet database."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inventory.db import Store
from inventory.outlet import open_store
from inventory.stamp import Stamp

NOW = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)


def fresh_store(path: Path, code: str = "BEN") -> Store:
    """A new migrated outlet database at ``path`` (removed first if it exists)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return open_store(path, outlet_code=code, outlet_name="Bench", now=NOW, create=True)


def stamp(code: str = "BEN") -> Stamp:
    """A stamp for benchmark writes."""
    return Stamp(outlet=code, actor="bench", at=NOW)


@dataclass(frozen=True)
class Timing:
    """Latency figures of repeated calls, in milliseconds."""

    runs: int
    median_ms: float
    p99_ms: float
    max_ms: float

    def __str__(self) -> str:
        return (
            f"median {self.median_ms:.3f} ms, p99 {self.p99_ms:.3f} ms, "
            f"max {self.max_ms:.3f} ms over {self.runs} runs"
        )


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` quantile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))
    return ordered[rank]


def measure(call: Callable[[int], object], runs: int, warmup: int = 20) -> Timing:
    """Call ``call(i)`` ``runs`` times after a warm-up and return its latency figures."""
    for i in range(warmup):
        call(i)
    samples = []
    for i in range(runs):
        start = time.perf_counter()
        call(i)
        samples.append((time.perf_counter() - start) * 1000)
    return Timing(
        runs=runs,
        median_ms=statistics.median(samples),
        p99_ms=percentile(samples, 0.99),
        max_ms=max(samples),
    )


def median_time(call: Callable[[], Any], runs: int = 3, *, warm: bool = False) -> tuple[float, Any]:
    """Median wall time in seconds of ``runs`` calls (after one untimed call when ``warm``), and
    the last call's result."""
    if warm:
        call()
    times, result = [], None
    for _ in range(max(runs, 1)):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def verdict(ok: bool) -> str:
    """``ok`` or ``MISSED`` for a target."""
    return "ok" if ok else "MISSED"
