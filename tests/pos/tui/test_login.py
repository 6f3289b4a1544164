"""Login when the keys come faster than the screen reacts (tmux send-keys, a fast typist).

Focus moves through the app's message queue, so keys already queued behind a Tab used to land
in the field the Tab was leaving. These tests send the whole login in one go.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from pos.tui.app import PosApp
from pos.tui.screens.login import LoginScreen
from pos.tui.screens.open_shift import OpenShiftScreen
from tests.pos.tui.conftest import SIZE, type_text

pytestmark = pytest.mark.timeout(60)


async def test_login_pressed_as_one_sequence(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"kasir", "tab", *"1234", "enter")
        await pilot.pause()
        assert isinstance(app.screen, OpenShiftScreen)
        assert app.till.cashier is not None and app.till.cashier.username == "kasir"


async def test_login_queued_as_one_burst(app: PosApp) -> None:
    """Every key is in the app's queue before the first is handled, as under tmux send-keys."""
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "kasir\t1234\r")
        assert isinstance(app.screen, OpenShiftScreen)
        assert app.till.cashier is not None and app.till.cashier.username == "kasir"


async def test_enter_on_the_username_moves_to_the_pin(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "kasir\r1234\r")
        assert isinstance(app.screen, OpenShiftScreen)
        assert app.till.cashier is not None and app.till.cashier.username == "kasir"


async def test_a_wrong_pin_in_a_burst_stays_on_the_login(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "kasir\t1111\r")
        assert isinstance(app.screen, LoginScreen)
        assert app.till.cashier is None
        screen = app.screen
        assert screen.query_one("#username", Input).value == "kasir"
        assert screen.query_one("#pin", Input).value == ""
        assert screen.focused is screen.query_one("#pin", Input)
        # Tab from the PIN goes back to the username.
        await type_text(pilot, "\t")
        assert screen.focused is screen.query_one("#username", Input)
