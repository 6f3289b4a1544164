"""Consignment: stock per producer, returns, settlements, payouts; nothing settled twice."""

from __future__ import annotations

import itertools
import shutil
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from inventory import consignment as cons
from inventory import settlements
from inventory.db import Store
from inventory.documents import KIND_PAYOUT, KIND_SETTLEMENT, PayoutDoc, SettlementDoc
from inventory.errors import ConflictError, InvalidInputError, NttMartError
from inventory.manager_models import PayoutMethod, ReceivingMode, ReturnReason, SettledMovement
from inventory.models import Producer, Product
from inventory.outlet import open_store
from inventory.pdf.statement import render_statement
from inventory.receiving import ReceivingLineInput, receive
from inventory.stamp import Stamp
from sync.journal import JournalEntry
from tests.conftest import FROZEN_NOW, OUTLET
from tests.factories import KOPI_EAN
from tests.inventory.manager.support import at, db_state, make_item, make_producer, pdf_text, sell


def wita(day: int, hour: int = 10) -> datetime:
    """``day`` November 2026 at ``hour`` WITA, as UTC."""
    return datetime(2026, 11, day, hour - 8, 0, tzinfo=UTC)


def _consigned(store: Store, stamp: Stamp) -> tuple[Producer, Product, Product]:
    with store.write() as session:
        bajawa = make_producer(session, stamp, commission_bp=1500)
        kopi = make_item(
            session, stamp, "KOP", name="Kopi Bajawa 250g", producer=bajawa, barcodes=[KOPI_EAN]
        )
        kelor = make_item(session, stamp, "KEL", name="Teh Kelor", price=25_000, producer=bajawa)
    with store.write() as session:
        receive(
            session,
            at(stamp, wita(1)),
            mode=ReceivingMode.CONSIGNMENT,
            producer_id=bajawa.id,
            lines=[ReceivingLineInput("KOP", 24), ReceivingLineInput("KEL", 10)],
        )
    return bajawa, kopi, kelor


def test_settlement_pays_gross_minus_commission_and_closes_with_a_payout(
    store: Store, stamp: Stamp
) -> None:
    bajawa, kopi, kelor = _consigned(store, stamp)
    with store.write() as session:
        sell(session, at(stamp, wita(3)), kopi, 2, 130_000)
        sell(session, at(stamp, wita(5)), kopi, 1, 60_000)  # a discounted line
        sell(session, at(stamp, wita(6)), kelor, 3, 75_000)
        sell(session, at(stamp, wita(7)), kelor, 1, 25_000, refund=True)
        sell(session, at(stamp, wita(20)), kopi, 1, 65_000)  # after the period
    with store.write() as session:
        cons.return_to_producer(
            session,
            at(stamp, wita(10)),
            producer_id=bajawa.id,
            reason=ReturnReason.DAMAGED,
            lines=[("KOP", 2)],
        )
    with store.read() as session:
        preview = settlements.preview_settlement(
            session, producer_id=bajawa.id, start=date(2026, 11, 1), end=date(2026, 11, 15)
        )
    assert preview.number is None
    assert [(line.sku, line.quantity, line.gross) for line in preview.lines] == [
        ("KOP", 3, 190_000),
        ("KEL", 2, 50_000),
    ]
    assert (preview.gross, preview.commission, preview.payable) == (240_000, 36_000, 204_000)
    with store.write() as session:
        settled = settlements.settle(
            session, stamp, producer_id=bajawa.id, start=date(2026, 11, 1), end=date(2026, 11, 15)
        )
    assert settled.number == "BLU-STL-20261122-0001"
    assert (settled.gross, settled.commission, settled.payable) == (240_000, 36_000, 204_000)
    assert len(settled.movement_ids) == 4
    stock = {row.sku: row for row in settled.stock}
    assert (stock["KOP"].received, stock["KOP"].sold, stock["KOP"].returned) == (
        24,
        3,
        {"damaged": 2},
    )
    assert stock["KOP"].closing == 19 and stock["KEL"].closing == 8
    with store.read() as session:
        entry = session.exec(select(JournalEntry).where(JournalEntry.kind == KIND_SETTLEMENT)).one()
    doc = SettlementDoc.model_validate_json(entry.payload)
    assert doc.gross == doc.commission + doc.payable == 240_000
    assert sorted(doc.movement_ids) == sorted(settled.movement_ids)

    with pytest.raises(InvalidInputError) as no_ref, store.write() as session:
        settlements.record_payout(
            session,
            stamp,
            number=settled.number,
            paid_on=date(2026, 11, 22),
            method=PayoutMethod.TRANSFER,
        )
    assert no_ref.value.key == "consignment.reference_required"
    with store.write() as session:
        paid = settlements.record_payout(
            session,
            stamp,
            number=settled.number,
            paid_on=date(2026, 11, 22),
            method=PayoutMethod.TRANSFER,
            reference="BRI 0098123",
        )
    assert paid.status == "paid" and paid.payout is not None
    assert paid.payout.reference == "BRI 0098123"
    before = db_state(store)
    with pytest.raises(ConflictError) as twice, store.write() as session:
        settlements.record_payout(
            session,
            stamp,
            number=settled.number,
            paid_on=date(2026, 11, 22),
            method=PayoutMethod.CASH,
        )
    assert twice.value.key == "consignment.already_paid"
    assert db_state(store) == before
    with store.read() as session:
        payout = session.exec(select(JournalEntry).where(JournalEntry.kind == KIND_PAYOUT)).one()
    assert PayoutDoc.model_validate_json(payout.payload).amount == 204_000


