"""One snapshot per manager screen, at the till's terminal size (100 x 30) and frozen clock
(22/11/2026 14:00 WITA). Update with ``pytest --snapshot-update`` after checking the report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from pos.tui.app import PosApp
from tests.factories import KOPI_EAN, MADU_EAN
from tests.pos.tui.conftest import SIZE, type_text
from tests.pos.tui.manager.conftest import entry_key, fill, open_menu

Compare = Callable[..., bool]
pytestmark = pytest.mark.timeout(60)


def test_menu(snap_compare: Compare, app: PosApp) -> None:
    """The manager menu over the sale screen (F11)."""
    assert snap_compare(app, terminal_size=SIZE, run_before=open_menu)


def test_receiving(snap_compare: Compare, app: PosApp) -> None:
    """Receiving on consignment from Fa Masa with one scanned line, before F12."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_menu(pilot)
        await pilot.press(entry_key("receiving"))
        await pilot.pause()
        await fill(pilot, "fa masa", "titip", KOPI_EAN, "24", "52000", "30/06/2027", "B2611")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_receiving_line(snap_compare: Compare, app: PosApp) -> None:
    """The line dialog after a scan: quantity, consignment price, expiry, batch."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_menu(pilot)
        await pilot.press(entry_key("receiving"))
        await pilot.pause()
        await fill(pilot, "fa masa", "titip", KOPI_EAN)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_stock_count(snap_compare: Compare, app: PosApp) -> None:
    """A full count with kopi two short and madu as recorded."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_menu(pilot)
        await pilot.press(entry_key("count"))
        await pilot.pause()
        await fill(pilot, "semua", "18*KOP-BJW-250", f"10*{MADU_EAN}")
        await type_text(pilot, KOPI_EAN, enter=True)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_certificates(snap_compare: Compare, app: PosApp) -> None:
    """The certificate warning list (none in this outlet)."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_menu(pilot)
        await pilot.press(entry_key("certificates"))
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_adjustment(snap_compare: Compare, app: PosApp) -> None:
    """An adjustment being entered: kopi found, quantity and reason chosen, the note next."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_menu(pilot)
        await pilot.press(entry_key("adjustment"))
        await pilot.pause()
        await fill(pilot, KOPI_EAN, "-2", "rusak")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
