"""The serial scanner reader over real pseudo-terminals: barcodes, suffixes, unplug and replug."""

from __future__ import annotations

import os
import pty
import queue
import threading
import time
import tty
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from hardware.serial_scanner import ScannerState, SerialScanner


@dataclass
class Device:
    """A scanner on the master end of a pty, reached through a symlink like /dev/ttyACM0."""

    link: Path
    master: int = -1
    slave: int = -1
    states: list[ScannerState] = field(default_factory=list)

    def plug(self) -> None:
        self.master, self.slave = pty.openpty()
        tty.setraw(self.master)
        temporary = self.link.with_suffix(".new")
        temporary.unlink(missing_ok=True)
        temporary.symlink_to(os.ttyname(self.slave))
        os.replace(temporary, self.link)  # pty names change on replug; the link is re-pointed

    def unplug(self) -> None:
        os.close(self.master)
        os.close(self.slave)
        self.master = self.slave = -1

    def scan(self, data: bytes) -> None:
        os.write(self.master, data)


class Watcher:
    """Barcodes and states reported by the reader, awaited without sleeping."""

    def __init__(self) -> None:
        self.barcodes: queue.Queue[str] = queue.Queue()
        self.states: list[tuple[ScannerState, str | None]] = []
        self.changed = threading.Condition()

    def on_state(self, state: ScannerState, detail: str | None) -> None:
        with self.changed:
            self.states.append((state, detail))
            self.changed.notify_all()

    def wait_state(self, state: ScannerState, count: int = 1, timeout: float = 5.0) -> None:
        with self.changed:
            assert self.changed.wait_for(
                lambda: sum(1 for s, _ in self.states if s is state) >= count, timeout
            ), self.states


@pytest.fixture
def device(tmp_path: Path) -> Iterator[Device]:
    plugged = Device(tmp_path / "ttyACM0")
    plugged.plug()
    yield plugged
    if plugged.master >= 0:
        plugged.unplug()


def reader(device: Device, watcher: Watcher, **options: object) -> SerialScanner:
    return SerialScanner(
        str(device.link),
        watcher.barcodes.put,
        on_state=watcher.on_state,
        backoff_initial=0.05,
        backoff_max=0.2,
        read_timeout=0.2,
        **options,  # type: ignore[arg-type]
    ).start()


@pytest.mark.parametrize(("suffix", "end"), [("CR", b"\r"), ("LF", b"\n"), ("CRLF", b"\r\n")])
def test_barcodes_arrive_complete(device: Device, suffix: str, end: bytes) -> None:
    watcher = Watcher()
    scanner = reader(device, watcher, suffix=suffix, baudrate=115200)
    try:
        watcher.wait_state(ScannerState.CONNECTED)
        # One barcode split over writes, then two in one write.
        device.scan(b"89912345")
        device.scan(b"67891" + end)
        device.scan(b"8997654321012" + end + b"96385074" + end)
        got = [watcher.barcodes.get(timeout=5) for _ in range(3)]
    finally:
        scanner.stop()
    assert got == ["8991234567891", "8997654321012", "96385074"]
    assert scanner.state is ScannerState.STOPPED


def test_unplug_and_replug(device: Device) -> None:
    watcher = Watcher()
    scanner = reader(device, watcher)
    try:
        watcher.wait_state(ScannerState.CONNECTED)
        device.scan(b"8991234567891\r")
        assert watcher.barcodes.get(timeout=5) == "8991234567891"
        device.unplug()
        watcher.wait_state(ScannerState.DISCONNECTED)
        device.plug()
        watcher.wait_state(ScannerState.CONNECTED, count=2)
        device.scan(b"8997654321012\r")
        assert watcher.barcodes.get(timeout=5) == "8997654321012"
    finally:
        scanner.stop()
    kinds = [state for state, _ in watcher.states]
    assert kinds[:3] == [ScannerState.CONNECTING, ScannerState.CONNECTED, ScannerState.DISCONNECTED]
    assert kinds[-1] is ScannerState.STOPPED


def test_missing_device_backs_off_instead_of_spinning(tmp_path: Path) -> None:
    watcher = Watcher()
    scanner = SerialScanner(
        str(tmp_path / "ttyACM9"),
        watcher.barcodes.put,
        on_state=watcher.on_state,
        backoff_initial=0.05,
        backoff_max=0.2,
    )
    started, cpu = time.monotonic(), time.process_time()
    scanner.start()
    try:
        watcher.wait_state(ScannerState.DISCONNECTED, count=5)
    finally:
        scanner.stop()
    elapsed = time.monotonic() - started
    # Pauses of 0.05, 0.1, 0.2, 0.2 s between the five attempts: backoff, not a busy loop.
    assert elapsed >= 0.5
    assert time.process_time() - cpu < elapsed / 2
    detail = next(d for s, d in watcher.states if s is ScannerState.DISCONNECTED)
    assert detail is not None and "ttyACM9" in detail


def test_stop_is_prompt_while_waiting_for_a_scan(device: Device) -> None:
    watcher = Watcher()
    scanner = SerialScanner(
        str(device.link), watcher.barcodes.put, on_state=watcher.on_state, read_timeout=30
    ).start()
    watcher.wait_state(ScannerState.CONNECTED)
    started = time.monotonic()
    scanner.stop()
    assert time.monotonic() - started < 2


def test_unknown_suffix_is_refused() -> None:
    with pytest.raises(ValueError, match="CRLF"):
        SerialScanner("/dev/ttyACM0", print, suffix="TAB")