def test_nothing_is_settled_twice_and_a_late_refund_carries_into_the_next_period(
    store: Store, stamp: Stamp
) -> None:
    bajawa, kopi, _ = _consigned(store, stamp)
    with store.write() as session:
        sell(session, at(stamp, wita(3)), kopi, 2, 130_000)
    with store.write() as session:
        first = settlements.settle(
            session, stamp, producer_id=bajawa.id, start=date(2026, 11, 1), end=date(2026, 11, 10)
        )
    assert first.gross == 130_000
    before = db_state(store)
    with pytest.raises(ConflictError) as again, store.write() as session:
        settlements.settle(
            session, stamp, producer_id=bajawa.id, start=date(2026, 11, 1), end=date(2026, 11, 10)
        )
    assert again.value.key == "consignment.period_settled"
    assert first.number and first.number in str(again.value)
    assert db_state(store) == before
    # The customer brings one bag back after the settlement: it counts in the next period.
    with store.write() as session:
        sell(session, at(stamp, wita(12)), kopi, 1, 65_000, refund=True)
        sell(session, at(stamp, wita(13)), kopi, 4, 260_000)
    with store.write() as session:
        second = settlements.settle(
            session, stamp, producer_id=bajawa.id, start=date(2026, 11, 11), end=date(2026, 11, 21)
        )
    assert [(line.quantity, line.gross) for line in second.lines] == [(3, 195_000)]
    with store.write() as session:
        sell(session, at(stamp, wita(21)), kopi, 1, 65_000, refund=True)
    with store.read() as session:
        # Its sale was settled, the period is closed: only the next period will see it.
        late = settlements.preview_settlement(
            session, producer_id=bajawa.id, start=date(2026, 11, 22), end=date(2026, 11, 30)
        )
        settled_ids = session.exec(select(SettledMovement.movement_id)).all()
    assert late.lines == ()
    assert len(settled_ids) == len(set(settled_ids)) == 3


def test_settling_an_empty_period_is_refused_and_changes_nothing(
    store: Store, stamp: Stamp
) -> None:
    bajawa, kopi, _ = _consigned(store, stamp)
    with store.write() as session:
        sell(session, at(stamp, wita(15)), kopi, 1, 65_000)
    before = db_state(store)
    with pytest.raises(InvalidInputError) as empty, store.write() as session:
        settlements.settle(
            session, stamp, producer_id=bajawa.id, start=date(2026, 11, 1), end=date(2026, 11, 10)
        )
    assert empty.value.key == "consignment.nothing_to_settle"
    assert "Koperasi Kopi Fa Masa Bajawa" in str(empty.value)
    for start, end, key in [
        (date(2026, 11, 10), date(2026, 11, 1), "manager.period_reversed"),
        (date(2026, 11, 1), date(2026, 11, 22), "consignment.period_not_over"),
    ]:
        with pytest.raises(NttMartError) as raised, store.write() as session:
            settlements.settle(session, stamp, producer_id=bajawa.id, start=start, end=end)
        assert raised.value.key == key
    assert db_state(store) == before


