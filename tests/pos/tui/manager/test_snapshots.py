"""One snapshot per manager screen, at the till's terminal size (100 x 30) and frozen clock
(22/11/2026 14:00 WITA). Update with ``pytest --snapshot-update`` after checking the report."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from pos.tui.app import PosApp
from tests.factories import KOPI_EAN, MADU_EAN
from tests.pos.conftest import MANAJER_PIN
from tests.pos.tui.conftest import SIZE, log_in, type_text
from tests.pos.tui.manager.conftest import entry_key, fill, open_menu
from tests.pos.tui.manager.test_certificates import certificates
from tests.pos.tui.manager.test_consignment import october
from tests.pos.tui.manager.test_transfers import incoming

# Fixtures of the flow tests, shared with the snapshots.
__all__ = ["certificates", "incoming", "october"]

Compare = Callable[..., bool]
Script = Callable[[Pilot[Any]], Awaitable[None]]
pytestmark = pytest.mark.timeout(60)


def steady(run_before: Script) -> Script:
    """``run_before``, then every text cursor held visible: a blinking cursor would make the
    picture depend on how long the script took."""

    async def run(pilot: Pilot[Any]) -> None:
        await run_before(pilot)
        for screen in pilot.app.screen_stack:
            for field in screen.query(Input):
                field.cursor_blink = False
        await pilot.pause()

    return run


def test_menu(snap_compare: Compare, app: PosApp) -> None:
    """The manager menu over the sale screen (F11)."""
    assert snap_compare(app, terminal_size=SIZE, run_before=steady(open_menu))


def test_receiving(snap_compare: Compare, app: PosApp) -> None:
    """Receiving on consignment from Fa Masa with one scanned line, before F12."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_menu(pilot)
        await pilot.press(entry_key("receiving"))
        await pilot.pause()
        await fill(pilot, "fa masa", "titip", KOPI_EAN, "24", "52000", "30/06/2027", "B2611")

    assert snap_compare(app, terminal_size=SIZE, run_before=steady(run_before))


def test_receiving_line(snap_compare: Compare, app: PosApp) -> None:
    """The line dialog after a scan: quantity, consignment price, expiry, batch."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_menu(pilot)
        await pilot.press(entry_key("receiving"))
        await pilot.pause()
        await fill(pilot, "fa masa", "titip", KOPI_EAN)

    assert snap_compare(app, terminal_size=SIZE, run_before=steady(run_before))


def test_stock_count(snap_compare: Compare, app: PosApp) -> None:
    """A full count with kopi two short and madu as recorded."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_menu(pilot)
        await pilot.press(entry_key("count"))
        await pilot.pause()
        await fill(pilot, "semua", "18*KOP-BJW-250", f"10*{MADU_EAN}")
        await type_text(pilot, KOPI_EAN, enter=True)

    assert snap_compare(app, terminal_size=SIZE, run_before=steady(run_before))


def test_certificates(snap_compare: Compare, app: PosApp) -> None:
    """The certificate warning list (none in this outlet)."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_menu(pilot)
        await pilot.press(entry_key("certificates"))
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=steady(run_before))


def test_adjustment(snap_compare: Compare, app: PosApp) -> None:
    """An adjustment being entered: kopi found, quantity and reason chosen, the note next."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_menu(pilot)
        await pilot.press(entry_key("adjustment"))
        await pilot.pause()
        await fill(pilot, KOPI_EAN, "-2", "rusak")

    assert snap_compare(app, terminal_size=SIZE, run_before=steady(run_before))


@pytest.mark.usefixtures("october")
def test_consignment(snap_compare: Compare, app: PosApp) -> None:
    """Fa Masa's October settlement previewed (F5)."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_menu(pilot)
        await pilot.press(entry_key("consignment"))
        await pilot.pause()
        await fill(pilot, "fa masa")
        await pilot.press("f5")

    assert snap_compare(app, terminal_size=SIZE, run_before=steady(run_before))


@pytest.mark.usefixtures("incoming")
def test_transfers(snap_compare: Compare, app: PosApp) -> None:
    """The transfer list with one incoming transfer waiting."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_menu(pilot)
        await pilot.press(entry_key("transfers"))

    assert snap_compare(app, terminal_size=SIZE, run_before=steady(run_before))


def test_transfer_send(snap_compare: Compare, app: PosApp) -> None:
    """Sending two kopi and three madu to Kupang, before F12."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_menu(pilot)
        await pilot.press(entry_key("transfers"))
        await pilot.pause()
        await pilot.press("f2")
        await fill(pilot, "KPG", f"2*{KOPI_EAN}", "3*MDU-AMF-250")

    assert snap_compare(app, terminal_size=SIZE, run_before=steady(run_before))


@pytest.mark.usefixtures("incoming")
def test_transfer_confirm(snap_compare: Compare, app: PosApp) -> None:
    """Confirming the Kupang transfer: five of six kopi arrived."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_menu(pilot)
        await pilot.press(entry_key("transfers"))
        await pilot.pause()
        await pilot.press("enter")
        await fill(pilot, "5")

    assert snap_compare(app, terminal_size=SIZE, run_before=steady(run_before))


def test_reorder(snap_compare: Compare, app: PosApp) -> None:
    """Kopi under its minimum of 30, grouped under its producer."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_menu(pilot)
        await pilot.press(entry_key("reorder"))

    assert snap_compare(app, terminal_size=SIZE, run_before=steady(run_before))


def test_labels(snap_compare: Compare, app: PosApp) -> None:
    """Three kopi labels and two madu labels on a 3x8 sheet, before F12."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_menu(pilot)
        await pilot.press(entry_key("labels"))
        await pilot.pause()
        await fill(pilot, f"3*{KOPI_EAN}", "2*MDU-AMF-250")

    assert snap_compare(app, terminal_size=SIZE, run_before=steady(run_before))


@pytest.mark.usefixtures("certificates")
def test_certificate_warning_at_login(snap_compare: Compare, app: PosApp) -> None:
    """The warning a manager sees at login: one certificate expired, one expiring."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await log_in(pilot, "manajer", MANAJER_PIN)

    assert snap_compare(app, terminal_size=SIZE, run_before=steady(run_before))
