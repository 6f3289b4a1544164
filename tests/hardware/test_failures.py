"""Every way printing fails comes back as a clear code, within the time limit, never a hang."""

from __future__ import annotations

import os
import pty
import socket
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hardware.document import PrintDocument, Text
from hardware.printer import (
    Driver,
    PrinterConfig,
    PrintError,
    PrintErrorCode,
    classify,
    open_printer,
)
from hardware.virtual.server import VirtualPrinter
from tests.hardware.conftest import PrinterFactory, receipt_document

# Far more than loopback socket buffers hold, so sending is still under way when things break.
BIG = PrintDocument(ops=tuple(Text(text=f"Baris {i:05d} " + "x" * 36) for i in range(6000)))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def network(port: int, **overrides: object) -> PrinterConfig:
    settings: dict[str, object] = {
        "driver": Driver.NETWORK,
        "network_host": "127.0.0.1",
        "network_port": port,
        "status_timeout": 0.3,
    }
    settings.update(overrides)
    return PrinterConfig(**settings)  # type: ignore[arg-type]


def failure(config: PrinterConfig, document: PrintDocument, timeout: float = 5) -> PrintError:
    with pytest.raises(PrintError) as raised:
        open_printer(config).print(document, timeout=timeout)
    return raised.value


def test_no_listener_is_unreachable() -> None:
    error = failure(network(free_port()), receipt_document())
    assert error.code is PrintErrorCode.UNREACHABLE
    assert "refused" in error.detail.lower()


@pytest.fixture
def stalled_peer() -> Iterator[int]:
    """A peer that accepts connections (the kernel does) but never reads nor answers."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    yield int(listener.getsockname()[1])
    listener.close()


def test_stalled_peer_never_answers_status(stalled_peer: int) -> None:
    started = time.monotonic()
    error = failure(network(stalled_peer), receipt_document())
    assert error.code is PrintErrorCode.NO_REPLY
    assert time.monotonic() - started < 2


def test_stalled_peer_hits_the_time_limit(stalled_peer: int) -> None:
    started = time.monotonic()
    error = failure(network(stalled_peer, check_status=False), BIG, timeout=1.0)
    elapsed = time.monotonic() - started
    assert error.code is PrintErrorCode.TIMEOUT
    assert 0.9 < elapsed < 3.0  # the caller got its answer at the limit, not never


@pytest.fixture
def resetting_peer() -> Iterator[int]:
    """A peer that reads the start of a job, then resets the connection (power cut, crash)."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def serve() -> None:
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        connection.recv(512)
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.close()

    thread = threading.Thread(target=serve)
    thread.start()
    yield int(listener.getsockname()[1])
    listener.close()
    thread.join()


def test_connection_reset_mid_receipt(resetting_peer: int) -> None:
    error = failure(network(resetting_peer, check_status=False), BIG)
    assert error.code is PrintErrorCode.CONNECTION_LOST


def test_paper_out_is_refused_before_printing(
    network_printer: PrinterFactory, virtual_printer: VirtualPrinter
) -> None:
    virtual_printer.state.paper = "out"
    with pytest.raises(PrintError) as raised:
        network_printer().print(receipt_document(), timeout=5)
    assert raised.value.code is PrintErrorCode.PAPER_OUT
    virtual_printer.state.online = False
    virtual_printer.state.paper = "ok"
    with pytest.raises(PrintError) as offline:
        network_printer().print(receipt_document(), timeout=5)
    assert offline.value.code is PrintErrorCode.OFFLINE
    assert virtual_printer.receipts == []  # nothing half-printed


def test_silent_printer_fails_unless_status_checks_are_off(
    network_printer: PrinterFactory, virtual_printer: VirtualPrinter
) -> None:
    virtual_printer.state.answers = False
    with pytest.raises(PrintError) as raised:
        network_printer().print(receipt_document(), timeout=5)
    assert raised.value.code is PrintErrorCode.NO_REPLY
    network_printer(check_status=False).print(receipt_document(), timeout=5)
    assert len(virtual_printer.wait_for_receipts(1)) == 1


def test_unplugged_serial_device(tmp_path: Path) -> None:
    missing = failure(
        PrinterConfig(driver=Driver.SERIAL, serial_device=str(tmp_path / "ttyUSB9")),
        receipt_document(),
    )
    assert missing.code is PrintErrorCode.NOT_FOUND
    assert missing.info["device"] == str(tmp_path / "ttyUSB9")
    # Plugged in when opened, pulled out (the pty's master closes) before the job is written.
    master, slave = pty.openpty()
    path = os.ttyname(slave)
    os.close(master)
    try:
        pulled = failure(PrinterConfig(driver=Driver.SERIAL, serial_device=path), BIG)
    finally:
        os.close(slave)
    assert pulled.code in (PrintErrorCode.CONNECTION_LOST, PrintErrorCode.NOT_FOUND)


def test_missing_device_file(tmp_path: Path) -> None:
    error = failure(
        PrinterConfig(driver=Driver.FILE, file_path=str(tmp_path / "no" / "lp0")),
        receipt_document(),
    )
    assert error.code is PrintErrorCode.NOT_FOUND


def test_bad_document_is_not_sent(virtual_printer: VirtualPrinter) -> None:
    from hardware.document import Barcode

    bad = PrintDocument(ops=(Barcode(data="8991234567890", symbology="EAN13"),))
    error = failure(network(virtual_printer.port), bad)
    assert error.code is PrintErrorCode.INVALID_DOCUMENT
    assert virtual_printer.connections_accepted == 0


class FakeUsbError(OSError):
    """Shaped like pyusb's USBError: ``errno`` and ``backend_error_code``."""


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (FakeUsbError(13, "Access denied (insufficient permissions)"), "access_denied"),
        (FakeUsbError(16, "Resource busy"), "busy"),
        (ValueError("Invalid endpoint address 0x3"), "wrong_endpoint"),
        (ConnectionResetError(104, "Connection reset by peer"), "connection_lost"),
        (BrokenPipeError(32, "Broken pipe"), "connection_lost"),
        (TimeoutError("timed out"), "timeout"),
        (RuntimeError("something else"), "error"),
    ],
)
def test_transport_errors_are_classified(error: Exception, code: str) -> None:
    config = PrinterConfig(driver=Driver.USB, usb_vendor_id=0x0416, usb_product_id=0x5011)
    classified = classify(error, config)
    assert classified.code.value == code
    assert classified.info["vendor"] == 0x0416


def test_wrapped_open_errors_are_classified_by_their_cause() -> None:
    from escpos.exceptions import DeviceNotFoundError

    try:
        try:
            raise FakeUsbError(13, "Access denied (insufficient permissions)")
        except OSError as inner:
            # python-escpos raises inside its except block, leaving the cause as __context__.
            raise DeviceNotFoundError(f"Unable to open USB printer:\n{inner}")  # noqa: B904
    except DeviceNotFoundError as wrapped:
        assert classify(wrapped).code is PrintErrorCode.ACCESS_DENIED
