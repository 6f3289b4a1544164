"""Stock counts: frozen expectations while selling, several counters, approval, refusals, PDFs."""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from inventory import stock
from inventory import stockcount as sc
from inventory.clock import FixedClock
from inventory.db import Store
from inventory.documents import KIND_COUNT, StockCountDoc
from inventory.errors import NttMartError
from inventory.manager_models import CountScope, ReceivingMode
from inventory.models import MovementKind, Product, StockMovement
from inventory.outlet import open_store
from inventory.pdf.counts import render_count_sheet, render_variance_report
from inventory.quantity import Unit
from inventory.receiving import ReceivingLineInput, receive
from inventory.stamp import Stamp
from sync.journal import JournalEntry
from tests.conftest import FROZEN_NOW, OUTLET
from tests.factories import KOPI_EAN, MADU_EAN, ean
from tests.inventory.manager.support import at, db_state, make_item, pdf_text, sell


def _shop(store: Store, stamp: Stamp) -> dict[str, Product]:
    with store.write() as session:
        items = {
            "KOP": make_item(
                session, stamp, "KOP", name="Kopi Bajawa", cost=45_000, barcodes=[KOPI_EAN]
            ),
            "MADU": make_item(
                session, stamp, "MADU", name="Madu Hutan Timor", price=85_000, barcodes=[MADU_EAN]
            ),
            "KEL": make_item(
                session, stamp, "KEL", name="Teh Kelor", price=25_000, barcodes=[ean(7)]
            ),
        }
        receive(
            session,
            stamp,
            mode=ReceivingMode.PURCHASE,
            lines=[
                ReceivingLineInput("KOP", 10, unit_price=45_000),
                ReceivingLineInput("MADU", 5, unit_price=60_000),
                ReceivingLineInput("KEL", 8, unit_price=15_000),
            ],
        )
        sc.set_shelf(session, stamp, code="KOP", shelf="A1")
        sc.set_shelf(session, stamp, code=MADU_EAN, shelf="A1")
        sc.set_shelf(session, stamp, code="KEL", shelf="B2")
    return items


def test_count_while_selling_with_two_counters_then_approve(
    store: Store, stamp: Stamp, clock: FixedClock
) -> None:
    items = _shop(store, stamp)
    with store.write() as session:
        count = sc.start_count(session, stamp, scope=CountScope.SHELF, value="A1")
    assert count.number == "BLU-OPN-20261122-0001"
    clock.advance(timedelta(minutes=5))
    later = at(stamp, clock.now())
    with store.write() as session:
        # The till keeps selling during the count.
        sell(session, later, items["KOP"], 2, 130_000)
        for _ in range(3):
            progress = sc.scan(session, later, number=count.number, code=KOPI_EAN, counter="ani")
        assert (progress.counted, progress.by_counter) == (3, 3)
        progress = sc.enter_quantity(
            session, later, number=count.number, code="KOP", counter="budi", quantity=4
        )
        assert (progress.counted, progress.by_counter) == (7, 4)
        sc.enter_quantity(
            session, later, number=count.number, code="MADU", counter="ani", quantity=6
        )
    with store.read() as session:
        report = sc.variance_report(session, count.number)
    lines = {line.sku: line for line in report.lines}
    kopi, madu = lines["KOP"], lines["MADU"]
    assert (kopi.expected, kopi.moved_since_start, kopi.counted, kopi.variance) == (10, -2, 7, -1)
    assert (kopi.value, kopi.valued_at, kopi.counters) == (-45_000, "cost", {"ani": 3, "budi": 4})
    assert (madu.variance, madu.value, madu.valued_at) == (1, 85_000, "price")
    assert "KEL" not in lines  # another shelf
    assert (report.shortage_value, report.surplus_value, report.net_value) == (
        -45_000,
        85_000,
        40_000,
    )

    with store.write() as session:
        approved = sc.approve_count(session, later, number=count.number, approver="pak-yosef")
    assert approved.status == "approved" and approved.approver == "pak-yosef"
    with store.read() as session:
        assert stock.on_hand(session, items["KOP"].id) == 7
        assert stock.on_hand(session, items["MADU"].id) == 6
        corrections = session.exec(
            select(StockMovement).where(StockMovement.kind == MovementKind.COUNT_CORRECTION)
        ).all()
        entry = session.exec(select(JournalEntry).where(JournalEntry.kind == KIND_COUNT)).one()
    assert sorted(m.quantity for m in corrections) == [-1, 1]
    doc = StockCountDoc.model_validate_json(entry.payload)
    assert doc.approver == "pak-yosef" and len(doc.movements) == 2
    assert {line.variance for line in doc.lines} == {-1, 1}
    # Selling after approval does not rewrite what the count measured.
    with store.write() as session:
        sell(session, later, items["KOP"], 1, 65_000)
    with store.read() as session:
        again = sc.variance_report(session, count.number)
    assert again == approved


