"""Receipts for 58 mm and 80 mm paper, reprints, refund slips, and the X/Z report documents."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from hardware.document import Barcode, PrintDocument
from inventory.i18n import language
from inventory.models import Product
from pos import cart as carts
from pos.cart import new_cart
from pos.checkout import CompletedSale, TenderInput, complete_sale
from pos.context import OutletContext
from pos.models import Shift
from pos.pricing import Discount
from pos.receipts import render_text
from pos.reports import shift_report_document, write_pdf
from pos.shifts import close_shift, shift_report
from tests.factories import KOPI_EAN, MADU_EAN


def sale(outlet: OutletContext, shift: Shift) -> CompletedSale:
    cart = new_cart("kasir", started_at=outlet.clock.now(), shift_id=shift.id)
    with outlet.store.read() as session:
        carts.scan(session, cart, f"2*{KOPI_EAN}")
        carts.scan(session, cart, MADU_EAN)
    carts.set_line_discount(cart, 1, Discount.percent(10), limit_percent=10)
    return complete_sale(outlet, cart, [TenderInput.cash(250_000)])


def test_58mm_receipt_layout(
    outlet: OutletContext, shift: Shift, products: dict[str, Product]
) -> None:
    outlet.settings.sale.receipt_footer = (
        "Terima kasih\\nBarang yang sudah dibeli dapat ditukar dalam 7 hari"
    )
    done = sale(outlet, shift)
    text = render_text(done.receipt, 32)
    lines = text.splitlines()
    assert all(len(line) <= 32 for line in lines)
    assert lines[0].strip() == "NTT Mart Atambua"
    squeezed = [" ".join(line.split()) for line in lines]
    for expected in (
        "No. BLU-20261122-0001",
        "22/11/2026 14:00 WITA",
        "Kasir Yohana",
        "Kopi Arabika Flores Bajawa 250g",
        "2 x Rp65.000 Rp130.000",
        "Diskon 10% -Rp8.500",
        "Subtotal Rp206.500",
        "TOTAL Rp206.500",
        "Tunai Rp250.000",
        "Kembalian Rp43.500",
        "Terima kasih",
        "Barang yang sudah dibeli dapat",
    ):
        assert expected in squeezed, expected
    assert lines[-1].strip() == "|| BLU-20261122-0001 ||"
    assert "NPWP" not in text and "PPN" not in text
    barcodes = [op for op in done.receipt.ops if isinstance(op, Barcode)]
    assert [(b.data, b.symbology) for b in barcodes] == [("BLU-20261122-0001", "CODE128")]
    assert PrintDocument.from_json(done.receipt.to_json()) == done.receipt


def test_80mm_and_english(
    outlet: OutletContext, shift: Shift, products: dict[str, Product]
) -> None:
    outlet.settings.sale.paper_width_mm = 80
    with language("en"):
        done = sale(outlet, shift)
        text = render_text(done.receipt, outlet.settings.sale.columns)
    assert outlet.settings.sale.columns == 48
    assert any(len(line) == 48 for line in text.splitlines())
    assert "Change" in text and "Cash" in text


def test_x_and_z_documents_and_pdf(
    outlet: OutletContext, shift: Shift, products: dict[str, Product], tmp_path: Path
) -> None:
    sale(outlet, shift)
    x = shift_report_document(shift_report(outlet), outlet.settings)
    assert "Laporan X - Shift 1" in render_text(x)
    z = close_shift(
        outlet, shift_id=shift.id, counts={"n100000": 4, "n5000": 1, "c500": 1}, closed_by="manajer"
    )
    text = render_text(shift_report_document(z, outlet.settings))
    assert "Laporan Z - Shift 1" in text
    assert "Kas seharusnya" in text and "Rp406.500" in text  # 200.000 float + 206.500
    assert "Selisih" in text and "-Rp1.000" in text  # counted 405.500
    assert "Rp500 koin x 1" in text
    pdf = write_pdf(z, outlet.settings, tmp_path / "z" / "shift-1.pdf")
    content = PdfReader(pdf).pages[0].extract_text()
    assert "Laporan Z - Shift 1" in content and "Rp206.500" in content and "-Rp1.000" in content
