"""Campaign tags at checkout: NIP checks, what a tagged sale stores and journals, refunds, config."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from inventory.errors import ConfigError, InvalidInputError, NotFoundError, NttMartError
from inventory.i18n import language
from pos import cart as carts
from pos.campaigns import CampaignTag, check_nip, running
from pos.checkout import TenderInput, complete_sale
from pos.config import (
    CampaignDefinition,
    CampaignSettings,
    OutletSettings,
    SaleSettings,
    Settings,
    load_settings,
)
from pos.context import OutletContext
from pos.documents import RefundCompleted, SaleCompleted
from pos.models import ApprovalAction, Sale, SaleCampaign, Shift
from pos.receipts import render_text
from pos.refunds import RefundItem, refund
from pos.sales import find_sale, reprint, sale_doc
from pos.simulate import demo_buyers
from pos.staff import approve
from sync.journal import JournalEntry
from tests.factories import KOPI_EAN, MADU_EAN
from tests.pos.conftest import MANAJER_PIN

NIP = "198503122010011005"
TODAY = date(2026, 11, 22)
DRIVE = CampaignDefinition(
    code="BELANJA-NTT",
    name="Belanja Produk NTT",
    starts=date(2026, 11, 1),
    ends=date(2026, 12, 31),
    minimum=100_000,
)
KOPERASI = CampaignDefinition(
    code="KOPERASI",
    name="Anggota Koperasi",
    starts=date(2026, 11, 1),
    ends=date(2026, 11, 30),
    buyer_id="text",
    buyer_label="No. Anggota",
    buyer_pattern=r"KOP-\d{4}",
)
OVER = CampaignDefinition(
    code="LALU", name="Kampanye Lalu", starts=date(2026, 1, 1), ends=date(2026, 1, 31)
)


@pytest.fixture
def settings() -> Settings:
    """Outlet BLU with three campaigns: the NIP drive, a text-id one, and one that ended."""
    return Settings(
        outlet=OutletSettings(
            code="BLU", name="NTT Mart Atambua", address="Jl. Basuki Rahmat, Atambua"
        ),
        sale=SaleSettings(),
        campaigns=CampaignSettings(drive=[DRIVE, KOPERASI, OVER]),
    )


def _cart(outlet: OutletContext, shift: Shift, *codes: str) -> carts.Cart:
    cart = carts.new_cart("kasir", started_at=outlet.clock.now(), shift_id=shift.id)
    with outlet.store.read() as session:
        for code in codes:
            carts.scan(session, cart, code)
    return cart


def _counts(outlet: OutletContext) -> tuple[int, int, int]:
    with outlet.store.read() as session:
        return (
            session.execute(select(func.count()).select_from(Sale)).scalar_one(),
            session.execute(select(func.count()).select_from(SaleCampaign)).scalar_one(),
            session.execute(select(func.count()).select_from(JournalEntry)).scalar_one(),
        )


def _flat(text: str) -> str:
    """Receipt text with the paper's line wrapping undone."""
    return " ".join(text.split())


