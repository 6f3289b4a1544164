"""Barang masuk through the screens: producer, consignment, scanned and typed lines, F12; the
database, the journal, the slip on the virtual printer and the labels offered for new barcodes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlmodel import select
from textual.widgets import Static

from hardware.virtual.server import VirtualPrinter
from inventory.barcodes import is_valid
from inventory.catalog import barcodes_of
from inventory.manager_models import Receiving, ReceivingLine, ReceivingMode
from inventory.models import Product
from pos.tui.app import PosApp
from pos.tui.manager.choice import ChoiceDialog
from pos.tui.manager.receiving import ReceivingScreen
from pos.tui.manager.receiving_line import ReceivingLineDialog
from tests.factories import KOPI_EAN, ean
from tests.inventory.manager.support import db_state, pdf_text
from tests.pos.tui.conftest import SIZE, journal_kinds, printed, receipt_text, type_text
from tests.pos.tui.manager.conftest import KOPI_500, fill, message, open_menu, stock_of

pytestmark = pytest.mark.timeout(60)


async def open_receiving(pilot, producer: str = "fa masa", mode: str = "titip") -> None:  # type: ignore[no-untyped-def]
    """Menu entry 1, then the producer and the mode, each narrowed by typing and chosen."""
    await open_menu(pilot)
    await pilot.press("1")
    await pilot.pause()
    await type_text(pilot, producer, enter=True)
    await type_text(pilot, mode, enter=True)


async def test_consignment_receiving_prints_the_slip_and_offers_labels(
    app: PosApp, virtual: VirtualPrinter
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_receiving(pilot)
        screen = app.screen
        assert isinstance(screen, ReceivingScreen)
        assert screen.mode is ReceivingMode.CONSIGNMENT
        assert (
            screen.producer is not None and screen.producer.name == "Koperasi Kopi Fa Masa Bajawa"
        )

        await type_text(pilot, KOPI_EAN, enter=True)
        assert isinstance(app.screen, ReceivingLineDialog)
        await fill(pilot, "24", "52.000", "30/06/2027", "B2611")
        assert isinstance(app.screen, ReceivingScreen)
        await type_text(pilot, f"12*{KOPI_500}", enter=True)  # the quantity is filled in
        await fill(pilot, "", "96000", "", "")
        assert [line.entry.quantity for line in screen.lines] == [24, 12]
        assert "Rp2.400.000" in str(screen.query_one("#receiving-total", Static).render())

        await pilot.press("f12")
        await printed(app)
        assert isinstance(app.screen, ChoiceDialog)  # labels for the product without a barcode
        await pilot.press("enter")  # the A4 sheet (first choice)
        await pilot.pause()
        assert isinstance(app.screen, ReceivingScreen) and screen.lines == []
        saved = re.search(r"disimpan: (\S+\.pdf)", message(app))
        assert saved is not None, message(app)
        sheet = pdf_text(Path(saved[1]).read_bytes())

    with app.context.store.read() as session:
        receiving = session.exec(select(Receiving)).one()
        lines = session.exec(select(ReceivingLine).order_by(ReceivingLine.line_no)).all()
        kopi_500 = session.exec(select(Product).where(Product.sku == KOPI_500)).one()
        new_codes = barcodes_of(session, kopi_500.id)
    assert receiving.number == "BLU-RCV-20261122-0001"
    assert receiving.mode is ReceivingMode.CONSIGNMENT and receiving.actor == "manajer"
    assert [(line.quantity, line.unit_price, line.batch) for line in lines] == [
        (24, 52_000, "B2611"),
        (12, 96_000, None),
    ]
    assert lines[0].expiry_date is not None and lines[0].expiry_date.isoformat() == "2027-06-30"
    assert stock_of(app, "KOP-BJW-250") == 44 and stock_of(app, KOPI_500) == 12
    assert journal_kinds(app.context.store)[-1] == "stock.receiving"
    (code,) = new_codes
    assert code.startswith("20") and is_valid(code)
    assert sheet.count("Rp120.000") == 12 and code in "".join(sheet.split())

    (slip,) = virtual.wait_for_receipts(1)
    text = receipt_text(slip)
    assert "BARANG MASUK" in text and "Titip jual" in text
    assert "BLU-RCV-20261122-0001" in text and "Koperasi Kopi Fa Masa Bajawa" in text
    assert "Rp1.248.000" in text and "Rp1.152.000" in text and "Rp2.400.000" in text
    assert "Kedaluwarsa 30/06/2027" in text and "Batch B2611" in text
    assert f"{KOPI_500}" in text and code in text  # the new barcode is on the slip


async def test_bought_goods_print_single_labels_on_the_receipt_printer(
    app: PosApp, virtual: VirtualPrinter
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_receiving(pilot, producer="tanpa", mode="beli")
        await type_text(pilot, KOPI_500, enter=True)
        await fill(pilot, "2", "", "", "")  # the unit cost is filled in: Rp90.000
        await pilot.press("f12")
        await printed(app)
        await pilot.press("down", "enter")  # one label per product on the receipt printer
        await printed(app)
        assert message(app) == "1 label dikirim ke printer struk."
    slip, label = virtual.wait_for_receipts(2)
    assert "Beli putus" in receipt_text(slip) and "Rp180.000" in receipt_text(slip)
    assert "Kopi Arabika Flores Bajawa 500g" in receipt_text(label)
    assert "Rp120.000" in receipt_text(label)
    assert stock_of(app, KOPI_500) == 2


async def test_bad_lines_are_refused_with_a_clear_message_and_nothing_stored(
    app: PosApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_receiving(pilot)
        before = db_state(app.context.store)

        await type_text(pilot, ean(999), enter=True)
        assert message(app) == f"Barcode {ean(999)} tidak dikenal."

        await type_text(pilot, KOPI_EAN, enter=True)
        await fill(pilot, "-2", "52000", "", "")
        dialog = app.screen
        assert isinstance(dialog, ReceivingLineDialog)
        assert str(dialog.query_one("#line-message", Static).render()) == (
            "Baris 1: jumlah tidak boleh negatif (-2)."
        )
        await pilot.press("escape")
        await type_text(pilot, KOPI_EAN, enter=True)
        await fill(pilot, "3", "", "31/02/2027", "")
        assert "'31/02/2027' bukan tanggal" in str(
            app.screen.query_one("#line-message", Static).render()
        )
        await pilot.press("escape")

        await pilot.press("f12")
        assert message(app) == "Belum ada baris barang masuk."
        assert app.bells == 4
        assert db_state(app.context.store) == before


async def test_consignment_of_another_producers_goods_is_refused(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_receiving(pilot)
        before = db_state(app.context.store)
        await type_text(pilot, "MDU-AMF-250", enter=True)
        await fill(pilot, "5", "", "", "")
        await pilot.press("f12")
        assert message(app) == (
            "Baris 1: Madu Hutan Amfoang 250ml milik produsen Madu Hutan Amfoang, "
            "bukan Koperasi Kopi Fa Masa Bajawa."
        )
        assert isinstance(app.screen, ReceivingScreen) and len(app.screen.lines) == 1
        assert db_state(app.context.store) == before
