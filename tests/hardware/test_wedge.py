"""Telling a keyboard-wedge scanner from a person, with key timings recorded from both."""

from __future__ import annotations

from itertools import accumulate

import pytest

from hardware.wedge import WedgeDetector, is_scan

# Milliseconds between keys, the last gap being Enter. Recorded at a till: a Honeywell-style
# 1 ms-poll scanner, a cheap 8 ms-poll scanner with one USB hiccup, and two people.
FAST_SCANNER = [0, 2, 1, 2, 2, 1, 2, 2, 1, 2, 2, 1, 2, 2]
CHEAP_SCANNER = [0, 8, 8, 9, 8, 16, 8, 8, 31, 8, 8, 8, 9, 8]
HUMAN = [0, 180, 140, 210, 160, 120, 190, 150, 170, 140, 200, 160, 130, 420]
QUICK_TYPIST = [0, 45, 38, 52, 41, 60, 35, 48, 39, 44, 50, 37, 42, 90]


def play(detector: WedgeDetector, text: str, gaps_ms: list[int]) -> tuple[str, bool]:
    times = [ms / 1000 for ms in accumulate(gaps_ms)]
    result = None
    for character, at in zip([*text, "\r"], times, strict=True):
        result = detector.key(character, at)
    assert result is not None
    return result.text, result.scanned


@pytest.mark.parametrize(
    ("gaps", "scanned"),
    [(FAST_SCANNER, True), (CHEAP_SCANNER, True), (HUMAN, False), (QUICK_TYPIST, False)],
)
def test_recorded_bursts(gaps: list[int], scanned: bool) -> None:
    assert play(WedgeDetector(), "8991234567891", gaps) == ("8991234567891", scanned)


def test_short_input_is_never_a_scan() -> None:
    detector = WedgeDetector(min_length=8)
    assert play(detector, "12345", FAST_SCANNER[:6]) == ("12345", False)
    assert play(detector, "96385074", FAST_SCANNER[:9]) == ("96385074", True)  # EAN-8


def test_detector_starts_afresh_after_each_line() -> None:
    detector = WedgeDetector()
    assert play(detector, "8991234567891", HUMAN) == ("8991234567891", False)
    assert play(detector, "8991234567891", FAST_SCANNER) == ("8991234567891", True)
    detector.key("7", 100.0)
    detector.reset()
    result = detector.key("enter", 100.001)
    assert result is not None and (result.text, result.scanned) == ("", False)


def test_is_scan_threshold() -> None:
    assert is_scan([0.0, 0.04, 0.08], 6, max_interval=0.04, min_length=6)
    assert not is_scan([0.0, 0.041, 0.08], 6, max_interval=0.04, min_length=6)