def test_sales_before_consignment_and_without_amount(store: Store, stamp: Stamp) -> None:
    with store.write() as session:
        bajawa = make_producer(session, stamp, commission_bp=2000)
        kopi = make_item(session, stamp, "KOP", producer=bajawa, price=65_000, barcodes=[KOPI_EAN])
        # Bought outright first and sold: the producer was paid on delivery, not by settlement.
        receive(
            session,
            at(stamp, wita(1)),
            mode=ReceivingMode.PURCHASE,
            lines=[ReceivingLineInput("KOP", 5, unit_price=45_000)],
        )
        sell(session, at(stamp, wita(2)), kopi, 1, 65_000)
        receive(
            session,
            at(stamp, wita(3)),
            mode=ReceivingMode.CONSIGNMENT,
            producer_id=bajawa.id,
            lines=[ReceivingLineInput("KOP", 5)],
        )
        sell(session, at(stamp, wita(4)), kopi, 2, None)
    with store.write() as session:
        statement = settlements.settle(
            session, stamp, producer_id=bajawa.id, start=date(2026, 11, 1), end=date(2026, 11, 21)
        )
    assert [(line.quantity, line.gross, line.estimated) for line in statement.lines] == [
        (2, 130_000, 1)
    ]
    assert (statement.commission, statement.payable) == (26_000, 104_000)


