"""The till's start: what a fresh process loads before its login screen is up (the outlet opens
behind it), and the heap it hands over to the collector's permanent generation once the sale
screen shows.

Both are checked in a child process, so nothing this test process imported counts.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pos.config import PrinterSettings
from pos.context import OutletContext
from pos.shifts import open_shift
from tests.pos.tui.conftest import config_file

pytestmark = pytest.mark.timeout(90)

CHILD = """
import asyncio, gc, json, sys
from pathlib import Path

from textual.widgets import Input

from pos.cli.state import CliState
from pos.cli.till import pos_app
from pos.tui.app import PosApp

# What is loaded when the login screen is up and the outlet starts opening behind it.
at_login: list[str] = []
open_outlet = PosApp.open_outlet


def recording(app: PosApp) -> None:
    at_login[:] = at_login or sorted(sys.modules)
    open_outlet(app)


PosApp.open_outlet = recording  # type: ignore[method-assign]
app = pos_app(CliState(config_option=sys.argv[1], lang=None))


async def main() -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, Input), app.focused
        await pilot.press(*"kasir", "tab", *"1234", "enter")
        for _ in range(200):
            if type(app.screen).__name__ == "SaleScreen":
                break
            await pilot.pause()
        print(json.dumps({
            "at_login": at_login,
            "screen": type(app.screen).__name__,
            "frozen": gc.get_freeze_count(),
            "selling": sorted(sys.modules),
        }))


asyncio.run(main())
"""

NOT_BEFORE_LOGIN = (
    # The outlet's settings, database and printer open behind the login screen.
    "pydantic",
    "sqlalchemy",
    "sqlmodel",
    "pos.config",
    "pos.context",
    "escpos",  # its printer database takes a few hundred milliseconds to load
    "alembic",  # only needed when the database is behind
    "pos.cart",
    "pos.checkout",
    "pos.tui.screens.sale",
)


def test_login_screen_comes_up_before_settings_database_printer_and_sale(
    outlet: OutletContext, staff: None, tmp_path: Path
) -> None:
    open_shift(outlet, cashier="kasir", opening_float=100_000)
    printer = PrinterSettings(driver="file", file_path=str(tmp_path / "receipts.bin"))
    config = config_file(outlet, tmp_path, printer)

    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(config)],
        capture_output=True,
        text=True,
        timeout=80,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])

    loaded = [
        name
        for name in found["at_login"]
        if any(name == banned or name.startswith(f"{banned}.") for banned in NOT_BEFORE_LOGIN)
    ]
    assert loaded == []
    assert "pos.tui.screens.login" in found["at_login"]
    # They were all loaded by the time the cashier sells (the check above means something).
    assert {"sqlalchemy", "pydantic", "pos.context"} <= set(found["selling"])
    # Logged in, selling: the start-up heap is out of the collector's way.
    assert found["screen"] == "SaleScreen"
    assert found["frozen"] > 10_000
