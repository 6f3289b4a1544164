"""The campaign report from real tagged sales: two outlets ring up tagged and untagged sales and a
refund through the real checkout, push them through a real uvicorn into PostgreSQL, and every
figure of the ``campaign`` report is checked, including a refund that takes a buyer below the
minimum after the campaign's last day."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, select

from inventory.clock import FixedClock
from inventory.stamp import Stamp
from pos import cart as carts
from pos.campaigns import CampaignTag
from pos.checkout import CompletedSale, TenderInput, complete_sale
from pos.cli import main
from pos.config import (
    CampaignDefinition,
    CampaignSettings,
    OutletSettings,
    SaleSettings,
    Settings,
)
from pos.context import OutletContext
from pos.models import ApprovalAction, Role, Shift
from pos.refunds import RefundItem, refund
from pos.shifts import open_shift
from pos.staff import add_staff, approve
from sync.central import tables
from sync.central.reports.base import REGISTRY, Kind, ReportError, ReportParams
from sync.central.reports.catalog_of_reports import campaign as campaign_module
from sync.client import push
from sync.transport import CentralClient
from tests.conftest import FROZEN_NOW
from tests.factories import ean, make_product
from tests.sync.conftest import OutletUnderTest
from tests.sync.servers import ServerThread

DAY = date(2026, 11, 22)
A, B, C = "198503122010011005", "199001012015032001", "197712312003121002"
DRIVE = CampaignDefinition(
    code="BELANJA-NTT",
    name="Belanja Produk NTT",
    starts=date(2026, 11, 1),
    ends=date(2026, 11, 30),
    minimum=100_000,
)
KOPERASI = CampaignDefinition(
    code="KOPERASI",
    name="Anggota Koperasi",
    starts=date(2026, 11, 1),
    ends=date(2026, 11, 30),
    buyer_id="text",
    buyer_label="No. Anggota",
)
EANS = {"kopi": ean(1), "madu": ean(2), "kelor": ean(3)}


def _settings(code: str) -> Settings:
    return Settings(
        outlet=OutletSettings(code=code, name=f"NTT Mart {code}"),
        sale=SaleSettings(),
        campaigns=CampaignSettings(drive=[DRIVE, KOPERASI]),
    )


def _open(outlet: OutletUnderTest, clock: FixedClock) -> tuple[OutletContext, Shift]:
    stamp = Stamp(outlet=outlet.code, actor="maria", at=clock.now())
    with outlet.store.write() as session:
        add_staff(session, stamp, username="kasir", name="Yohana", role=Role.CASHIER, pin="1234")
        add_staff(session, stamp, username="manajer", name="Maria", role=Role.MANAGER, pin="9999")
        make_product(session, stamp, barcodes=(EANS["kopi"],))  # Rp65.000
        make_product(
            session, stamp, sku="MDU", name="Madu Hutan", price=85_000, barcodes=(EANS["madu"],)
        )
        make_product(
            session, stamp, sku="KEL", name="Teh Kelor", price=35_000, barcodes=(EANS["kelor"],)
        )
    context = OutletContext(settings=_settings(outlet.code), store=outlet.store, clock=clock)
    return context, open_shift(context, cashier="kasir", opening_float=500_000)


def _sell(
    context: OutletContext,
    shift: Shift,
    *items: str,
    buyer: str | None = None,
    campaign: str = DRIVE.code,
) -> CompletedSale:
    cart = carts.new_cart("kasir", started_at=context.clock.now(), shift_id=shift.id)
    with context.store.read() as session:
        for item in items:
            carts.scan(session, cart, EANS[item])
    tag = CampaignTag(campaign, buyer) if buyer else None
    return complete_sale(context, cart, [TenderInput.cash(500_000)], campaign=tag)


def _push(outlet: OutletUnderTest, server: ServerThread, clock: FixedClock) -> None:
    client = CentralClient(server.url, outlet.token, timeout=10)
    try:
        report = push(outlet.store, client, outlet=outlet.code, clock=clock, batch_size=50)
    finally:
        client.close()
    assert report.waiting == 0 and report.sent > 0


def _params(**extra: str) -> ReportParams:
    return ReportParams(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30), extra=extra)


def test_campaign_report_from_real_tagged_sales(
    server: ServerThread,
    central: Engine,
    make_outlet: Callable[[str], OutletUnderTest],
    clock: FixedClock,
) -> None:
    blu, kpg = make_outlet("BLU"), make_outlet("KPG")
    blu_ctx, blu_shift = _open(blu, clock)
    kpg_ctx, kpg_shift = _open(kpg, clock)
    _sell(blu_ctx, blu_shift, "kopi", buyer=A)  # A: 65.000 at BLU ...
    _sell(kpg_ctx, kpg_shift, "madu", buyer=A)  # ... and 85.000 at KPG = 150.000, met
    b_sale = _sell(blu_ctx, blu_shift, "kopi", "madu", buyer=B)  # B: 150.000 ...
    _sell(blu_ctx, blu_shift, "kopi", "kelor", buyer=C)  # C: exactly 100.000, met
    _sell(blu_ctx, blu_shift, "madu", "madu")  # untagged: not in the report
    _sell(kpg_ctx, kpg_shift, "kelor", buyer="KOP-0042", campaign="KOPERASI")  # another campaign
    # After the campaign's last day B returns the honey: 150.000 - 85.000 = 65.000, not met.
    clock.set(FROZEN_NOW + timedelta(days=10))
    approval = approve(
        blu_ctx,
        username="manajer",
        pin="9999",
        action=ApprovalAction.REFUND,
        reason="kemasan rusak",
        requested_by="kasir",
    )
    back = refund(
        blu_ctx,
        receipt_no=b_sale.receipt_no,
        items=[RefundItem(b_sale.doc.lines[1].id, 1)],
        approval=approval,
        reason="kemasan rusak",
        cashier="kasir",
        shift_id=blu_shift.id,
    )
    assert back.doc.campaign == b_sale.doc.campaign and back.doc.goods_amount == 85_000
    _push(blu, server, clock)
    _push(kpg, server, clock)

    with central.connect() as connection:
        stored = connection.execute(
            select(
                tables.sale_campaign.c.outlet,
                tables.sale_campaign.c.buyer_id,
                tables.sale_campaign.c.minimum,
            ).order_by(tables.sale_campaign.c.outlet, tables.sale_campaign.c.seq)
        ).all()
    assert [tuple(row) for row in stored] == [
        ("BLU", A, 100_000),
        ("BLU", B, 100_000),
        ("BLU", C, 100_000),
        ("KPG", A, 100_000),
        ("KPG", "KOP-0042", 0),
    ]

    assert REGISTRY["campaign"].build is campaign_module.build
    belanja = [
        (A, 2, "BLU, KPG", 150_000, 0, 150_000, True),
        (C, 1, "BLU", 100_000, 0, 100_000, True),
        (B, 1, "BLU", 150_000, 85_000, 65_000, False),
    ]
    belanja_totals = ("Total", 4, "BLU, KPG", 400_000, 85_000, 315_000, None)
    belanja_summary = ("BELANJA-NTT", "Belanja Produk NTT", 100_000, 3, 2, 4, 315_000)

    # No campaign named: every campaign of the period, a summary row and a table each.
    every = REGISTRY["campaign"].build(central, _params())
    summary, belanja_table, koperasi_table = every.tables
    assert [tuple(row) for row in summary.rows] == [
        belanja_summary,
        ("KOPERASI", "Anggota Koperasi", 0, 1, 1, 1, 35_000),
    ]
    assert [tuple(row) for row in belanja_table.rows] == belanja
    assert [tuple(row) for row in koperasi_table.rows] == [
        ("KOP-0042", 1, "KPG", 35_000, 0, 35_000, True)
    ]
    assert koperasi_table.columns[0].label == "No. Anggota"

    # One campaign named (any case): its summary row and its buyers.
    report = REGISTRY["campaign"].build(central, _params(campaign="belanja-ntt"))
    summary, buyers = report.tables
    assert [c.kind for c in buyers.columns] == [
        Kind.TEXT, Kind.INT, Kind.TEXT, Kind.MONEY, Kind.MONEY, Kind.MONEY, Kind.BOOL
    ]  # fmt: skip
    assert buyers.columns[0].label == "NIP"
    assert [tuple(row) for row in buyers.rows] == belanja
    assert tuple(buyers.totals or ()) == belanja_totals
    assert [tuple(row) for row in summary.rows] == [belanja_summary]
    facts = dict(report.facts)
    assert facts["Kampanye"] == "Belanja Produk NTT (BELANJA-NTT)"
    assert facts["Pembeli"] == "3" and facts["Pembeli mencapai minimum"] == "2"
    assert facts["Bersih"] == "Rp315.000" and facts["Minimum per pembeli"] == "Rp100.000"

    # One outlet: A bought only 85.000 at KPG.
    kpg_only = REGISTRY["campaign"].build(
        central,
        ReportParams(
            date_from=date(2026, 11, 1),
            date_to=date(2026, 11, 30),
            outlet="KPG",
            extra={"campaign": "BELANJA-NTT"},
        ),
    )
    assert [tuple(row) for row in kpg_only.tables[1].rows] == [
        (A, 1, "KPG", 85_000, 0, 85_000, False)
    ]
    # A lower minimum asked for by the admin: B's 65.000 reaches Rp50.000.
    lower = REGISTRY["campaign"].build(central, _params(campaign="BELANJA-NTT", minimum="50.000"))
    assert [row[6] for row in lower.tables[1].rows] == [True, True, True]
    assert [tuple(row) for row in lower.tables[0].rows] == [
        ("BELANJA-NTT", "Belanja Produk NTT", 50_000, 3, 3, 4, 315_000)
    ]


def test_campaign_report_refuses_bad_input_clearly(
    server: ServerThread,
    central: Engine,
    make_outlet: Callable[[str], OutletUnderTest],
    clock: FixedClock,
) -> None:
    blu = make_outlet("BLU")
    context, shift = _open(blu, clock)
    _sell(context, shift, "kopi", buyer=A)
    _push(blu, server, clock)
    build = REGISTRY["campaign"].build
    with pytest.raises(ReportError, match=r"'LAIN' belum pernah muncul.*dikenal: BELANJA-NTT"):
        build(central, _params(campaign="LAIN"))
    # A period without tagged sales: a report without rows, its note saying so.
    december = ReportParams(date_from=date(2026, 12, 1), date_to=date(2026, 12, 31))
    for params in (december, dataclasses.replace(december, extra={"campaign": "BELANJA-NTT"})):
        (summary,) = build(central, params).tables
        assert summary.rows == []
        assert "tidak punya penjualan pada 01/12/2026 - 31/12/2026" in (summary.note or "")
    with pytest.raises(ReportError, match="Minimum 'banyak' bukan jumlah Rupiah"):
        build(central, _params(campaign="BELANJA-NTT", minimum="banyak"))
    with pytest.raises(ReportError, match="the date range is backwards"):
        ReportParams(date_from=date(2026, 12, 1), date_to=date(2026, 11, 1))


def test_campaign_report_from_the_command_line(
    server: ServerThread,
    central: Engine,
    postgres_url: str,
    make_outlet: Callable[[str], OutletUnderTest],
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    blu = make_outlet("BLU")
    context, shift = _open(blu, clock)
    _sell(context, shift, "kopi", "madu", buyer=A)  # Rp150.000
    _sell(context, shift, "kelor", buyer=B)  # Rp35.000
    _sell(context, shift, "kopi", buyer="A-17", campaign=KOPERASI.code)
    _push(blu, server, clock)

    def run(*args: str) -> Result:
        env = {"NTTMART_CENTRAL__DATABASE_URL": postgres_url}
        period = ["--from", "2026-11-01", "--to", "2026-11-30"]
        return CliRunner().invoke(
            main, ["central", "report", *args, *period], env=env, catch_exceptions=False
        )

    def buyers(out: Path) -> dict[str, list[str]]:
        rows = list(csv.reader(io.StringIO(out.read_text("utf-8"))))
        return {row[0]: row for row in rows if row and row[0] in (A, B, "A-17")}

    every = tmp_path / "every.csv"
    assert run("campaign", "--out", str(every)).exit_code == 0
    assert set(buyers(every)) == {A, B, "A-17"}
    one = tmp_path / "one.csv"
    result = run("campaign", "--campaign", "belanja-ntt", "--minimum", "30000", "--out", str(one))
    assert result.exit_code == 0, result.output
    assert set(buyers(one)) == {A, B}  # the other campaign's buyer is not in it
    # With the minimum lowered to Rp30.000, B's Rp35.000 meets it (it did not at Rp100.000).
    assert buyers(every)[B][-1] == "false"
    assert [row[-1] for row in buyers(one).values()] == ["true", "true"]
    wrong = run("payouts", "--campaign", "BELANJA-NTT", "--out", str(tmp_path / "p.csv"))
    assert wrong.exit_code == 2
    assert "--campaign dan --minimum hanya untuk laporan campaign" in wrong.output
    assert not (tmp_path / "p.csv").exists()
