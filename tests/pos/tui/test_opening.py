"""The till as ``nttmart pos`` opens it: the login screen first, the outlet opened behind it.

In-process with Pilot (a login typed before the outlet is open waits for it; an outlet that
cannot open closes the app with its error), and the real command in a pseudo-terminal.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from hardware.virtual.server import VirtualPrinter
from inventory.errors import ConfigError
from pos.cli.state import CliState
from pos.cli.till import open_parts, pos_app
from pos.config_file import OutletLabel
from pos.context import OutletContext
from pos.shifts import open_shift
from pos.tui.app import PosApp
from pos.tui.screens.login import LoginScreen
from pos.tui.till_app import Opening, TillParts
from tests.pos.tui.conftest import (
    SIZE,
    config_file,
    log_in,
    network_printer,
    screen_text,
    settle,
)

pytestmark = pytest.mark.timeout(90)


async def test_a_login_typed_before_the_outlet_is_open_goes_on_once_it_is(
    outlet: OutletContext, staff: None, virtual: VirtualPrinter
) -> None:
    release = threading.Event()
    opened_on: list[threading.Thread] = []

    def opening() -> TillParts:
        opened_on.append(threading.current_thread())
        assert release.wait(30)
        parts = open_parts(outlet, network_printer(virtual.port))
        return replace(parts, warnings=("Layar pelanggan tidak dapat dibuka: uji.",))

    app = PosApp(Opening(OutletLabel(code="BLU", name="NTT Mart Atambua"), opening))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        header = screen_text(app)
        assert "NTT Mart Atambua (BLU)" in header
        assert "Membuka data toko..." in header  # instead of the sync and printer states

        await log_in(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert not app.is_open
        assert "Membuka data toko; login berlanjut sendiri." in screen_text(app)

        release.set()
        await app.workers.wait_for_complete([w for w in app.workers if w.group == "open"])
        await settle(pilot)
        assert app.is_open
        assert type(app.screen).__name__ == "OpenShiftScreen"  # logged in; no shift yet
        assert app.till.cashier is not None and app.till.cashier.username == "kasir"
        assert "Printer:" in screen_text(app)
        # What the cashier should know about the devices shows as a notification.
        assert [n.message for n in app._notifications] == [
            "Layar pelanggan tidak dapat dibuka: uji."
        ]
    assert opened_on and opened_on[0] is not threading.main_thread()


async def test_an_outlet_that_cannot_open_closes_the_app_with_its_error(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[outlet]\ncode = "blu"\nname = "NTT Mart Atambua"\n', encoding="utf-8")

    app = pos_app(CliState(config_option=str(config), lang=None))
    async with app.run_test(size=SIZE) as pilot:
        # The screen is up with the name read from the file, before the settings are checked.
        assert "NTT Mart Atambua" in screen_text(app)
        for _ in range(500):
            if app.open_error is not None:
                break
            await pilot.pause()
    assert isinstance(app.open_error, ConfigError)
    assert "[outlet] code" in str(app.open_error)
    assert app.return_code == 2
    assert not app.is_open


def run_in_terminal(args: list[str], until: bytes, then: bytes = b"") -> tuple[bytes, int]:
    """``nttmart ARGS`` in a fresh pseudo-terminal: wait for ``until`` on its screen, type
    ``then``, and read everything until it exits; its output and exit status."""
    nttmart = str(Path(sys.executable).with_name("nttmart"))
    pid, fd = pty.fork()
    if pid == 0:  # the child becomes the command, on a 100x30 terminal
        os.environ.update(TERM="xterm-256color", COLUMNS="100", LINES="30")
        os.execv(nttmart, [nttmart, *args])
    seen = b""
    sent = False
    deadline = time.monotonic() + 60
    try:
        while True:
            if not sent and until in seen:
                os.write(fd, then)
                sent = True
            ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise AssertionError(f"no exit within 60 s; the screen showed: {seen[-2000:]!r}")
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child has closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        _, status = os.waitpid(pid, 0)
        pid = 0
        return seen, os.waitstatus_to_exitcode(status)
    finally:
        if pid:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)


def test_nttmart_pos_opens_the_outlet_behind_its_login_screen(
    outlet: OutletContext, staff: None, tmp_path: Path
) -> None:
    open_shift(outlet, cashier="kasir", opening_float=100_000)
    config = config_file(outlet, tmp_path)

    # The header's printer state shows once the outlet is open; Ctrl+Q then closes the till.
    seen, status = run_in_terminal(
        ["--config", str(config), "pos"], until=b"Printer: belum diatur", then=b"\x11"
    )
    assert b"Masuk kasir" in seen
    assert status == 0


def test_nttmart_pos_with_a_broken_config_says_why_and_exits_2(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[outlet]\ncode = "blu"\n', encoding="utf-8")

    seen, status = run_in_terminal(["--config", str(config), "pos"], until=b"\x00")
    assert status == 2
    text = seen.decode("utf-8", "replace")
    assert "[outlet] code" in text
    assert str(config) in text
