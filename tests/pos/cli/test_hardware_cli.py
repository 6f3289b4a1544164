"""``nttmart hardware``: check, test-print, virtual-printer and print-queue, end to end."""

from __future__ import annotations

import os
import pty
import select
import socket
import threading
import tty
from collections.abc import Iterator
from pathlib import Path

import pytest
from escpos.printer import Network

from hardware.virtual.server import VirtualPrinter
from tests.pos.cli.conftest import Run


@pytest.fixture
def virtual(tmp_path: Path) -> Iterator[VirtualPrinter]:
    with VirtualPrinter(out_dir=tmp_path / "struk") as printer:
        yield printer


def configure(outlet_dir: Path, text: str) -> None:
    with (outlet_dir / "config.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n" + text)


def network_printer(outlet_dir: Path, port: int) -> None:
    configure(
        outlet_dir,
        f'[printer]\ndriver = "network"\nnetwork_host = "127.0.0.1"\nnetwork_port = {port}\n'
        "status_timeout = 0.5\n",
    )


def test_test_print_reaches_the_printer(
    run: Run, cfg: list[str], outlet_dir: Path, virtual: VirtualPrinter
) -> None:
    network_printer(outlet_dir, virtual.port)
    result = run(*cfg, "hardware", "test-print")
    assert result.exit_code == 0, result.output
    assert "Printer siap." in result.output
    assert "Halaman uji tercetak." in result.output
    (receipt,) = virtual.wait_for_receipts(1)
    text = receipt.text()
    assert "NTT Mart Atambua" in text
    assert "Halaman uji printer" in text
    assert "[EAN13 8991234567891]" in text
    assert "INFO" not in result.output  # python-escpos's logging stays off the terminal


def test_test_print_explains_an_unreachable_printer(
    run: Run, cfg: list[str], outlet_dir: Path
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    network_printer(outlet_dir, port)
    result = run(*cfg, "--lang", "en", "hardware", "test-print")
    assert result.exit_code == 1
    assert "The printer cannot be reached" in result.output
    assert f"Nothing answers at 127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output


def test_test_print_without_a_printer(run: Run, cfg: list[str]) -> None:
    result = run(*cfg, "hardware", "test-print")
    assert result.exit_code == 1
    assert "Belum ada printer yang diatur." in result.output


def test_check_names_a_missing_serial_scanner_and_greets_on_the_display(
    run: Run, cfg: list[str], outlet_dir: Path, tmp_path: Path
) -> None:
    master, slave = pty.openpty()
    tty.setraw(master)
    try:
        configure(
            outlet_dir,
            f'[scanner]\ndriver = "serial"\nserial_device = "{tmp_path / "ttyACM7"}"\n'
            f'[display]\ndriver = "serial"\nprotocol = "cd5220"\n'
            f'serial_device = "{os.ttyname(slave)}"\n',
        )
        result = run(*cfg, "hardware", "check", "--seconds", "0")
        shown = b""
        while select.select([master], [], [], 0.2)[0]:
            shown += os.read(master, 1024)
    finally:
        os.close(master)
        os.close(slave)
    assert result.exit_code == 1  # the scanner is missing
    assert "Port serial:" in result.output
    assert "Printer: belum diatur" in result.output
    assert f"Tidak ada perangkat serial {tmp_path / 'ttyACM7'}" in result.output
    assert "Layar pelanggan" in result.output and "pesan uji ditampilkan" in result.output
    assert b"\x1bQANTT Mart            \r" in shown
    assert b"\x1bQBUji layar pelanggan \r" in shown


def test_check_reports_usb_access_with_a_udev_rule(
    run: Run, cfg: list[str], outlet_dir: Path
) -> None:
    from hardware.printer import PrintError, PrintErrorCode
    from pos.config import load_settings
    from pos.devices import failure_hint

    configure(
        outlet_dir,
        '[printer]\ndriver = "usb"\nusb_vendor_id = 0x0416\nusb_product_id = 0x5011\n',
    )
    settings = load_settings(outlet_dir / "config.toml", environ={})
    hint = failure_hint(PrintError(PrintErrorCode.ACCESS_DENIED, "errno 13"), settings)
    assert hint is not None
    assert 'ATTRS{idVendor}=="0416", ATTRS{idProduct}=="5011"' in hint
    assert "udevadm" in hint
    # Here there is no libusb at all, or no such device: either way a hint, never a traceback.
    result = run(*cfg, "hardware", "test-print")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "libusb" in result.output or "lsusb" in result.output


def test_virtual_printer_command_writes_receipts(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    out = tmp_path / "vp"

    # The command runs in this process: the real server says when it listens.
    listening = threading.Event()
    real_start = VirtualPrinter.start

    def start_and_tell(self: VirtualPrinter) -> VirtualPrinter:
        started = real_start(self)
        listening.set()
        return started

    monkeypatch.setattr(VirtualPrinter, "start", start_and_tell)

    def send_when_listening() -> None:
        assert listening.wait(10), "the virtual printer never listened"
        printer = Network("127.0.0.1", port, profile="TM-T20II")
        printer.textln("Struk dari uji")
        printer.cut()
        printer.close()

    sender = threading.Thread(target=send_when_listening)
    sender.start()
    result = run(
        "hardware", "virtual-printer", "--port", str(port), "--out", str(out), "--max-receipts", "1"
    )
    sender.join()
    assert result.exit_code == 0, result.output
    assert f"127.0.0.1:{port}" in result.output
    assert "Struk 1 diterima" in result.output
    assert (out / "receipt-0001.txt").read_text("utf-8") == "Struk dari uji\n[full cut]\n"
    assert (out / "receipt-0001.png").exists()


def test_print_queue_list_retry_and_reprint(
    run: Run, cfg: list[str], outlet_dir: Path, tmp_path: Path
) -> None:
    from hardware.document import PrintDocument, Text
    from inventory.clock import SystemClock
    from pos.config import load_settings
    from pos.context import open_outlet
    from pos.devices import build_print_queue, build_printer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    network_printer(outlet_dir, port)
    settings = load_settings(outlet_dir / "config.toml", environ={})
    context = open_outlet(settings, clock=SystemClock())
    queue = build_print_queue(context, build_printer(settings))
    document = PrintDocument(title="Struk BLU-20261123-0001", ops=(Text(text="Kopi Bajawa"),))
    failed = queue.submit(document, kind="receipt", reference="BLU-20261123-0001")
    context.close()

    listing = run(*cfg, "hardware", "print-queue", "list")
    assert listing.exit_code == 0
    assert failed.job_id in listing.output
    assert "menunggu" in listing.output
    assert run(*cfg, "hardware", "print-queue", "retry").exit_code == 1  # still off

    with VirtualPrinter(port=port, out_dir=tmp_path / "struk") as virtual:
        retried = run(*cfg, "hardware", "print-queue", "retry")
        assert retried.exit_code == 0, retried.output
        assert f"Pekerjaan {failed.job_id} tercetak." in retried.output
        again = run(*cfg, "hardware", "print-queue", "reprint", "BLU-20261123-0001")
        assert again.exit_code == 0, again.output
        first, second = virtual.wait_for_receipts(2)
    assert "SALINAN" not in first.text() and "Kopi Bajawa" in first.text()
    assert second.text().startswith("                *** SALINAN ***")
    assert run(*cfg, "hardware", "print-queue", "list").output.strip() == "Antrean cetak kosong."
    unknown = run(*cfg, "hardware", "print-queue", "reprint", "NO-SUCH")
    assert unknown.exit_code == 1
    assert "Tidak ada pekerjaan cetak NO-SUCH." in unknown.output
