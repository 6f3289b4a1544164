"""Every key of the sale screen (the issue's key table): shown in the footer in Indonesian, and
each one does its job when pressed, each time in a fresh burst of keys where it matters."""

from __future__ import annotations

import pytest
from textual.widgets import Footer

from pos.tui.app import PosApp
from pos.tui.dialogs.approval import ApprovalDialog
from pos.tui.dialogs.cash import CashDialog
from pos.tui.dialogs.discount import DiscountDialog
from pos.tui.dialogs.held import RecallDialog
from pos.tui.dialogs.quantity import QuantityDialog
from pos.tui.dialogs.search import SearchDialog
from pos.tui.dialogs.shift_menu import ShiftMenu
from pos.tui.screens.payment import PaymentScreen
from pos.tui.screens.refund import RefundScreen
from pos.tui.screens.sale import SaleScreen
from tests.factories import KOPI_EAN, MADU_EAN
from tests.pos.tui.conftest import SIZE, printed, screen_text, start_selling, type_text

pytestmark = pytest.mark.timeout(60)

FOOTER = [
    ("F2", "Cari"),
    ("F3", "Jml"),
    ("F4", "Diskon"),
    ("F5", "Tahan"),
    ("F6", "Hapus"),
    ("F7", "Retur"),
    ("F8", "Cetak"),
    ("F9", "Kas"),
    ("F10", "Shift"),
    ("F12", "Bayar"),
    ("Esc", "Batal"),
]


def footer_line(app: PosApp) -> str:
    """The bottom line of the terminal (the footer with the keys)."""
    assert app.screen.query(Footer)
    return screen_text(app).splitlines()[-1]


async def test_the_footer_shows_every_key_in_indonesian(app: PosApp) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await start_selling(pilot)
        line = footer_line(app)
        for key, label in FOOTER:
            assert f"{key} {label} " in f"{line} ", (key, label, line)
        assert "F11" not in line  # the manager's menu is for managers only
        keys = [key for key, _ in FOOTER]
        assert [line.index(f"{key} ") for key in keys] == sorted(
            line.index(f"{key} ") for key in keys
        )


async def test_every_key_does_its_job(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        sale = app.screen
        assert isinstance(sale, SaleScreen)

        await type_text(pilot, f"3*{KOPI_EAN}", enter=True)  # N* multiplies
        assert app.till.cart is not None
        assert [(line.sku, line.quantity) for line in app.till.cart.lines] == [("KOP-BJW-250", 3)]

        await pilot.press("f2")  # F2: search by name, Enter adds the highlighted product
        assert isinstance(app.screen, SearchDialog)
        await type_text(pilot, "madu amfoang", enter=True)
        assert app.screen is sale
        assert [line.sku for line in app.till.cart.lines] == ["KOP-BJW-250", "MDU-AMF-250"]

        await pilot.press("f3")  # F3: quantity of the selected line (madu, the last added)
        assert isinstance(app.screen, QuantityDialog)
        await type_text(pilot, "2", enter=True)
        assert app.till.cart.lines[1].quantity == 2

        await pilot.press("f4")  # F4: discount
        assert isinstance(app.screen, DiscountDialog)
        await type_text(pilot, "5%", enter=True)
        assert app.till.cart.lines[1].discount_amount == 8_500

        await pilot.press("f6")  # F6: void the selected line, with approval
        assert isinstance(app.screen, ApprovalDialog)
        await type_text(pilot, "manajer\r9999\rsalah ambil", enter=True)
        assert app.screen is sale
        assert [line.sku for line in app.till.cart.lines] == ["KOP-BJW-250"]

        await pilot.press("f5")  # F5 with lines: hold
        assert app.till.cart is None or app.till.cart.is_empty
        await pilot.press("f5")  # F5 on an empty cart: recall
        assert isinstance(app.screen, RecallDialog)
        await pilot.press("enter")
        assert app.screen is sale
        assert app.till.cart is not None and len(app.till.cart.lines) == 1

        await pilot.press("escape")  # Esc with lines: cancelling needs approval
        assert isinstance(app.screen, ApprovalDialog)
        await pilot.press("escape")  # not approved: the sale stays
        assert app.screen is sale and len(app.till.cart.lines) == 1

        await pilot.press("f12")  # F12: pay
        assert isinstance(app.screen, PaymentScreen)
        await pilot.press("escape")  # Esc: back to the sale
        assert app.screen is sale
        await pilot.press("f12", "f7")
        await printed(app)
        await pilot.press("enter")
        assert app.screen is sale

        await pilot.press("f8")  # F8: reprint the last receipt
        await printed(app)
        assert "BLU-20261122-0001 tercetak" in screen_text(app)

        await pilot.press("f7")  # F7: refund
        assert isinstance(app.screen, RefundScreen)
        await pilot.press("escape")
        assert app.screen is sale

        await pilot.press("f9")  # F9: cash in / out
        assert isinstance(app.screen, CashDialog)
        await pilot.press("escape")
        assert app.screen is sale

        await pilot.press("f10")  # F10: the shift menu
        assert isinstance(app.screen, ShiftMenu)
        await pilot.press("escape")
        assert app.screen is sale

        await type_text(pilot, MADU_EAN, enter=True)
        await pilot.press("escape")  # Esc with lines, approved: the sale is cancelled
        await type_text(pilot, "manajer\r9999\rpelanggan pergi", enter=True)
        assert app.screen is sale and app.till.cart is None
        await pilot.press("escape")  # Esc on an empty sale does nothing
        assert app.screen is sale