def _entries(outlet: OutletContext, kind: str) -> list[JournalEntry]:
    with outlet.store.read() as session:
        return list(
            session.execute(
                select(JournalEntry).where(JournalEntry.kind == kind).order_by(JournalEntry.seq)
            ).scalars()
        )


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("", "campaign.nip.empty"),
        ("19850312201001100", "campaign.nip.length"),
        ("1985031220100110055", "campaign.nip.length"),
        ("1985031220100110A5", "campaign.nip.not_digits"),
        ("198513122010011005", "campaign.nip.birth"),  # month 13
        ("198502302010011005", "campaign.nip.birth"),  # 30 February
        ("193003122010011005", "campaign.nip.birth"),  # born before 1940
        ("198503122010131005", "campaign.nip.appointed"),  # month 13
        ("198503121995011005", "campaign.nip.appointed"),  # appointed at 9
        ("198503122027011005", "campaign.nip.appointed"),  # next year
        ("198503122010013005", "campaign.nip.sex"),
        ("198503122010011000", "campaign.nip.sequence"),
    ],
)
def test_a_bad_nip_is_refused_naming_the_part(raw: str, key: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        check_nip(raw, TODAY)
    assert refused.value.key == key


def test_nip_messages_are_indonesian_and_specific() -> None:
    with pytest.raises(InvalidInputError) as refused:
        check_nip("198503122010013005", TODAY)
    with language("id"):
        assert str(refused.value) == (
            "NIP 198503122010013005: angka ke-15 (jenis kelamin) harus 1 atau 2, bukan 3."
        )
    with language("en"):
        assert "digit 15 (sex) must be 1 or 2, not 3" in str(refused.value)


def test_a_nip_written_with_spaces_is_its_18_digits() -> None:
    assert check_nip("19850312 201001 1 005", TODAY) == NIP
    assert check_nip("19850312-201001-2-005", TODAY) == "198503122010012005"


def test_running_campaigns_follow_the_business_day(settings: Settings) -> None:
    assert [c.code for c in running(settings, TODAY)] == ["BELANJA-NTT", "KOPERASI"]
    assert [c.code for c in running(settings, date(2026, 12, 1))] == ["BELANJA-NTT"]


@pytest.mark.usefixtures("products")
def test_a_tagged_sale_stores_journals_and_prints_its_campaign(
    outlet: OutletContext, shift: Shift
) -> None:
    cart = _cart(outlet, shift, KOPI_EAN, MADU_EAN)
    done = complete_sale(
        outlet,
        cart,
        [TenderInput.cash(200_000)],
        campaign=CampaignTag("belanja-ntt", "19850312 201001 1 005"),
    )
    assert done.doc.campaign is not None
    assert (done.doc.campaign.code, done.doc.campaign.buyer_id) == ("BELANJA-NTT", NIP)
    with outlet.store.read() as session:
        row = session.get(SaleCampaign, done.doc.id)
        assert row is not None
        assert (row.campaign, row.campaign_name, row.buyer_label, row.buyer_id, row.minimum) == (
            "BELANJA-NTT",
            "Belanja Produk NTT",
            "NIP",
            NIP,
            100_000,
        )
        # A reprint rebuilds the same document, tag included.
        rebuilt = sale_doc(session, find_sale(session, done.receipt_no), "BLU")
        assert rebuilt.campaign == done.doc.campaign
    (entry,) = _entries(outlet, "sale.completed")
    assert entry.schema_version == 2
    payload = json.loads(entry.payload)
    assert payload["campaign"] == {
        "code": "BELANJA-NTT",
        "name": "Belanja Produk NTT",
        "buyer_label": "NIP",
        "buyer_id": NIP,
        "minimum": 100_000,
    }
    assert SaleCompleted.model_validate(payload).campaign == done.doc.campaign
    text = _flat(render_text(done.receipt, 48))
    assert f"Kampanye: Belanja Produk NTT · NIP {NIP}" in text
    assert f"Kampanye: Belanja Produk NTT · NIP {NIP}" in _flat(render_text(reprint(outlet), 48))


@pytest.mark.usefixtures("products")
def test_an_untagged_sale_journals_exactly_as_before(outlet: OutletContext, shift: Shift) -> None:
    done = complete_sale(outlet, _cart(outlet, shift, KOPI_EAN), [TenderInput.cash(100_000)])
    (entry,) = _entries(outlet, "sale.completed")
    assert entry.schema_version == 1
    assert "campaign" not in json.loads(entry.payload)
    assert "campaign" not in done.doc.model_dump(mode="json")
    assert "Kampanye" not in _flat(render_text(done.receipt, 48))
    assert _counts(outlet)[1] == 0


@pytest.mark.usefixtures("products")
@pytest.mark.parametrize(
    ("tag", "error", "key"),
    [
        (CampaignTag("BELANJA-NTT", "198503122010013005"), InvalidInputError, "campaign.nip.sex"),
        (CampaignTag("BELANJA-NTT", "  "), InvalidInputError, "campaign.nip.empty"),
        (CampaignTag("LALU", NIP), InvalidInputError, "campaign.not_running"),
        (CampaignTag("TIDAK-ADA", NIP), NotFoundError, "campaign.unknown"),
        (CampaignTag("KOPERASI", "KOP-12"), InvalidInputError, "campaign.buyer_format"),
    ],
)
def test_a_bad_tag_refuses_the_sale_and_stores_nothing(
    outlet: OutletContext,
    shift: Shift,
    tag: CampaignTag,
    error: type[NttMartError],
    key: str,
) -> None:
    before = _counts(outlet)
    with pytest.raises(error) as refused:
        complete_sale(
            outlet, _cart(outlet, shift, KOPI_EAN), [TenderInput.cash(100_000)], campaign=tag
        )
    assert refused.value.key == key
    assert _counts(outlet) == before


@pytest.mark.usefixtures("products")
def test_a_text_buyer_id_follows_its_pattern(outlet: OutletContext, shift: Shift) -> None:
    done = complete_sale(
        outlet,
        _cart(outlet, shift, KOPI_EAN),
        [TenderInput.cash(100_000)],
        campaign=CampaignTag("KOPERASI", " KOP-0042 "),
    )
    assert done.doc.campaign is not None and done.doc.campaign.buyer_id == "KOP-0042"
    assert "Kampanye: Anggota Koperasi · No. Anggota KOP-0042" in _flat(
        render_text(done.receipt, 48)
    )


@pytest.mark.usefixtures("products")
def test_a_refund_keeps_the_sale_s_tag(outlet: OutletContext, shift: Shift) -> None:
    done = complete_sale(
        outlet,
        _cart(outlet, shift, KOPI_EAN, MADU_EAN),
        [TenderInput.cash(200_000)],
        campaign=CampaignTag("BELANJA-NTT", NIP),
    )
    approval = approve(
        outlet,
        username="manajer",
        pin=MANAJER_PIN,
        action=ApprovalAction.REFUND,
        reason="rusak",
        requested_by="kasir",
    )
    back = refund(
        outlet,
        receipt_no=done.receipt_no,
        items=[RefundItem(done.doc.lines[1].id, 1)],
        approval=approval,
        reason="kemasan rusak",
        cashier="kasir",
        shift_id=shift.id,
    )
    assert back.doc.campaign == done.doc.campaign
    (entry,) = _entries(outlet, "refund.completed")
    assert entry.schema_version == 2
    assert RefundCompleted.model_validate_json(entry.payload).campaign == done.doc.campaign
    assert f"Kampanye: Belanja Produk NTT · NIP {NIP}" in _flat(render_text(back.slip, 48))


def test_campaign_config_is_checked(tmp_path: Path) -> None:
    good = tmp_path / "ok.toml"
    good.write_text(
        '[[campaigns.drive]]\ncode = "BELANJA-NTT"\nname = "Belanja Produk NTT"\n'
        "starts = 2026-12-01\nends = 2026-12-31\nminimum = 100000\n",
        "utf-8",
    )
    (campaign,) = load_settings(good, environ={}).campaigns.drive
    assert (campaign.code, campaign.minimum, campaign.buyer_id, campaign.label) == (
        "BELANJA-NTT",
        100_000,
        "nip",
        "NIP",
    )
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[campaigns.drive]]\ncode = "x"\nname = "A"\nstarts = 2026-12-31\nends = 2026-12-01\n'
        '[[campaigns.drive]]\ncode = "B2"\nname = "B"\nstarts = 2026-12-01\nends = 2026-12-31\n'
        'buyer_id = "text"\nbuyer_pattern = "("\ncolour = 1\n',
        "utf-8",
    )
    with pytest.raises(ConfigError) as refused:
        load_settings(bad, environ={})
    message = str(refused.value)
    assert "[campaigns] drive.0.code" in message
    assert "[campaigns] drive.1.buyer_pattern: not a regular expression" in message
    assert "[campaigns] drive.1.colour: unknown key" in message
    twice = tmp_path / "twice.toml"
    twice.write_text(
        '[[campaigns.drive]]\ncode = "AB"\nname = "A"\nstarts = 2026-12-01\nends = 2026-12-31\n'
        '[[campaigns.drive]]\ncode = "AB"\nname = "B"\nstarts = 2026-12-01\nends = 2026-12-31\n',
        "utf-8",
    )
    with pytest.raises(ConfigError, match="campaign code AB is defined twice"):
        load_settings(twice, environ={})
    from_env = load_settings(
        None,
        environ={
            "NTTMART_CAMPAIGNS__DRIVE": '[{"code": "ENV", "name": "E", "starts": "2026-12-01", '
            '"ends": "2026-12-31", "minimum": 50000}]'
        },
    )
    assert [(c.code, c.minimum) for c in from_env.campaigns.drive] == [("ENV", 50_000)]


def test_demo_buyers_are_valid_nips() -> None:
    buyers = demo_buyers(200, random.Random(1))
    assert len(set(buyers)) == 200
    assert all(check_nip(nip, TODAY) == nip for nip in buyers)
