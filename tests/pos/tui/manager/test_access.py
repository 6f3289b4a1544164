"""F11 opens the manager's menu for managers and admins only; a cashier is told why not."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from pos.tui.app import PosApp
from pos.tui.dialogs.message import MessageDialog
from pos.tui.manager.menu import ManagerMenuScreen
from pos.tui.manager.receiving import ReceivingScreen
from pos.tui.screens.sale import SaleScreen
from tests.pos.tui.conftest import SIZE, journal_kinds, start_selling
from tests.pos.tui.manager.conftest import open_menu

pytestmark = pytest.mark.timeout(60)


def f11_shown(app: PosApp) -> bool:
    """Whether the sale screen's footer lists F11."""
    (binding,) = app.screen._bindings.key_to_bindings["f11"]
    return binding.show


async def test_a_cashier_is_refused_the_manager_menu(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        assert isinstance(app.screen, SaleScreen)
        assert not f11_shown(app)
        kinds = journal_kinds(app.context.store)
        await pilot.press("f11")
        assert isinstance(app.screen, MessageDialog)
        text = str(app.screen.query_one("#message", Static).render())
        assert text == "Menu manajer hanya untuk manajer dan admin. Yohana masuk sebagai kasir."
        assert app.bells == 1
        await pilot.press("enter")
        assert isinstance(app.screen, SaleScreen)
        assert journal_kinds(app.context.store) == kinds


async def test_a_manager_opens_the_menu_and_goes_back_to_the_sale(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_menu(pilot)
        assert isinstance(app.screen, ManagerMenuScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, SaleScreen)
        assert f11_shown(app)
        await pilot.press("f11", "1")  # the number in front of an entry opens it
        await pilot.pause()
        assert isinstance(app.screen.app.screen_stack[-2], ReceivingScreen)


@pytest.mark.usefixtures("admin")
async def test_an_admin_opens_the_menu(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_menu(pilot, "admin", "5555")
        assert isinstance(app.screen, ManagerMenuScreen)
