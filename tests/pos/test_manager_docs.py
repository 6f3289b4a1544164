"""Receipt-printer documents of the manager: the receiving slip and the single label."""

from __future__ import annotations

from datetime import date

from hardware.document import Barcode, Columns, PrintDocument, Text
from inventory.db import Store
from inventory.i18n import language
from inventory.labels import product_label
from inventory.manager_common import InstoreNumbering
from inventory.manager_models import ReceivingMode
from inventory.models import CertificationKind
from inventory.receiving import ReceivingLineInput, receive
from inventory.stamp import Stamp
from pos.manager_docs import label_document, receiving_slip
from tests.factories import KOPI_EAN
from tests.inventory.manager.support import certify, make_item, make_producer


def _texts(document: PrintDocument) -> list[str]:
    found = []
    for op in document.ops:
        if isinstance(op, Text):
            found.append(op.text)
        elif isinstance(op, Columns):
            found.append(f"{op.left} | {op.right}")
    return found


def test_receiving_slip_lists_lines_prices_and_new_barcodes(store: Store, stamp: Stamp) -> None:
    with store.write() as session:
        bajawa = make_producer(session, stamp)
        make_item(session, stamp, "KOP", name="Kopi Bajawa", producer=bajawa, barcodes=[KOPI_EAN])
        make_item(session, stamp, "KEL", name="Teh Kelor", producer=bajawa)
        result = receive(
            session,
            stamp,
            mode=ReceivingMode.CONSIGNMENT,
            producer_id=bajawa.id,
            lines=[
                ReceivingLineInput(
                    "KOP", 24, unit_price=52_000, expiry_date=date(2027, 6, 30), batch="B12"
                ),
                ReceivingLineInput("KEL", 10),
            ],
            numbering=InstoreNumbering("20", 2),
        )
    slip = receiving_slip(result, outlet_name="NTT Mart Atambua")
    assert PrintDocument.from_json(slip.to_json()) == slip  # it can wait in the print queue
    text = _texts(slip)
    assert slip.title == "BARANG MASUK BLU-RCV-20261122-0001"
    for expected in [
        "NTT Mart Atambua",
        "Titip jual",
        "Produsen | Koperasi Kopi Fa Masa Bajawa",
        "Tanggal | 22/11/2026 14:00",
        "Kopi Bajawa (KOP)",
        "  24 x Rp52.000 | Rp1.248.000",
        "  Kedaluwarsa 30/06/2027  Batch B12",
        "Total nilai titipan | Rp1.248.000",
        f"KEL | {result.new_barcodes['KEL']}",
    ]:
        assert expected in text, expected
    with language("en"):
        assert "Consignment" in _texts(receiving_slip(result, outlet_name="x"))


def test_single_label_for_the_receipt_printer(store: Store, stamp: Stamp) -> None:
    with store.write() as session:
        bajawa = make_producer(session, stamp)
        make_item(session, stamp, "KOP", name="Kopi Bajawa", producer=bajawa, barcodes=[KOPI_EAN])
        certify(session, CertificationKind.HALAL, "ID331100001", producer=bajawa)
    with store.read() as session:
        document = label_document(product_label(session, "KOP"))
    barcodes = [op for op in document.ops if isinstance(op, Barcode)]
    assert [(b.data, b.symbology) for b in barcodes] == [(KOPI_EAN, "EAN13")]
    assert _texts(document) == ["Kopi Bajawa", "Rp65.000", "Ngada · OVOP", "Halal ID331100001"]
    assert document.cut
