"""Every driver that can run here: dummy, file, network (virtual printer), serial (pty), virtual."""

from __future__ import annotations

import contextlib
import os
import pty
import threading
import tty
from collections.abc import Iterator
from pathlib import Path

import pytest

from hardware.document import PrintDocument, Text
from hardware.printer import Driver, PrinterConfig, PrinterStatus, decode_status, open_printer
from hardware.render import Renderer
from hardware.virtual.server import VirtualPrinter
from tests.hardware.conftest import PrinterFactory, receipt_document


def test_dummy_driver_keeps_the_rendered_bytes() -> None:
    printer = open_printer(PrinterConfig(driver=Driver.DUMMY))
    document = receipt_document()
    printer.print(document, timeout=5)
    assert printer.dummy is not None
    assert printer.dummy.output == Renderer().render(document)
    assert printer.status() is PrinterStatus.UNKNOWN  # a Dummy cannot answer
    printer.open_drawer(timeout=5)
    assert printer.dummy.output.endswith(b"\x1bp\x00\x32\x32")


def test_file_driver_writes_the_job_to_the_file(tmp_path: Path) -> None:
    path = tmp_path / "lp0"
    printer = open_printer(
        PrinterConfig(driver=Driver.FILE, file_path=str(path), profile="POS-5890", paper_width=58)
    )
    document = receipt_document(open_drawer=True)
    printer.print(document, timeout=5)
    expected = Renderer(profile="POS-5890", paper_width=58).render(document)
    assert path.read_bytes() == expected
    assert printer.status() is PrinterStatus.UNKNOWN  # a file cannot answer: unknown, not fine
    assert printer.columns == 32


def test_network_printer_through_the_virtual_printer(
    network_printer: PrinterFactory, virtual_printer: VirtualPrinter
) -> None:
    printer = network_printer()
    printer.print(receipt_document(open_drawer=True), timeout=5)
    (receipt,) = virtual_printer.wait_for_receipts(1)
    text = receipt.text(48)
    assert "NTT Mart Atambua" in text
    assert "Madu Hutan Sumba 500ml x1" + " " * 15 + "Rp85.000" in text
    assert [(b.symbology, b.data) for b in receipt.barcodes] == [
        ("EAN13", "8991234567891"),
        ("CODE128", "BLU-20261122-0007"),
    ]
    assert receipt.qr_codes[0].data.startswith("000201")
    assert receipt.drawer_kicks == [2]
    assert receipt.cut == "full"
    title = receipt.lines[0]
    assert (title.align, title.bold, title.double) == ("center", True, True)
    total = next(line for line in receipt.lines if line.text.startswith("TOTAL"))
    assert total.bold
    assert printer.last_status is PrinterStatus.OK


def test_status_over_the_network(
    network_printer: PrinterFactory, virtual_printer: VirtualPrinter
) -> None:
    printer = network_printer()
    assert printer.status() is PrinterStatus.OK
    virtual_printer.state.paper = "near_end"
    assert printer.status() is PrinterStatus.PAPER_NEAR_END
    virtual_printer.state.paper = "out"
    assert printer.status() is PrinterStatus.PAPER_OUT
    virtual_printer.state.paper = "ok"
    virtual_printer.state.online = False
    assert printer.status() is PrinterStatus.OFFLINE
    virtual_printer.state.answers = False
    assert printer.status(timeout=0.2) is PrinterStatus.UNKNOWN  # silence is not "fine"


def test_status_bytes_are_decoded_strictly() -> None:
    assert decode_status(0x12, 0x12) is PrinterStatus.OK
    assert decode_status(0x12, 0x1E) is PrinterStatus.PAPER_NEAR_END
    assert decode_status(0x1A, 0x72) is PrinterStatus.PAPER_OUT
    assert decode_status(0x1A, 0x12) is PrinterStatus.OFFLINE
    assert decode_status(None, None) is PrinterStatus.UNKNOWN
    assert decode_status(0xFF, 0x00) is PrinterStatus.UNKNOWN  # not a status byte at all
    assert decode_status(None, 0x12) is PrinterStatus.UNKNOWN


def test_virtual_driver_runs_its_own_virtual_printer(tmp_path: Path) -> None:
    printer = open_printer(
        PrinterConfig(
            driver=Driver.VIRTUAL, virtual_dir=tmp_path / "out", paper_width=58, profile="POS-5890"
        )
    )
    try:
        printer.print(PrintDocument(ops=(Text(text="Halo Kupang"),)), timeout=5)
        printer.print(PrintDocument(ops=(Text(text="Struk kedua"),)), timeout=5)
        assert printer.virtual_port
        assert "virtual 127.0.0.1:" in printer.describe()
        assert printer._virtual is not None
        first, _second = printer._virtual.wait_for_receipts(2)
    finally:
        printer.close()
    assert "Halo Kupang" in (tmp_path / "out" / "receipt-0001.txt").read_text("utf-8")
    assert "Struk kedua" in (tmp_path / "out" / "receipt-0002.txt").read_text("utf-8")
    assert (tmp_path / "out" / "receipt-0002.png").stat().st_size > 0
    assert first.cut is None  # the POS-5890 has no cutter: one receipt per connection


@pytest.fixture
def pty_pair() -> Iterator[tuple[int, str]]:
    """A pseudo-terminal: the master end (the "printer") and the slave's path (the port)."""
    master, slave = pty.openpty()
    tty.setraw(master)
    path = os.ttyname(slave)
    yield master, path
    for fd in (master, slave):
        with contextlib.suppress(OSError):
            os.close(fd)


def _answer_status(master: int, stop: threading.Event, received: bytearray) -> None:
    """A serial printer on the pty's master end: collects bytes, answers DLE EOT with 'ok'."""
    import select

    while not stop.is_set():
        ready, _, _ = select.select([master], [], [], 0.05)
        if not ready:
            continue
        try:
            chunk = os.read(master, 4096)
        except OSError:
            return
        received += chunk
        for _ in range(chunk.count(b"\x10\x04")):
            os.write(master, b"\x12")


def test_serial_printer_through_a_pty(pty_pair: tuple[int, str]) -> None:
    master, path = pty_pair
    received = bytearray()
    stop = threading.Event()
    listener = threading.Thread(target=_answer_status, args=(master, stop, received))
    listener.start()
    try:
        printer = open_printer(
            PrinterConfig(
                driver=Driver.SERIAL, serial_device=path, serial_baudrate=19200, status_timeout=0.5
            )
        )
        document = receipt_document()
        printer.print(document, timeout=5)
        assert printer.status() is PrinterStatus.OK
    finally:
        stop.set()
        listener.join()
    payload = Renderer().render(document)
    # Status check, the job, status check; then the explicit status request.
    checks = b"\x10\x04\x04\x10\x04\x01"
    assert bytes(received) == checks + payload + checks + checks


def test_serial_printer_that_does_not_answer_is_unknown(pty_pair: tuple[int, str]) -> None:
    _, path = pty_pair
    printer = open_printer(
        PrinterConfig(driver=Driver.SERIAL, serial_device=path, status_timeout=0.2)
    )
    assert printer.status() is PrinterStatus.UNKNOWN
