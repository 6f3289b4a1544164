"""Snapshots of the campaign dialog (F11 on the payment screen) and of a tagged payment, at
100x30 with the frozen clock; regenerate with ``--snapshot-update`` after a deliberate change."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from pos.config import OutletSettings, PrinterSettings, SaleSettings, Settings
from pos.context import OutletContext
from pos.tui.app import PosApp, build_app
from tests.factories import KOPI_EAN, MADU_EAN
from tests.pos.tui.conftest import QRIS_STATIC, SIZE, start_selling, type_text
from tests.pos.tui.test_campaign import CAMPAIGNS

Snap = Callable[..., bool]


@pytest.fixture(autouse=True)
def _steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text cursor stays on: a blink would make the picture depend on timing."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def settings() -> Settings:
    """Outlet BLU with the campaigns of the Pilot tests."""
    return Settings(
        outlet=OutletSettings(
            code="BLU", name="NTT Mart Atambua", address="Jl. Basuki Rahmat, Atambua"
        ),
        sale=SaleSettings(qris_static=QRIS_STATIC),
        printer=PrinterSettings(paper_width=80),
        campaigns=CAMPAIGNS,
    )


@pytest.fixture
def till(outlet: OutletContext, staff: None, products: object) -> PosApp:
    """The app with no printer configured."""
    app = build_app(outlet)
    app.animation_level = "none"
    return app


async def paying(pilot: Pilot[None]) -> None:
    """A kopi and a madu (Rp150.000) on the payment screen."""
    await start_selling(pilot)
    await type_text(pilot, f"{KOPI_EAN}\r{MADU_EAN}", enter=True)
    await pilot.press("f12")


def test_campaign_dialog_with_a_wrong_nip(snap_compare: Snap, till: PosApp) -> None:
    """F11: the campaigns running today, the NIP field, and a NIP refused for its sex digit."""

    async def script(pilot: Pilot[None]) -> None:
        await paying(pilot)
        await pilot.press("f11")
        await type_text(pilot, "198503122010013005", enter=True)

    assert snap_compare(till, terminal_size=SIZE, run_before=script)


def test_payment_with_a_campaign_tag(snap_compare: Snap, till: PosApp) -> None:
    """The payment screen after tagging: the campaign and the buyer's NIP under the amounts."""

    async def script(pilot: Pilot[None]) -> None:
        await paying(pilot)
        await pilot.press("f11")
        await type_text(pilot, "198503122010011005", enter=True)

    assert snap_compare(till, terminal_size=SIZE, run_before=script)
