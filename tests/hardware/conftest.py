"""Hardware fixtures: a virtual printer on loopback, sample documents, printers configured for it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hardware.document import Align, Barcode, Columns, Feed, PrintDocument, QRCode, Rule, Text
from hardware.printer import Driver, EscposPrinter, PrinterConfig, open_printer
from hardware.virtual.server import VirtualPrinter

ITEMS = [
    ("Kopi Arabika Flores Bajawa 250g", "Rp65.000"),
    ("Madu Hutan Sumba 500ml", "Rp85.000"),
    ("Tenun Ikat Belu", "Rp450.000"),
    ("Kelor Bubuk Moringa 100g", "Rp25.000"),
    ("Kacang Mete Ende 250g", "Rp55.000"),
]


def receipt_document(lines: int = 5, *, open_drawer: bool = False) -> PrintDocument:
    """A sale receipt with ``lines`` item lines, a barcode and a QRIS code."""
    ops: list[Any] = [
        Text(text="NTT Mart Atambua", align=Align.CENTER, bold=True, double=True),
        Text(text="Jl. Basuki Rahmat, Atambua", align=Align.CENTER),
        Rule(),
    ]
    for i in range(lines):
        name, price = ITEMS[i % len(ITEMS)]
        ops.append(Columns(left=f"{name} x1", right=price))
    ops += [
        Rule(),
        Columns(left="TOTAL", right="Rp680.000", bold=True),
        Barcode(data="8991234567891", symbology="EAN13"),
        Barcode(data="BLU-20261122-0007"),
        QRCode(data="00020101021126570011ID.CO.QRIS.WWW0215ID10200000000010303UMI"),
        Text(text="Terima kasih", align=Align.CENTER),
        Feed(lines=1),
    ]
    return PrintDocument(title="Struk BLU-20261122-0007", ops=tuple(ops), open_drawer=open_drawer)


@pytest.fixture
def virtual_printer(tmp_path: Path) -> Iterator[VirtualPrinter]:
    """A virtual printer on an ephemeral loopback port, writing receipts to tmp_path/receipts."""
    printer = VirtualPrinter(out_dir=tmp_path / "receipts").start()
    yield printer
    printer.stop()


PrinterFactory = Callable[..., EscposPrinter]


@pytest.fixture
def network_printer(virtual_printer: VirtualPrinter) -> PrinterFactory:
    """Make python-escpos ``Network`` printers aimed at the virtual printer."""

    def make(**overrides: Any) -> EscposPrinter:
        settings: dict[str, Any] = {
            "driver": Driver.NETWORK,
            "network_host": "127.0.0.1",
            "network_port": virtual_printer.port,
            "status_timeout": 0.5,
        }
        settings.update(overrides)
        return open_printer(PrinterConfig(**settings))

    return make
