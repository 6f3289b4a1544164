"""Keys typed in the same burst as the F-key that opens a dialog land in the dialog's field.

A fast typist (or a scanner right after F7) sends the F-key and what follows before the app has
handled any of it. The dialog's first field must have the focus from the very first key, not
once its ``on_mount`` has run: a dialog whose first focusable widget is a choice list (cash in or
out, line or sale, which campaign) names its field in ``AUTO_FOCUS``.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from pos.tui.app import PosApp
from pos.tui.screens.sale import SaleScreen
from tests.factories import KOPI_EAN
from tests.pos.tui.conftest import SIZE, burst, start_selling, text_keys, type_text

pytestmark = pytest.mark.timeout(60)


@pytest.mark.parametrize(
    ("key", "field", "text"),
    [
        ("f2", "query", "madu"),
        ("f3", "quantity", "3"),
        ("f4", "discount", "10%"),
        ("f7", "refund-receipt", "BLU-20261122-0001"),
        ("f9", "cash-amount", "50000"),
        ("f12", "amount", "70000"),
    ],
)
async def test_keys_after_an_f_key_reach_its_field(
    app: PosApp, key: str, field: str, text: str
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        await type_text(pilot, KOPI_EAN, enter=True)
        await burst(pilot, [(key, None), *text_keys(text)])
        assert not isinstance(app.screen, SaleScreen)
        assert app.screen.query_one(f"#{field}", Input).value == text
        assert app.screen.focused is app.screen.query_one(f"#{field}", Input)


async def test_a_quantity_typed_with_f3_in_one_burst_is_applied(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        await type_text(pilot, KOPI_EAN, enter=True)
        await burst(pilot, [("f3", None), *text_keys("3\r")])
        assert isinstance(app.screen, SaleScreen)
        assert app.till.cart is not None
        assert [line.quantity for line in app.till.cart.lines] == [3]
