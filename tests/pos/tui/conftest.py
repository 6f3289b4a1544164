"""Cashier app fixtures: the app built by the one factory over a temp outlet, a virtual receipt
printer on loopback, and Pilot helpers that type the way a keyboard-wedge scanner does."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot

from hardware.printer import Driver, EscposPrinter, PrinterConfig, open_printer
from hardware.virtual.receipt import Receipt
from hardware.virtual.server import VirtualPrinter
from inventory.db import Store, backup_database
from inventory.outlet import open_store
from pos.config import (
    DatabaseSettings,
    OutletSettings,
    PrinterSettings,
    SaleSettings,
    Settings,
    render_config,
)
from pos.context import OutletContext
from pos.qris import crc16_ccitt_false
from pos.tui.app import PosApp, build_app
from sync.journal import JournalEntry
from tests.conftest import FROZEN_NOW, OUTLET

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


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated outlet database, made once; each test gets its own copy."""
    path = tmp_path_factory.mktemp("template") / "outlet.db"
    store = open_store(
        path, outlet_code=OUTLET, outlet_name="NTT Mart Atambua", now=FROZEN_NOW, create=True
    )
    store.close()
    return path


@pytest.fixture
def store(template_db: Path, tmp_path: Path) -> Iterator[Store]:
    """A fresh outlet database for outlet BLU (a copy of the migrated template)."""
    path = tmp_path / "outlet.db"
    backup_database(template_db, path)
    opened = open_store(path, outlet_code=OUTLET, outlet_name="NTT Mart Atambua", now=FROZEN_NOW)
    yield opened
    opened.close()


@pytest.fixture
def settings() -> Settings:
    """Outlet BLU (Atambua): no PPN, cash rounded down to Rp100, a static QRIS code."""
    return Settings(
        outlet=OutletSettings(
            code="BLU", name="NTT Mart Atambua", address="Jl. Basuki Rahmat, Atambua"
        ),
        sale=SaleSettings(qris_static=QRIS_STATIC),
        printer=PrinterSettings(paper_width=80),
    )


@pytest.fixture
def virtual() -> Iterator[VirtualPrinter]:
    """A network receipt printer on loopback that decodes every receipt it gets."""
    with VirtualPrinter() as running:
        yield running


def config_file(
    outlet: OutletContext, folder: Path, printer: PrinterSettings | None = None
) -> Path:
    """A config file in ``folder`` for ``outlet``'s database, as ``nttmart init`` writes one
    (for the till started the way ``nttmart pos`` starts it)."""
    settings = Settings(
        outlet=outlet.settings.outlet,
        database=DatabaseSettings(path=outlet.store.path),
        printer=printer or PrinterSettings(),
        base_dir=folder,
    )
    config = folder / "config.toml"
    config.write_text(render_config(settings), encoding="utf-8")
    return config


def free_port() -> int:
    """A loopback port nothing listens on (yet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def network_printer(port: int) -> EscposPrinter:
    """python-escpos ``Network`` to ``127.0.0.1:port``."""
    return open_printer(
        PrinterConfig(
            driver=Driver.NETWORK,
            network_host="127.0.0.1",
            network_port=port,
            status_timeout=0.5,
        )
    )


@pytest.fixture
def app(outlet: OutletContext, staff: None, products: object, virtual: VirtualPrinter) -> PosApp:
    """The cashier app over outlet BLU (cashier ``kasir``/1234, manager ``manajer``/9999),
    printing to the virtual printer."""
    built = build_app(outlet, printer=network_printer(virtual.port))
    built.animation_level = "none"
    return built


async def type_text(pilot: Pilot[None], text: str, *, enter: bool = False) -> None:
    """Type ``text`` as one burst of key events, the way a keyboard-wedge scanner sends it.

    Every key is queued at once (no pause between keys), then the app is left to process
    them all; ``\r`` in ``text`` is Enter, and ``enter`` ends the burst with one as a scanner
    does.
    """
    await burst(pilot, text_keys(text + ("\r" if enter else "")))


def text_keys(text: str) -> list[tuple[str, str | None]]:
    """The key events of typing ``text`` (``\r`` is Enter), as ``(key, character)``."""
    return [("enter", char) if char == "\r" else (_character_to_key(char), char) for char in text]


async def burst(pilot: Pilot[None], keys: list[tuple[str, str | None]]) -> None:
    """Queue every ``(key, character)`` at once, then let the app handle them all."""
    driver = pilot.app._driver
    assert driver is not None
    for key, char in keys:
        event = events.Key(key, char)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await settle(pilot)


async def settle(pilot: Pilot[None]) -> None:
    """Let the app handle every queued event, through any screens the events open or close.

    One pause waits for the current screen only; a burst that submits a dialog moves on to
    another screen, whose own queue is then drained in the next round.
    """
    app = pilot.app
    for _ in range(100):
        screen = app.screen
        await pilot.pause()
        if app.screen is screen and app._message_queue.empty():
            return
    raise AssertionError("the app kept changing screens for 100 rounds")


async def log_in(pilot: Pilot[None], username: str = "kasir", pin: str = "1234") -> None:
    """Username, Tab, PIN, Enter."""
    await type_text(pilot, username)
    await pilot.press("tab")
    await type_text(pilot, pin, enter=True)


async def start_selling(pilot: Pilot[None], opening_float: str = "200000") -> None:
    """Log in as the cashier and open a shift with ``opening_float``."""
    await log_in(pilot)
    await type_text(pilot, opening_float, enter=True)


async def printed(app: PosApp) -> None:
    """Wait until every print job the app started has finished (printing runs in threads)."""
    jobs = [worker for worker in app.workers if worker.group == "print"]
    if jobs:  # an empty list would wait for every worker, the open dialogs' ones included
        await app.workers.wait_for_complete(jobs)


def journal_kinds(store: Store) -> list[str]:
    """The kinds of every journal entry, in order."""
    with store.read() as session:
        return list(session.exec(select(JournalEntry.kind).order_by(JournalEntry.seq)).all())


def receipt_text(receipt: Receipt) -> str:
    """A decoded receipt as plain text, 48 columns."""
    return receipt.text(48)


def screen_text(app: PosApp) -> str:
    """Everything the terminal shows right now, as plain text lines."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)