def test_returns_are_checked_against_stock_and_producer(store: Store, stamp: Stamp) -> None:
    bajawa, _, _ = _consigned(store, stamp)
    with store.write() as session:
        other = make_producer(session, stamp, "Madu Hutan Timor")
        make_item(session, stamp, "MADU", producer=other)
    before = db_state(store)
    cases = [
        ([("KOP", 25)], "consignment.return_exceeds_stock"),
        ([("KOP", -1)], "manager.quantity_negative"),
        ([("MADU", 1)], "consignment.not_consigned"),
        ([], "consignment.no_lines"),
    ]
    for lines, key in cases:
        with pytest.raises(NttMartError) as raised, store.write() as session:
            cons.return_to_producer(
                session, stamp, producer_id=bajawa.id, reason=ReturnReason.UNSOLD, lines=lines
            )
        assert raised.value.key == key
    assert db_state(store) == before
    with store.write() as session:
        done = cons.return_to_producer(
            session,
            stamp,
            producer_id=bajawa.id,
            reason=ReturnReason.EXPIRED,
            lines=[("KOP", 3), (KOPI_EAN, 1), ("KEL", 10)],
        )
    assert done.number == "BLU-RTP-20261122-0001"
    assert done.lines == (("KOP", "Kopi Bajawa 250g", 4), ("KEL", "Teh Kelor", 10))
    with store.read() as session:
        rows = {row.sku: row for row in cons.producer_stock(session, bajawa.id)}
    assert rows["KOP"].returned == {"expired": 4} and rows["KOP"].closing == 20
    assert rows["KEL"].closing == 0


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty, migrated outlet database file to copy."""
    path = tmp_path_factory.mktemp("template") / "o.db"
    open_store(path, outlet_code=OUTLET, outlet_name="x", now=FROZEN_NOW, create=True).close()
    return path


# A sale (False) or refund (True) of product 0 or 1 on a November day, with its amount.
event = st.tuples(
    st.integers(0, 1), st.integers(2, 20), st.booleans(), st.integers(1, 5), st.integers(0, 400_000)
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    events=st.lists(event, min_size=1, max_size=25),
    cuts=st.lists(st.integers(2, 20), max_size=4, unique=True),
    commission=st.integers(0, 10_000),
)
def test_settlements_never_lose_a_rupiah(
    template: Path, events: list[tuple[int, int, bool, int, int]], cuts: list[int], commission: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        # A fresh database per example: a copy of a migrated one is much faster than migrating.
        shutil.copyfile(template, Path(folder) / "o.db")
        store = open_store(
            Path(folder) / "o.db", outlet_code=OUTLET, outlet_name="x", now=FROZEN_NOW
        )
        stamp = Stamp(outlet=OUTLET, actor="maria", at=FROZEN_NOW)
        try:
            with store.write() as session:
                producer = make_producer(session, stamp, commission_bp=commission)
                products = [make_item(session, stamp, f"P{n}", producer=producer) for n in range(2)]
                receive(
                    session,
                    at(stamp, wita(1)),
                    mode=ReceivingMode.CONSIGNMENT,
                    producer_id=producer.id,
                    lines=[ReceivingLineInput(p.sku, 1000) for p in products],
                )
                expected = 0
                for index, day, refund, quantity, amount in events:
                    sell(
                        session,
                        at(stamp, wita(day)),
                        products[index],
                        quantity,
                        amount,
                        refund=refund,
                    )
                    expected += -amount if refund else amount
            bounds = [1, *sorted(cuts), 21]
            total_gross = total_split = settled_count = 0
            for start, end in itertools.pairwise(bounds):
                if end <= start:
                    continue
                try:
                    with store.write() as session:
                        statement = settlements.settle(
                            session,
                            stamp,
                            producer_id=producer.id,
                            start=date(2026, 11, start),
                            end=date(2026, 11, end - 1),
                        )
                except InvalidInputError as empty:
                    assert empty.key == "consignment.nothing_to_settle"
                    continue
                total_gross += statement.gross
                total_split += statement.commission + statement.payable
                settled_count += len(statement.movement_ids)
            assert total_gross == total_split == expected
            assert settled_count == len(events)
        finally:
            store.close()


def test_statement_pdf_reads_in_indonesian_with_the_sums(store: Store, stamp: Stamp) -> None:
    bajawa, kopi, kelor = _consigned(store, stamp)
    with store.write() as session:
        sell(session, at(stamp, wita(3)), kopi, 2, 130_000)
        sell(session, at(stamp, wita(6)), kelor, 3, None)
    with store.read() as session:
        preview = settlements.preview_settlement(
            session, producer_id=bajawa.id, start=date(2026, 11, 1), end=date(2026, 11, 21)
        )
    assert "PRATINJAU" in pdf_text(render_statement(preview))
    with store.write() as session:
        settled = settlements.settle(
            session, stamp, producer_id=bajawa.id, start=date(2026, 11, 1), end=date(2026, 11, 21)
        )
        assert settled.number is not None
        paid = settlements.record_payout(
            session,
            stamp,
            number=settled.number,
            paid_on=date(2026, 11, 22),
            method=PayoutMethod.TRANSFER,
            reference="BRI 0098123",
        )
    data = render_statement(paid)
    assert data == render_statement(paid)  # deterministic bytes
    text = pdf_text(data)
    for fragment in [
        "Laporan Penjualan Barang Titipan",
        "BLU-STL-20261122-0001",
        "Koperasi Kopi Fa Masa Bajawa",
        "Were, Golewa, Ngada",
        "OVOP",
        "01/11/2026 - 21/11/2026",
        "Kopi Bajawa 250g (KOP)",
        "Rp130.000",
        "Rp205.000",  # total: 130.000 + 3 x 25.000 at catalog price
        "Komisi toko (15%)",
        "-Rp30.750",
        "Rp174.250",
        "Sudah dibayar pada 22/11/2026 secara transfer bank, referensi BRI 0098123.",
        "harga katalog",
        "Stok akhir",
    ]:
        assert fragment in text, fragment
    english = pdf_text(render_statement(paid, lang="en"))
    assert "Consignment Sales Statement" in english and "Outlet commission (15%)" in english
