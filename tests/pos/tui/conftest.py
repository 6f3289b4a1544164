"""Cashier app fixtures: the app built by the one factory over a temp outlet, and Pilot helpers."""

from __future__ import annotations

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot

from pos.config import OutletSettings, SaleSettings, Settings
from pos.context import OutletContext
from pos.qris import crc16_ccitt_false
from pos.tui.app import PosApp, build_app

SIZE = (100, 30)

_QRIS_BODY = (
    "000201010211"
    "26610014COM.GO-JEK.WWW01189360091434506469550210G4506469550303UMI"
    "51440014ID.CO.QRIS.WWW0215ID10243341364120303UMI"
    "520456915303360"
    "5802ID5916NTT Mart Atambua6007ATAMBUA610585752"
    "6304"
)
QRIS_STATIC = _QRIS_BODY + crc16_ccitt_false(_QRIS_BODY)


@pytest.fixture
def settings() -> Settings:
    """Outlet BLU (Atambua): no PPN, cash rounded down to Rp100, a static QRIS code."""
    return Settings(
        outlet=OutletSettings(
            code="BLU", name="NTT Mart Atambua", address="Jl. Basuki Rahmat, Atambua"
        ),
        sale=SaleSettings(qris_static=QRIS_STATIC),
    )


@pytest.fixture
def app(outlet: OutletContext, staff: None, products: object) -> PosApp:
    """The cashier app over outlet BLU with cashier ``kasir`` and manager ``manajer``."""
    return build_app(outlet)


async def type_text(pilot: Pilot[None], text: str, *, enter: bool = False) -> None:
    """Type ``text`` as one burst of key events, the way a keyboard-wedge scanner sends it.

    Every key is queued at once (no pause between keys), then the app is left to process
    them all; ``enter`` ends the burst with Enter as a scanner does.
    """
    driver = pilot.app._driver
    assert driver is not None
    for char in text:
        key = _character_to_key(char)
        event = events.Key(key, char)
        event.set_sender(pilot.app)
        driver.send_message(event)
    if enter:
        event = events.Key("enter", "\r")
        event.set_sender(pilot.app)
        driver.send_message(event)
    await pilot.pause()


async def log_in(pilot: Pilot[None], username: str = "kasir", pin: str = "1234") -> None:
    """Username, Tab, PIN, Enter."""
    await type_text(pilot, username)
    await pilot.press("tab")
    await type_text(pilot, pin, enter=True)


async def printed(app: PosApp) -> None:
    """Wait until every print job the app started has finished (printing runs in threads)."""
    jobs = [worker for worker in app.workers if worker.group == "print"]
    if jobs:  # an empty list would wait for every worker, the open dialogs' ones included
        await app.workers.wait_for_complete(jobs)