def test_bad_count_input_is_refused_and_nothing_changes(store: Store, stamp: Stamp) -> None:
    _shop(store, stamp)
    with store.write() as session:
        count = sc.start_count(session, stamp, scope=CountScope.SHELF, value="A1")
    before = db_state(store)
    attempts = [
        (
            lambda s: sc.scan(s, stamp, number=count.number, code=ean(99), counter="ani"),
            "catalog.unknown_barcode",
        ),
        (
            lambda s: sc.scan(s, stamp, number=count.number, code="8991234567892", counter="ani"),
            "barcode.bad_check",
        ),
        (
            lambda s: sc.scan(s, stamp, number=count.number, code="KEL", counter="ani"),
            "stockcount.not_in_scope",
        ),
        (
            lambda s: sc.scan(s, stamp, number=count.number, code="KOP", counter=" "),
            "catalog.required",
        ),
        (
            lambda s: sc.scan(s, stamp, number="BLU-OPN-1", code="KOP", counter="ani"),
            "stockcount.unknown",
        ),
        (
            lambda s: sc.enter_quantity(
                s, stamp, number=count.number, code="KOP", counter="ani", quantity=-2
            ),
            "manager.quantity_negative",
        ),
        (
            lambda s: sc.approve_count(s, stamp, number=count.number, approver="pak-yosef"),
            "stockcount.nothing_counted",
        ),
        (lambda s: sc.start_count(s, stamp, scope=CountScope.FULL), "stockcount.overlaps_open"),
        (
            lambda s: sc.start_count(s, stamp, scope=CountScope.SHELF, value="Z9"),
            "stockcount.empty_scope",
        ),
        (
            lambda s: sc.start_count(s, stamp, scope=CountScope.CATEGORY, value="Tenun"),
            "stockcount.unknown_category",
        ),
    ]
    for attempt, key in attempts:
        with pytest.raises(NttMartError) as raised, store.write() as session:
            attempt(session)
        assert raised.value.key == key
        assert str(raised.value) != key
    assert db_state(store) == before
    with store.write() as session:
        sc.scan(session, stamp, number=count.number, code="KOP", counter="ani")
    with pytest.raises(NttMartError) as no_approver, store.write() as session:
        sc.approve_count(session, stamp, number=count.number, approver="  ")
    assert no_approver.value.key == "catalog.required"
    with store.write() as session:
        sc.cancel_count(session, stamp, number=count.number)
    with pytest.raises(NttMartError) as closed, store.write() as session:
        sc.scan(session, stamp, number=count.number, code="KOP", counter="ani")
    assert closed.value.key == "stockcount.closed"


def test_weighed_goods_are_typed_not_scanned(store: Store, stamp: Stamp) -> None:
    with store.write() as session:
        make_item(session, stamp, "MET", name="Mete Curah", unit=Unit.GRAM, barcodes=[ean(8)])
        count = sc.start_count(session, stamp)
    with pytest.raises(NttMartError) as scanned, store.write() as session:
        sc.scan(session, stamp, number=count.number, code=ean(8), counter="ani")
    assert scanned.value.key == "stockcount.scan_weighed"
    with store.write() as session:
        typed = sc.enter_quantity(
            session, stamp, number=count.number, code=ean(8), counter="ani", quantity=1250
        )
    assert typed.counted == 1250


