"""Serial barcode scanners (RS-232 or USB-CDC ``/dev/ttyACM0``) read in a background thread.

:class:`SerialScanner` opens the port with pyserial, collects bytes up to the configured suffix
(CR, LF or CRLF) and hands each complete barcode to a callback. When the device disappears
(unplugged, cable pulled) it reports :attr:`ScannerState.DISCONNECTED`, closes the port and tries
again with a growing pause (backoff) until the device is back. Reads block with a timeout and
pauses wait on an event, so the thread never spins and :meth:`SerialScanner.stop` is prompt.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from enum import StrEnum

import serial

log = logging.getLogger(__name__)

SUFFIXES = {"CR": b"\r", "LF": b"\n", "CRLF": b"\r\n"}
MAX_BARCODE = 256  # bytes without a suffix after which the buffer is dropped as noise


class ScannerState(StrEnum):
    """Where the reader is."""

    CONNECTING = "connecting"
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    STOPPED = "stopped"


class SerialScanner:
    """Reads barcodes from a serial port in a thread; survives unplug and replug."""

    def __init__(
        self,
        device: str,
        on_barcode: Callable[[str], None],
        *,
        baudrate: int = 9600,
        suffix: str = "CR",
        on_state: Callable[[ScannerState, str | None], None] | None = None,
        read_timeout: float = 0.5,
        backoff_initial: float = 0.25,
        backoff_max: float = 5.0,
    ) -> None:
        if suffix not in SUFFIXES:
            raise ValueError(f"suffix must be one of {', '.join(SUFFIXES)}, not {suffix!r}")
        self.device = device
        self.baudrate = baudrate
        self.suffix = SUFFIXES[suffix]
        self.on_barcode = on_barcode
        self.on_state = on_state
        self.read_timeout = read_timeout
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.state = ScannerState.STOPPED
        self.attempts = 0
        """How many times the port was opened or tried (for diagnostics and tests)."""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._port: serial.Serial | None = None

    def start(self) -> SerialScanner:
        """Start the reader thread; returns ``self``."""
        if self._thread is not None:
            return self
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="serial-scanner", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop reading and close the port."""
        self._stop.set()
        port = self._port
        if port is not None:
            try:
                port.cancel_read()
            except Exception:
                log.debug("cancel_read failed", exc_info=True)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._set_state(ScannerState.STOPPED, None)

    def _set_state(self, state: ScannerState, detail: str | None) -> None:
        if state is self.state and state is not ScannerState.DISCONNECTED:
            return
        self.state = state
        if self.on_state is not None:
            try:
                self.on_state(state, detail)
            except Exception:
                log.exception("scanner state callback failed")

    def _run(self) -> None:
        pause = self.backoff_initial
        while not self._stop.is_set():
            self._set_state(ScannerState.CONNECTING, None)
            self.attempts += 1
            try:
                port = serial.Serial(self.device, self.baudrate, timeout=self.read_timeout)
            except (serial.SerialException, OSError, ValueError) as error:
                self._set_state(ScannerState.DISCONNECTED, str(error))
                if self._stop.wait(pause):
                    break
                pause = min(pause * 2, self.backoff_max)
                continue
            self._port = port
            pause = self.backoff_initial
            self._set_state(ScannerState.CONNECTED, None)
            try:
                self._read(port)
            except (serial.SerialException, OSError) as error:
                log.info("scanner %s disconnected: %s", self.device, error)
                self._set_state(ScannerState.DISCONNECTED, str(error))
            finally:
                self._port = None
                try:
                    port.close()
                except Exception:
                    log.debug("closing the scanner port failed", exc_info=True)
            if self._stop.wait(pause):
                break

    def _read(self, port: serial.Serial) -> None:
        buffer = bytearray()
        while not self._stop.is_set():
            # Blocks up to read_timeout for the first byte, then takes what is waiting.
            chunk = port.read(max(1, port.in_waiting))
            if not chunk:
                continue
            buffer += chunk
            while (end := buffer.find(self.suffix)) >= 0:
                raw, buffer = bytes(buffer[:end]), buffer[end + len(self.suffix) :]
                code = raw.decode("ascii", errors="replace").strip()
                if code:
                    try:
                        self.on_barcode(code)
                    except Exception:
                        log.exception("barcode callback failed for %r", code)
            if len(buffer) > MAX_BARCODE:
                buffer.clear()
