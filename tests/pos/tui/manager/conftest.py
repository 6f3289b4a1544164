"""Manager screen fixtures: producers, products with stock, and Pilot helpers that log a
manager in and open the manager menu (F11)."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.pilot import Pilot

from inventory.models import MovementKind, Product
from inventory.stamp import Stamp
from inventory.stock import MovementRequest, on_hand, record_movements
from pos.context import OutletContext
from pos.models import Role
from pos.staff import add_staff
from pos.tui.app import PosApp
from tests.factories import KOPI_EAN, MADU_EAN
from tests.inventory.manager.support import make_category, make_item, make_producer
from tests.pos.conftest import MANAJER_PIN
from tests.pos.tui.conftest import log_in, type_text

KOPI_500 = "KOP-BJW-500"


@pytest.fixture
def products(outlet: OutletContext, stamp: Stamp) -> dict[str, Product]:
    """Kopi 250g (cost Rp48.000, 20 on hand) and kopi 500g (no barcode yet) of Koperasi Kopi
    Fa Masa Bajawa (15% commission); madu (no cost, 10 on hand) of Madu Hutan Amfoang."""
    with outlet.store.write() as session:
        fa_masa = make_producer(session, stamp, "Koperasi Kopi Fa Masa Bajawa", commission_bp=1500)
        amfoang = make_producer(
            session, stamp, "Madu Hutan Amfoang", kabupaten="Kupang", desa="Oh Aem"
        )
        kopi_category = make_category(session, "Kopi")
        kopi = make_item(
            session,
            stamp,
            "KOP-BJW-250",
            name="Kopi Arabika Flores Bajawa 250g",
            price=65_000,
            cost=48_000,
            producer=fa_masa,
            category=kopi_category,
            barcodes=(KOPI_EAN,),
            min_stock=30,
        )
        kopi_500 = make_item(
            session,
            stamp,
            KOPI_500,
            name="Kopi Arabika Flores Bajawa 500g",
            price=120_000,
            cost=90_000,
            producer=fa_masa,
            category=kopi_category,
        )
        madu = make_item(
            session,
            stamp,
            "MDU-AMF-250",
            name="Madu Hutan Amfoang 250ml",
            price=85_000,
            producer=amfoang,
            barcodes=(MADU_EAN,),
            min_stock=4,
        )
        record_movements(
            session,
            stamp,
            [
                MovementRequest(kopi.id, MovementKind.RECEIVE, 20, reference="awal"),
                MovementRequest(madu.id, MovementKind.RECEIVE, 10, reference="awal"),
            ],
        )
    return {"kopi": kopi, "kopi_500": kopi_500, "madu": madu}


@pytest.fixture
def admin(outlet: OutletContext, stamp: Stamp, staff: None) -> None:
    """An admin ``admin`` (PIN 5555) besides the cashier and the manager."""
    with outlet.store.write() as session:
        add_staff(session, stamp, username="admin", name="Yosef", role=Role.ADMIN, pin="5555")


async def open_menu(pilot: Pilot[None], username: str = "manajer", pin: str = MANAJER_PIN) -> None:
    """Log in as a manager, open the shift, F11."""
    await log_in(pilot, username, pin)
    await type_text(pilot, "200000", enter=True)
    await pilot.press("f11")
    await pilot.pause()


async def fill(pilot: Pilot[None], *values: str) -> None:
    """Type each value and Enter, field after field (as a person does: one burst per field)."""
    for value in values:
        await type_text(pilot, value, enter=True)


def entry_key(entry: str) -> str:
    """The number key of a manager menu entry (``receiving``, ``count``...)."""
    from pos.tui.manager.menu import MenuEntry

    return str(list(MenuEntry).index(MenuEntry(entry)) + 1)


def stock_of(app: PosApp, sku: str) -> int:
    """On hand of ``sku`` now."""
    with app.context.store.read() as session:
        product = session.exec(select(Product).where(Product.sku == sku)).one()
        return on_hand(session, product.id)


def message(app: PosApp) -> str:
    """The message line of the topmost manager screen (a dialog may be open above it)."""
    from pos.tui.manager.base import ManagerScreen

    screen = next(s for s in reversed(app.screen_stack) if isinstance(s, ManagerScreen))
    return screen.message()
