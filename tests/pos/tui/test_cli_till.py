"""``nttmart demo`` and ``nttmart pos`` open the cashier app in a real terminal (a pty)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeout(90)

NTTMART = Path(sys.executable).with_name("nttmart")


class Terminal:
    """A program running in a pseudo-terminal of 100x30, with what it drew so far."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        self.master = master
        self.output = b""
        self.process = subprocess.Popen(
            [str(NTTMART), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**os.environ, "TERM": "xterm-256color", **(env or {})},
            close_fds=True,
        )
        os.close(slave)

    def read_until(self, text: str, timeout: float = 30.0) -> None:
        """Read what the program draws until ``text`` appears; fail after ``timeout``."""
        deadline = time.monotonic() + timeout
        while text.encode() not in self.output:
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} never appeared; got {self.output[-400:]!r}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:
                    break
        assert text.encode() in self.output

    def send(self, keys: str) -> None:
        """Type ``keys``."""
        os.write(self.master, keys.encode())

    def finish(self, timeout: float = 30.0) -> int:
        """Wait for the program to end (reading its output meanwhile); its exit code."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:
                    break
        code = self.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        os.close(self.master)
        return code


def test_demo_opens_the_till_and_says_where_receipts_go(tmp_path: Path) -> None:
    data = tmp_path / "demo"
    terminal = Terminal("demo", "--data-dir", str(data))
    terminal.read_until("Masuk kasir")  # the login screen
    terminal.read_until("kasir / PIN 1234")  # the demo notice names the staff
    terminal.send("\x11")  # Ctrl+Q on the login screen quits
    assert terminal.finish() == 0
    assert b"struk dicetak ke printer virtual" in terminal.output
    assert str(data / "receipts").encode() in terminal.output.replace(b"\r\n", b"")
    staff = sqlite3.connect(data / "outlet.db").execute("SELECT username FROM staff").fetchall()
    assert sorted(staff) == [("admin",), ("kasir",), ("manajer",)]


def test_pos_refuses_without_a_config(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(NTTMART), "pos"],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "NTTMART_CONFIG"},
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 2
    assert "NTTMART_CONFIG" in result.stderr
