"""The header's sync state on the till: not set up, entries waiting after a sale, and online
after a real push to the central service (uvicorn on loopback, PostgreSQL)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from hardware.virtual.server import VirtualPrinter
from inventory.clock import FixedClock
from pos.config import SyncSettings
from pos.context import OutletContext
from pos.tui.app import PosApp, build_app
from pos.tui.widgets import status_bar
from sync import journal
from sync.central import outlets
from sync.client import push
from sync.transport import CentralClient
from tests.conftest import FROZEN_NOW
from tests.factories import KOPI_EAN
from tests.pos.tui.conftest import (
    SIZE,
    free_port,
    network_printer,
    printed,
    screen_text,
    start_selling,
    type_text,
)
from tests.sync.conftest import central, migrated_engine, postgres_url, server  # noqa: F401
from tests.sync.servers import ServerThread

pytestmark = [pytest.mark.timeout(60), pytest.mark.usefixtures("staff", "products")]


def till(outlet: OutletContext, virtual: VirtualPrinter, sync: SyncSettings) -> PosApp:
    """The app over ``outlet`` with its ``[sync]`` section set to ``sync``."""
    outlet.settings = outlet.settings.model_copy(update={"sync": sync})
    app = build_app(outlet, printer=network_printer(virtual.port))
    app.animation_level = "none"
    return app


async def sell_one(pilot: object, app: PosApp) -> None:
    """One kopi, paid exactly in cash, change dialog closed."""
    await type_text(pilot, KOPI_EAN, enter=True)  # type: ignore[arg-type]
    await pilot.press("f12", "f7")  # type: ignore[attr-defined]
    await printed(app)
    await pilot.press("enter")  # type: ignore[attr-defined]


def waiting(outlet: OutletContext) -> int:
    with outlet.store.read() as session:
        return journal.last_seq(session) - journal.state(session, outlet.outlet).acked_seq


async def shows(pilot: object, app: PosApp, text: str) -> None:
    """Wait for the header's periodic refresh to show ``text`` (the test's timeout bounds it)."""
    while text not in screen_text(app):
        await pilot.pause(0.05)  # type: ignore[attr-defined]


async def test_without_a_central_url_the_header_says_so(
    outlet: OutletContext, virtual: VirtualPrinter
) -> None:
    app = till(outlet, virtual, SyncSettings())
    async with app.run_test(size=SIZE) as pilot:
        assert "Sync: tidak diatur" in screen_text(app)
        await start_selling(pilot)
        await sell_one(pilot, app)
        assert "Sync: tidak diatur" in screen_text(app)


async def test_a_sale_adds_to_the_entries_waiting(
    outlet: OutletContext, virtual: VirtualPrinter
) -> None:
    # Configured, but nothing has ever answered at that address.
    sync = SyncSettings(central_url=f"http://127.0.0.1:{free_port()}", token="x")
    app = till(outlet, virtual, sync)
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        before = waiting(outlet)
        assert f"Offline · {before} menunggu · belum pernah terkirim" in screen_text(app)
        await sell_one(pilot, app)
        after = waiting(outlet)
        assert after == before + 1  # sale.completed
        # Refreshed right after the sale, not at the next tick.
        assert f"Offline · {after} menunggu · belum pernah terkirim" in screen_text(app)


async def test_online_after_a_real_push(
    outlet: OutletContext,
    virtual: VirtualPrinter,
    server: ServerThread,  # noqa: F811
    central: Engine,  # noqa: F811
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = outlets.add_outlet(
        central, code="BLU", name="NTT Mart Atambua", kabupaten="Belu", now=FROZEN_NOW
    )
    monkeypatch.setattr(status_bar, "REFRESH_SECONDS", 0.05)
    app = till(outlet, virtual, SyncSettings(central_url=server.url, token=token))
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        await sell_one(pilot, app)
        assert f"Offline · {waiting(outlet)} menunggu" in screen_text(app)

        client = CentralClient(server.url, token, timeout=5)
        try:
            report = await asyncio.to_thread(
                push, outlet.store, client, outlet="BLU", clock=clock, batch_size=100
            )
        finally:
            client.close()
        assert report.waiting == 0 and report.sent > 0
        # The bar's own timer picks it up; nothing in the app was told.
        await shows(pilot, app, "Online · 0 menunggu · baru saja")
        clock.advance(timedelta(minutes=2, seconds=10))
        await shows(pilot, app, "Online · 0 menunggu · 2 mnt lalu")
        clock.advance(timedelta(hours=3))
        await shows(pilot, app, "Offline · 0 menunggu · terakhir 3 jam lalu")
