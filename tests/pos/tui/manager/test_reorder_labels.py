"""The reorder list (table, PDF and CSV) and labels (A4 sheet as PDF, single receipt label)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from textual.widgets import DataTable

from hardware.virtual.server import VirtualPrinter
from pos.tui.app import PosApp
from pos.tui.manager.labels import LabelsScreen
from pos.tui.manager.reorder import ReorderScreen
from tests.factories import KOPI_EAN, ean
from tests.inventory.manager.support import pdf_text
from tests.pos.tui.conftest import SIZE, printed, receipt_text, type_text
from tests.pos.tui.manager.conftest import entry_key, fill, message, open_menu

pytestmark = pytest.mark.timeout(60)


async def test_reorder_list_and_its_files(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_menu(pilot)
        await pilot.press(entry_key("reorder"))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReorderScreen)
        table = screen.query_one(DataTable)
        rows = [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]
        assert rows[0][1] == "Koperasi Kopi Fa Masa Bajawa"
        assert rows[1] == [
            "  KOP-BJW-250",
            "Kopi Arabika Flores Bajawa 250g",
            "20",
            "30",
            "0",
            "-",
            "10",
        ]
        await pilot.press("f5")
        saved = re.search(r"disimpan: (\S+\.pdf) dan (\S+\.csv)$", message(app))
        assert saved is not None, message(app)
    assert "Kopi Arabika Flores Bajawa 250g" in pdf_text(Path(saved[1]).read_bytes())
    with Path(saved[2]).open(encoding="utf-8-sig") as handle:
        records = list(csv.DictReader(handle))
    assert [(r["sku"], r["suggested"]) for r in records] == [("KOP-BJW-250", "10")]


async def test_label_sheet_and_receipt_label(app: PosApp, virtual: VirtualPrinter) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_menu(pilot)
        await pilot.press(entry_key("labels"))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LabelsScreen) and screen.sheet_layout == "3x8"
        await fill(pilot, f"3*{KOPI_EAN}", "2*MDU-AMF-250", ean(999))
        assert message(app) == f"Barcode {ean(999)} tidak dikenal."
        await type_text(pilot, "-1*MDU-AMF-250", enter=True)
        assert message(app) == "Baris MDU-AMF-250: jumlah tidak boleh negatif (-1)."
        await pilot.press("f4")  # 5 x 13
        assert screen.sheet_layout == "5x13"
        await pilot.press("f12")
        saved = re.search(r"disimpan: (\S+\.pdf)$", message(app))
        assert saved is not None, message(app)
        assert "label-5x13" in saved[1]
        await pilot.press("up", "f8")  # kopi on the receipt printer
        await printed(app)
        assert message(app) == "1 label dikirim ke printer struk."
    sheet = pdf_text(Path(saved[1]).read_bytes())
    assert sheet.count("Rp65.000") == 3 and sheet.count("Rp85.000") == 2
    (label,) = virtual.wait_for_receipts(1)
    assert "Kopi Arabika Flores Bajawa 250g" in receipt_text(label)
    assert [barcode.data for barcode in label.barcodes] == [KOPI_EAN]
