"""Reorder list (PDF, CSV), label sheets, single labels and certificate expiry warnings."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from inventory.certs import expiring_certificates
from inventory.db import Store
from inventory.errors import NttMartError
from inventory.labels import PRESETS, SheetLayout, labels_for, preset, product_label
from inventory.manager_common import InstoreNumbering
from inventory.manager_models import ReceivingMode
from inventory.models import CertificationKind, Program
from inventory.pdf.labels import render_label_sheet
from inventory.pdf.reorder import render_reorder
from inventory.quantity import Unit
from inventory.receiving import ReceivingLineInput, receive
from inventory.reorder import reorder_list, suggest, write_reorder_csv
from inventory.stamp import Stamp
from inventory.units import UnitInput
from tests.conftest import FROZEN_NOW
from tests.factories import KOPI_EAN, MADU_EAN, ean
from tests.inventory.manager.support import at, certify, make_item, make_producer, pdf_text, sell


def test_suggestion_arithmetic() -> None:
    # 45 sold in 30 days = 1.5 a day; 14 days need 21; 4 on hand: order 17.
    assert suggest(on_hand=4, min_stock=10, sold=45, history_days=30, cover_days=14) == 17
    # Slow seller: the minimum decides.
    assert suggest(on_hand=2, min_stock=10, sold=3, history_days=30, cover_days=14) == 8
    # Oversold (negative on hand) is made up too; 1 sold in 30 days still rounds up to one.
    assert suggest(on_hand=-2, min_stock=0, sold=1, history_days=30, cover_days=14) == 3


def test_reorder_list_groups_per_producer_with_days_of_cover(store: Store, stamp: Stamp) -> None:
    with store.write() as session:
        bajawa = make_producer(session, stamp)
        bajawa.phone = "0812-3456-7890"
        madu_hutan = make_producer(session, stamp, "Madu Hutan Timor", kabupaten="TTS")
        kopi = make_item(
            session,
            stamp,
            "KOP",
            name="Kopi Bajawa",
            producer=bajawa,
            min_stock=10,
            barcodes=[KOPI_EAN],
        )
        make_item(session, stamp, "KOP2", name="Kopi Robusta", producer=bajawa, min_stock=5)
        make_item(session, stamp, "MADU", name="Madu Hutan", producer=madu_hutan, min_stock=3)
        make_item(session, stamp, "GAR", name="Garam Kusamba", min_stock=0)
        receive(
            session,
            at(stamp, datetime(2026, 10, 1, tzinfo=UTC)),
            mode=ReceivingMode.PURCHASE,
            lines=[
                ReceivingLineInput("KOP", 60, unit_price=40_000),
                ReceivingLineInput("MADU", 5, unit_price=1),
            ],
        )
        sell(session, at(stamp, datetime(2026, 10, 10, tzinfo=UTC)), kopi, 11, 1)  # too old
        for day in range(1, 16):
            sell(session, at(stamp, datetime(2026, 11, day, tzinfo=UTC)), kopi, 3, 195_000)
    with store.read() as session:
        groups = reorder_list(session, now=FROZEN_NOW, cover_days=14, history_days=30)
    assert [g.producer_name for g in groups] == ["Koperasi Kopi Fa Masa Bajawa"]
    lines = {line.sku: line for line in groups[0].lines}
    assert (
        lines["KOP"].on_hand,
        lines["KOP"].sold,
        lines["KOP"].days_of_cover,
        lines["KOP"].suggested,
    ) == (
        4,
        45,
        2,
        17,
    )
    assert (lines["KOP2"].days_of_cover, lines["KOP2"].suggested) == (None, 5)
    assert [line.sku for line in groups[0].lines] == ["KOP", "KOP2"]  # most urgent first
    out = io.StringIO()
    assert write_reorder_csv(groups, out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert (
        rows[0]["sku"] == "KOP"
        and rows[0]["suggested"] == "17"
        and rows[0]["phone"] == "0812-3456-7890"
    )
    assert rows[1]["days_of_cover"] == ""
    text = pdf_text(
        render_reorder(
            groups, outlet="NTT Mart Atambua", now=FROZEN_NOW, cover_days=14, history_days=30
        )
    )
    for fragment in [
        "Daftar Pesan Ulang",
        "Koperasi Kopi Fa Masa Bajawa",
        "0812-3456-7890",
        "Kopi Bajawa (KOP)",
        "2 hari",
        "14 hari",
    ]:
        assert fragment in text, fragment
    empty = pdf_text(render_reorder([], outlet="X", now=FROZEN_NOW, cover_days=14, history_days=30))
    assert "Tidak ada produk di bawah stok minimum" in empty


def test_label_sheet_has_name_price_barcode_origin_and_certificates(
    store: Store, stamp: Stamp
) -> None:
    with store.write() as session:
        bajawa = make_producer(session, stamp)
        kopi = make_item(
            session,
            stamp,
            "KOP",
            name="Kopi Arabika Flores Bajawa 250g",
            producer=bajawa,
            barcodes=[KOPI_EAN],
        )
        make_item(
            session,
            stamp,
            "MET",
            name="Kacang Mete Alor",
            price=180_000,
            unit=Unit.GRAM,
            barcodes=[MADU_EAN],
        )
        certify(session, CertificationKind.HALAL, "ID33110000123450922", producer=bajawa)
        certify(session, CertificationKind.PIRT, "2065309010123-27", product=kopi)
    with store.read() as session:
        label = product_label(session, "KOP")
        labels = labels_for(session, [(KOPI_EAN, 2), ("MET", 1)])
    assert label.origin_text == "Ngada · OVOP"
    assert label.certificate_text == "Halal ID33110000123450922 · PIRT 2065309010123-27"
    assert len(labels) == 3 and labels[2].price_text == "Rp180.000/kg"
    prefixed = replace(label, certificates={CertificationKind.BPOM: "BPOM RI MD 251110010457"})
    assert prefixed.certificate_text == "BPOM RI MD 251110010457"
    for name, layout in PRESETS.items():
        data = render_label_sheet(labels, layout)
        text = pdf_text(data)
        assert text.count("Rp65.000") == 2, name
        for fragment in ["Rp180.000/kg", "Ngada · OVOP", "991234", "567891", "Kacang Mete Alor"]:
            assert fragment in text, (name, fragment)
        assert "Halal ID33110000123450922" in text
    # 25 labels on 3x8 sheets fill a second page; skipping 23 used stickers as well.
    assert (
        len(PdfReader(io.BytesIO(render_label_sheet(labels * 8 + labels[:1], preset("3x8")))).pages)
        == 2
    )
    assert len(PdfReader(io.BytesIO(render_label_sheet(labels, preset("3x8"), skip=22))).pages) == 2


def test_label_layouts_and_requests_are_checked(store: Store, stamp: Stamp) -> None:
    assert PRESETS["5x13"].label_width == pytest.approx(38.1)
    assert PRESETS["5x13"].label_height == pytest.approx(21.2)
    assert PRESETS["3x8"].label_width == pytest.approx(70.0)
    custom = SheetLayout(
        columns=2, rows=5, margin_top=10, margin_bottom=10, margin_left=5, margin_right=5, gap_x=4
    )
    assert custom.origin(3) == (pytest.approx(5 + 98 + 4), pytest.approx(10 + 55.4))
    for kwargs, key in [
        ({"columns": 12, "rows": 40}, "labels.bad_grid"),
        ({"columns": 3, "rows": 8, "margin_left": -1}, "labels.negative_margin"),
        ({"columns": 10, "rows": 30}, "labels.too_small"),
    ]:
        with pytest.raises(NttMartError) as raised:
            SheetLayout(**kwargs)  # type: ignore[arg-type]
        assert raised.value.key == key
    with pytest.raises(NttMartError) as unknown:
        preset("4x10")
    assert unknown.value.key == "labels.unknown_preset"
    with store.write() as session:
        make_item(session, stamp, "KOP", barcodes=[KOPI_EAN])
    with store.read() as session:
        for request, key in [
            ([("KOP", 0)], "manager.quantity_zero"),
            ([("KOP", 501)], "labels.too_many"),
            ([(ean(3), 1)], "catalog.unknown_barcode"),
            ([], "labels.none"),
        ]:
            with pytest.raises(NttMartError) as bad:
                labels_for(session, request)
            assert bad.value.key == key
        one = labels_for(session, [("KOP", 1)])
    with pytest.raises(NttMartError) as skip:
        render_label_sheet(one, preset("3x8"), skip=24)
    assert skip.value.key == "labels.bad_skip"


def test_a_tenun_unit_label_carries_its_own_code_and_story(store: Store, stamp: Stamp) -> None:
    with store.write() as session:
        sumba = make_producer(
            session, stamp, "Sanggar Praiyawang", kabupaten="Sumba Timur", program=Program.OCOP
        )
        make_item(session, stamp, "TEN", name="Tenun Ikat Sumba", price=1_500_000, producer=sumba)
        result = receive(
            session,
            stamp,
            mode=ReceivingMode.CONSIGNMENT,
            producer_id=sumba.id,
            lines=[
                ReceivingLineInput(
                    "TEN",
                    1,
                    units=[UnitInput(motif="Kuda", weaver="Ina Rambu", village="Praiyawang")],
                )
            ],
            numbering=InstoreNumbering("20", 2),
        )
    code = result.lines[0].unit_codes[0]
    with store.read() as session:
        label = product_label(session, code)
        plain = product_label(session, "TEN")
    assert (label.barcode, label.detail) == (code, "Kuda · Ina Rambu · Praiyawang")
    assert plain.barcode == result.new_barcodes["TEN"] and plain.detail is None
    text = pdf_text(render_label_sheet([label], preset("3x8")))
    assert "Kuda · Ina Rambu · Praiyawang" in text and "Sumba Timur · OCOP" in text


def test_certificates_expiring_soon_or_expired(store: Store, stamp: Stamp) -> None:
    with store.write() as session:
        bajawa = make_producer(session, stamp)
        kopi = make_item(session, stamp, "KOP", name="Kopi Bajawa", producer=bajawa)
        make_item(session, stamp, "KOP2", producer=bajawa)
        madu = make_item(session, stamp, "MADU", name="Madu Hutan")
        certify(
            session,
            CertificationKind.HALAL,
            "ID-HALAL-1",
            producer=bajawa,
            expires_on=date(2027, 1, 10),
        )
        certify(
            session, CertificationKind.PIRT, "PIRT-1", product=kopi, expires_on=date(2026, 11, 1)
        )
        certify(session, CertificationKind.BPOM, "MD-1", product=madu, expires_on=date(2027, 6, 1))
        certify(session, CertificationKind.HALAL, "ID-HALAL-2", product=madu)  # no expiry
    with store.read() as session:
        warnings = expiring_certificates(session, today=date(2026, 11, 22), within_days=60)
    assert [(w.number, w.days_left, w.expired) for w in warnings] == [
        ("PIRT-1", -21, True),
        ("ID-HALAL-1", 49, False),
    ]
    assert (warnings[0].product_sku, warnings[0].producer_name) == (
        "KOP",
        "Koperasi Kopi Fa Masa Bajawa",
    )
    assert (warnings[1].product_sku, warnings[1].products) == (None, 2)