def test_full_count_can_treat_uncounted_products_as_zero(store: Store, stamp: Stamp) -> None:
    items = _shop(store, stamp)
    with store.write() as session:
        count = sc.start_count(session, stamp)
        sc.enter_quantity(
            session, stamp, number=count.number, code="KOP", counter="ani", quantity=10
        )
        sc.scan(session, stamp, number=count.number, code="MADU", counter="ani")
        assert (
            sc.clear_entries(session, stamp, number=count.number, code="MADU", counter="ani") == 1
        )
    with store.read() as session:
        report = sc.variance_report(session, count.number)
    assert {line.sku for line in report.uncounted} == {"MADU", "KEL"}
    assert report.differences == ()
    with store.write() as session:
        approved = sc.approve_count(
            session, stamp, number=count.number, approver="pak-yosef", uncounted_as_zero=True
        )
    assert {line.sku: line.variance for line in approved.differences} == {"MADU": -5, "KEL": -8}
    with store.read() as session:
        assert stock.on_hand(session, items["KEL"].id) == 0
        assert stock.on_hand(session, items["KOP"].id) == 10


def test_count_sheet_is_blind_and_the_variance_report_shows_values(
    store: Store, stamp: Stamp
) -> None:
    _shop(store, stamp)
    with store.write() as session:
        count = sc.start_count(session, stamp, scope=CountScope.SHELF, value="A1")
        sc.enter_quantity(
            session, stamp, number=count.number, code="KOP", counter="ani", quantity=9
        )
        sc.enter_quantity(
            session, stamp, number=count.number, code="MADU", counter="ani", quantity=5
        )
    with store.read() as session:
        report = sc.variance_report(session, count.number)
    sheet = pdf_text(render_count_sheet(report))
    assert "Lembar Hitung Stok Opname" in sheet and count.number in sheet
    assert "Kopi Bajawa (KOP)" in sheet and KOPI_EAN in sheet and "Rak: A1" in sheet
    assert "Teh Kelor" not in sheet
    assert "10" not in sheet.split()  # the expected quantity (10) is not shown
    with store.write() as session:
        approved = sc.approve_count(session, stamp, number=count.number, approver="pak-yosef")
    text = pdf_text(render_variance_report(approved))
    for fragment in [
        "Laporan Selisih Stok Opname",
        "-Rp45.000",
        "Disetujui oleh pak-yosef",
        "harga pokok",
    ]:
        assert fragment in text, fragment
    english = pdf_text(render_variance_report(approved, lang="en"))
    assert "Stock Count Variance Report" in english and "Approved by pak-yosef" in english


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty, migrated outlet database file to copy for each example."""
    path = tmp_path_factory.mktemp("template") / "o.db"
    open_store(path, outlet_code=OUTLET, outlet_name="x", now=FROZEN_NOW, create=True).close()
    return path


# Between count entries the till sells (True) or the counter counts (False) product 0..2.
step = st.tuples(st.integers(0, 2), st.booleans(), st.integers(0, 5))


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(step, min_size=1, max_size=20))
def test_after_approval_stock_equals_what_was_counted(
    template: Path, steps: list[tuple[int, bool, int]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        shutil.copyfile(template, Path(folder) / "o.db")
        store = open_store(
            Path(folder) / "o.db", outlet_code=OUTLET, outlet_name="x", now=FROZEN_NOW
        )
        stamp = Stamp(outlet=OUTLET, actor="maria", at=FROZEN_NOW)
        try:
            with store.write() as session:
                products = [
                    make_item(session, stamp, f"P{n}", barcodes=[ean(200 + n)]) for n in range(3)
                ]
                receive(
                    session,
                    stamp,
                    mode=ReceivingMode.PURCHASE,
                    lines=[ReceivingLineInput(p.sku, 20, unit_price=1_000) for p in products],
                )
                count = sc.start_count(session, stamp)
            counted: dict[str, int] = {}
            for index, selling, quantity in steps:
                product = products[index]
                with store.write() as session:
                    if selling and quantity:
                        sell(session, stamp, product, quantity, quantity * 65_000)
                    elif not selling:
                        sc.enter_quantity(
                            session,
                            stamp,
                            number=count.number,
                            code=product.sku,
                            counter="ani",
                            quantity=quantity,
                        )
                        counted[product.id] = counted.get(product.id, 0) + quantity
            if not counted:
                return
            with store.write() as session:
                sc.approve_count(session, stamp, number=count.number, approver="pak-yosef")
            with store.read() as session:
                for product in products:
                    on_hand = stock.on_hand(session, product.id)
                    assert on_hand == stock.ledger_sum(session, product.id)
                    if product.id in counted:
                        assert on_hand == counted[product.id]
        finally:
            store.close()
