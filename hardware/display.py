"""Customer pole displays (VFD, 2 lines x 20 characters) over a serial port.

Two command sets cover most displays sold with POS systems: Epson's ESC/POS display mode
(DM-D series and their clones) and CD5220 (the other common one; many displays have a DIP switch
between the two). :class:`PoleDisplay` writes two lines; what they say (item and price, total,
paid and change) is composed by the cashier app, which owns the words and the money format.
"""

from __future__ import annotations

import threading
from enum import StrEnum
from typing import Protocol

import serial

COLUMNS = 20


class DisplayProtocol(StrEnum):
    """The command set the display understands."""

    EPSON = "epson"
    CD5220 = "cd5220"


class Writable(Protocol):
    """Where display bytes go (a pyserial port)."""

    def write(self, data: bytes, /) -> int | None: ...

    def flush(self) -> None: ...


def fit(text: str, width: int = COLUMNS) -> str:
    """``text`` cut or padded to exactly ``width`` characters."""
    return text[:width].ljust(width)


def two_sides(left: str, right: str, width: int = COLUMNS) -> str:
    """``left`` and ``right`` on one line of ``width``; ``left`` gives way when both do not fit."""
    if not right:
        return fit(left, width)
    right = right[:width]
    room = width - len(right)
    if room <= 0:
        return right
    left = left[: max(0, room - 1)] if len(left) >= room else left
    return left + " " * (width - len(left) - len(right)) + right


def encode(text: str) -> bytes:
    """Display characters: code page 437, anything else shown as ``?``."""
    return text.encode("cp437", errors="replace")


def frame(protocol: DisplayProtocol, top: str, bottom: str) -> bytes:
    """The bytes that show ``top`` and ``bottom`` on a 2 x 20 display."""
    first, second = encode(fit(top)), encode(fit(bottom))
    if protocol is DisplayProtocol.EPSON:
        # Clear, home, line 1; move the cursor to column 1 of line 2 (US $ 1 2); line 2.
        return b"\x0c\x0b" + first + b"\x1f\x24\x01\x02" + second
    # CD5220: ESC Q A text CR writes the upper line, ESC Q B text CR the lower one.
    return b"\x1bQA" + first + b"\r" + b"\x1bQB" + second + b"\r"


def initialise(protocol: DisplayProtocol) -> bytes:
    """Reset the display and clear it (cursor hidden where the command set allows)."""
    if protocol is DisplayProtocol.EPSON:
        return b"\x1b\x40" + b"\x1f\x43\x00" + b"\x0c"  # initialise, cursor off, clear
    return b"\x1b\x40" + b"\x0c"  # initialise, clear


class PoleDisplay:
    """A 2 x 20 customer display behind a writable port."""

    def __init__(self, port: Writable, protocol: DisplayProtocol = DisplayProtocol.EPSON) -> None:
        self.port = port
        self.protocol = DisplayProtocol(protocol)
        self._lock = threading.Lock()
        self.lines = ("", "")

    def _write(self, data: bytes) -> None:
        with self._lock:
            self.port.write(data)
            self.port.flush()

    def reset(self) -> None:
        """Initialise and clear the display."""
        self._write(initialise(self.protocol))
        self.lines = ("", "")

    def show(self, top: str, bottom: str = "") -> None:
        """Show two lines (each cut or padded to 20 characters)."""
        self._write(frame(self.protocol, top, bottom))
        self.lines = (fit(top), fit(bottom))

    def show_pair(self, top: tuple[str, str], bottom: tuple[str, str]) -> None:
        """Two lines each with a label on the left and a value flush right."""
        self.show(two_sides(*top), two_sides(*bottom))

    def clear(self) -> None:
        """Blank the display."""
        self._write(b"\x0c")
        self.lines = ("", "")

    def close(self) -> None:
        """Release the port."""
        close = getattr(self.port, "close", None)
        if callable(close):
            close()


def open_serial_display(
    device: str, *, baudrate: int = 9600, protocol: DisplayProtocol = DisplayProtocol.EPSON
) -> PoleDisplay:
    """Open a pole display on a serial port (raises ``serial.SerialException`` if absent)."""
    port = serial.Serial(device, baudrate, timeout=1, write_timeout=2)
    display = PoleDisplay(port, protocol)
    display.reset()
    return display
