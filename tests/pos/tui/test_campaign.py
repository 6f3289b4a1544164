"""F11 on the payment screen: tag a sale with a campaign and a buyer's NIP, through the till."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import select
from textual.widgets import Input, Label, Static

from hardware.virtual.server import VirtualPrinter
from pos.config import (
    CampaignDefinition,
    CampaignSettings,
    OutletSettings,
    PrinterSettings,
    SaleSettings,
    Settings,
)
from pos.models import Sale, SaleCampaign
from pos.tui.app import PosApp
from pos.tui.dialogs.campaign import CampaignDialog
from pos.tui.dialogs.change import ChangeDialog
from pos.tui.screens.payment import PaymentScreen
from sync.journal import JournalEntry
from tests.factories import KOPI_EAN, MADU_EAN
from tests.pos.tui.conftest import (
    QRIS_STATIC,
    SIZE,
    printed,
    receipt_text,
    screen_text,
    start_selling,
    type_text,
)

pytestmark = pytest.mark.timeout(60)

NIP = "198503122010011005"
CAMPAIGNS = CampaignSettings(
    drive=[
        CampaignDefinition(
            code="BELANJA-NTT",
            name="Belanja Produk NTT",
            starts=date(2026, 11, 1),
            ends=date(2026, 12, 31),
            minimum=100_000,
        ),
        CampaignDefinition(
            code="KOPERASI",
            name="Anggota Koperasi",
            starts=date(2026, 11, 1),
            ends=date(2026, 11, 30),
            buyer_id="text",
            buyer_label="No. Anggota",
        ),
        CampaignDefinition(
            code="LALU", name="Kampanye Lalu", starts=date(2026, 1, 1), ends=date(2026, 1, 31)
        ),
    ]
)


@pytest.fixture
def settings() -> Settings:
    """Outlet BLU with two campaigns running on 22/11/2026 and one that ended."""
    return Settings(
        outlet=OutletSettings(
            code="BLU", name="NTT Mart Atambua", address="Jl. Basuki Rahmat, Atambua"
        ),
        sale=SaleSettings(qris_static=QRIS_STATIC),
        printer=PrinterSettings(paper_width=80),
        campaigns=CAMPAIGNS,
    )


def flat(text: str) -> str:
    """Text with line wrapping undone."""
    return " ".join(text.split())


async def test_a_sale_tagged_at_payment_stores_and_prints_the_campaign(
    app: PosApp, virtual: VirtualPrinter
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        await type_text(pilot, f"{KOPI_EAN}\r{MADU_EAN}", enter=True)  # Rp150.000
        await pilot.press("f12", "f11")
        dialog = app.screen
        assert isinstance(dialog, CampaignDialog)
        # Only the campaigns running today are offered, the first one chosen.
        assert [c.code for c in dialog.campaigns] == ["BELANJA-NTT", "KOPERASI"]
        label = dialog.query_one("#campaign-buyer-label", Label)
        assert "NIP pembeli" in str(label.render())
        await pilot.press("down")
        assert dialog.chosen.code == "KOPERASI"
        assert "No. Anggota pembeli" in str(label.render())
        await pilot.press("up")
        assert dialog.chosen.code == "BELANJA-NTT"
        # A NIP with sex digit 3 is refused on the spot, naming the digit.
        await type_text(pilot, "198503122010013005", enter=True)
        assert app.screen is dialog
        message = str(dialog.query_one("#campaign-message", Static).render())
        assert "angka ke-15 (jenis kelamin) harus 1 atau 2, bukan 3" in message
        dialog.query_one("#buyer", Input).value = ""
        await type_text(pilot, "19850312 201001 1 005", enter=True)
        assert isinstance(app.screen, PaymentScreen)
        assert f"Kampanye: Belanja Produk NTT · NIP {NIP}" in screen_text(app)
        assert "F11 Kampanye" in screen_text(app)
        await type_text(pilot, "150000", enter=True)
        await printed(app)
        assert isinstance(app.screen, ChangeDialog)

    with app.context.store.read() as session:
        sale = session.exec(select(Sale)).one()
        tag = session.exec(select(SaleCampaign)).one()
        entry = session.exec(
            select(JournalEntry).where(JournalEntry.kind == "sale.completed")
        ).one()
    assert (tag.sale_id, tag.campaign, tag.buyer_id, tag.minimum) == (
        sale.id,
        "BELANJA-NTT",
        NIP,
        100_000,
    )
    assert entry.schema_version == 2
    assert json.loads(entry.payload)["campaign"]["buyer_id"] == NIP
    text = receipt_text(virtual.wait_for_receipts(1)[0])
    assert f"Kampanye: Belanja Produk NTT · NIP {NIP}" in flat(text)
    assert sale.receipt_no in text


async def test_f8_takes_the_tag_off_and_the_sale_goes_untagged(
    app: PosApp, virtual: VirtualPrinter
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        await type_text(pilot, KOPI_EAN, enter=True)
        await pilot.press("f12", "f11")
        await type_text(pilot, NIP, enter=True)
        assert "Kampanye: Belanja Produk NTT" in screen_text(app)
        await pilot.press("f11")
        assert isinstance(app.screen, CampaignDialog)
        assert app.screen.query_one("#buyer", Input).value == NIP  # the tag given so far
        await pilot.press("f8")
        assert isinstance(app.screen, PaymentScreen)
        assert "Kampanye:" not in screen_text(app)
        await pilot.press("f7")  # exact cash
        await printed(app)

    with app.context.store.read() as session:
        assert session.exec(select(Sale)).one() is not None
        assert session.exec(select(SaleCampaign)).all() == []
    assert "Kampanye" not in receipt_text(virtual.wait_for_receipts(1)[0])
