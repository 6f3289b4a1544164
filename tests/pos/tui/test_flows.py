"""Whole till flows driven through Pilot, checked against the database and the journal."""

from __future__ import annotations

import pytest
from sqlmodel import select

from pos.models import Sale, Shift
from pos.tui.app import PosApp
from pos.tui.screens.open_shift import OpenShiftScreen
from pos.tui.screens.sale import SaleScreen
from tests.factories import KOPI_EAN, MADU_EAN
from tests.pos.tui.conftest import SIZE, log_in, printed, type_text

pytestmark = pytest.mark.timeout(30)


async def test_login_open_shift_scan_and_pay_cash(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        assert isinstance(app.screen, OpenShiftScreen)
        await type_text(pilot, "200000", enter=True)
        assert isinstance(app.screen, SaleScreen)
        await type_text(pilot, f"2*{KOPI_EAN}", enter=True)
        await type_text(pilot, MADU_EAN, enter=True)
        assert app.till.cart is not None
        assert [line.quantity for line in app.till.cart.lines] == [2, 1]
        await pilot.press("f12")
        await pilot.pause()
        await type_text(pilot, "250000", enter=True)
        await printed(app)
    with app.context.store.read() as session:
        sale = session.execute(select(Sale)).scalar_one()
        shift = session.execute(select(Shift)).scalar_one()
    assert sale.total == 215_000 and sale.change == 35_000
    assert shift.opening_float == 200_000
