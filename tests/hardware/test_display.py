"""Customer pole display: the exact bytes of both command sets, through a real pty."""

from __future__ import annotations

import os
import pty
import select
import tty

import pytest

from hardware.display import DisplayProtocol, fit, open_serial_display, two_sides


def read_all(master: int) -> bytes:
    data = b""
    while select.select([master], [], [], 0.2)[0]:
        data += os.read(master, 4096)
    return data


@pytest.mark.parametrize(
    ("protocol", "reset", "show"),
    [
        (
            DisplayProtocol.EPSON,
            b"\x1b@\x1fC\x00\x0c",
            b"\x0c\x0bKopi Bajawa 250g    \x1f$\x01\x02            Rp65.000",
        ),
        (
            DisplayProtocol.CD5220,
            b"\x1b@\x0c",
            b"\x1bQAKopi Bajawa 250g    \r\x1bQB            Rp65.000\r",
        ),
    ],
)
def test_item_and_price_bytes(protocol: DisplayProtocol, reset: bytes, show: bytes) -> None:
    master, slave = pty.openpty()
    tty.setraw(master)
    try:
        display = open_serial_display(os.ttyname(slave), baudrate=9600, protocol=protocol)
        display.show_pair(("Kopi Bajawa 250g", ""), ("", "Rp65.000"))
        display.clear()
        display.close()
        assert read_all(master) == reset + show + b"\x0c"
    finally:
        os.close(master)
        os.close(slave)


def test_lines_are_fitted_to_twenty_columns() -> None:
    assert fit("Tenun Ikat Sumba Timur Motif Kuda") == "Tenun Ikat Sumba Tim"
    assert two_sides("TOTAL", "Rp1.250.000") == "TOTAL    Rp1.250.000"
    assert two_sides("Kembalian anda hari ini", "Rp15.000") == "Kembalian a Rp15.000"
    assert len(two_sides("x", "Rp" + "9" * 30)) == 20


def test_missing_display_port_raises_a_serial_error(tmp_path: object) -> None:
    import serial

    with pytest.raises(serial.SerialException):
        open_serial_display("/dev/nonexistent-ttyVFD")
