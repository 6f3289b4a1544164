"""Render the pictures of docs/manager.md from the demo catalog.

Run from the repository root: ``python docs/img/make_pictures.py`` (needs ``pdftoppm``, from
poppler-utils). It builds a demo outlet in a temporary folder, receives coffee on consignment,
simulates a month of sales, settles it, and writes ``labels-3x8.png``, ``labels-5x13.png``,
``statement.png`` and ``variance.png`` next to this file.
"""

from __future__ import annotations

import subprocess
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from inventory import settlements, stockcount
from inventory.consignment import producer_by_name
from inventory.labels import labels_for, preset
from inventory.manager_common import InstoreNumbering
from inventory.manager_models import CountScope, PayoutMethod, ReceivingMode
from inventory.models import MovementKind
from inventory.outlet import open_store
from inventory.pdf.counts import render_variance_report
from inventory.pdf.labels import render_label_sheet
from inventory.pdf.statement import render_statement
from inventory.receiving import ReceivingLineInput, receive
from inventory.stamp import Stamp
from inventory.stock import MovementRequest, record_movements
from pos.demo import seed

HERE = Path(__file__).resolve().parent
NOW = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)


def to_png(pdf: bytes, name: str, folder: Path) -> None:
    """First page of ``pdf`` as ``HERE/name.png`` at 60 dpi."""
    source = folder / f"{name}.pdf"
    source.write_bytes(pdf)
    command = ["pdftoppm", "-png", "-r", "60", "-singlefile", str(source), str(HERE / name)]
    subprocess.run(command, check=True)  # noqa: S603 - fixed arguments, poppler on PATH


def main() -> None:
    """Build the demo data and render the pictures."""
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        store = open_store(
            folder / "outlet.db",
            outlet_code="BLU",
            outlet_name="NTT Mart Atambua",
            now=NOW,
            create=True,
        )
        october = Stamp(outlet="BLU", actor="maria", at=datetime(2026, 10, 1, 1, tzinfo=UTC))
        with store.write() as session:
            seed(session, october, instore_prefix="20", outlet_number=2)
            bajawa = producer_by_name(session, "Koperasi Kopi Fa Masa Bajawa")
            receive(
                session,
                october,
                mode=ReceivingMode.CONSIGNMENT,
                producer_id=bajawa.id,
                lines=[
                    ReceivingLineInput("KOP-BJW-250", 24, unit_price=52_000),
                    ReceivingLineInput("KOP-BJW-500", 12, unit_price=96_000),
                    ReceivingLineInput("KOP-BJW-DRP", 20, unit_price=36_000),
                ],
                numbering=InstoreNumbering("20", 2),
            )
            sales = [
                ("KOP-BJW-250", 65_000, 31),
                ("KOP-BJW-500", 120_000, 9),
                ("KOP-BJW-DRP", 45_000, 14),
            ]
            from inventory.catalog import get_by_sku

            for index, (sku, price, quantity) in enumerate(sales):
                product = get_by_sku(session, sku)
                for n in range(quantity):
                    at = october.at + timedelta(days=1 + (n * 29) // quantity, hours=index)
                    record_movements(
                        session,
                        Stamp(outlet="BLU", actor="kasir", at=at),
                        [
                            MovementRequest(
                                product.id,
                                MovementKind.SALE,
                                -1,
                                reference="BLU-SALE",
                                amount=price,
                            )
                        ],
                    )
            refund = get_by_sku(session, "KOP-BJW-500")
            record_movements(
                session,
                Stamp(outlet="BLU", actor="kasir", at=october.at + timedelta(days=20)),
                [
                    MovementRequest(
                        refund.id, MovementKind.REFUND, 1, reference="BLU-REFUND", amount=120_000
                    )
                ],
            )
        with store.write() as session:
            statement = settlements.settle(
                session,
                Stamp("BLU", "maria", NOW),
                producer_id=bajawa.id,
                start=date(2026, 10, 1),
                end=date(2026, 10, 31),
            )
            assert statement.number is not None
            statement = settlements.record_payout(
                session,
                Stamp("BLU", "maria", NOW),
                number=statement.number,
                paid_on=date(2026, 11, 22),
                method=PayoutMethod.TRANSFER,
                reference="BRI 0098123",
            )
        to_png(render_statement(statement), "statement", folder)

        with store.read() as session:
            labels = labels_for(
                session,
                [
                    ("KOP-BJW-250", 3),
                    ("MDU-AMF-500", 3),
                    ("KLR-TEH-50", 3),
                    ("TEN-SMB-SLD", 3),
                    ("MTE-ADN-250", 3),
                    ("GRM-BPL-500", 3),
                    ("KNR-ALR-200", 3),
                    ("SEI-BBI-250", 3),
                ],
            )
        to_png(render_label_sheet(labels, preset("3x8"), outline=True), "labels-3x8", folder)
        to_png(render_label_sheet(labels, preset("5x13"), outline=True), "labels-5x13", folder)

        count_stamp = Stamp("BLU", "maria", NOW)
        with store.write() as session:
            stockcount.set_shelf(session, count_stamp, code="KOP-BJW-250", shelf="A1")
            stockcount.set_shelf(session, count_stamp, code="KOP-BJW-500", shelf="A1")
            stockcount.set_shelf(session, count_stamp, code="KOP-BJW-DRP", shelf="A1")
            count = stockcount.start_count(session, count_stamp, scope=CountScope.SHELF, value="A1")
            for sku, quantity in (("KOP-BJW-250", 31), ("KOP-BJW-500", 23), ("KOP-BJW-DRP", 36)):
                stockcount.enter_quantity(
                    session,
                    count_stamp,
                    number=count.number,
                    code=sku,
                    counter="ani",
                    quantity=quantity,
                )
            report = stockcount.approve_count(
                session, count_stamp, number=count.number, approver="Pak Yosef"
            )
        to_png(render_variance_report(report), "variance", folder)
        store.close()


if __name__ == "__main__":
    main()
