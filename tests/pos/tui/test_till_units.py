"""A tenun cloth at the till through Pilot: the product's barcode asks which cloth, the cloth's
own code adds it directly, and paying marks both cloths sold."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.widgets import Static

from inventory.manager_common import InstoreNumbering
from inventory.manager_models import ProductUnit, UnitStatus
from inventory.stamp import Stamp
from inventory.units import UnitInput, register_units
from pos.context import OutletContext
from pos.tui.app import PosApp
from pos.tui.manager.choice import ChoiceDialog
from pos.tui.screens.payment import PaymentScreen
from pos.tui.screens.sale import SaleScreen
from tests.factories import ean, make_product
from tests.pos.tui.conftest import SIZE, journal_kinds, printed, start_selling, type_text

pytestmark = pytest.mark.timeout(60)

TENUN_EAN = ean(4242)


@pytest.fixture
def cloths(outlet: OutletContext, stamp: Stamp, app: PosApp) -> list[str]:
    """Two Sumba cloths (Rp1.500.000 each), by code."""
    with outlet.store.write() as session:
        product = make_product(
            session, stamp, sku="TEN-SMB", name="Tenun Ikat Sumba", price=1_500_000,
            barcodes=(TENUN_EAN,),
        )  # fmt: skip
        units = register_units(
            session,
            stamp,
            product=product,
            units=[
                UnitInput(motif="Kuda", weaver="Ina Rambu", village="Praiyawang"),
                UnitInput(motif="Andung", weaver="Ina Hana", village="Kambera"),
            ],
            numbering=InstoreNumbering(prefix="20", outlet_number=2),
        )
    return sorted(unit.code for unit in units)


async def test_the_cashier_picks_the_cloth_and_the_sale_marks_it_sold(
    app: PosApp, cloths: list[str]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        await type_text(pilot, TENUN_EAN, enter=True)  # the product's barcode: which cloth?
        assert isinstance(app.screen, ChoiceDialog)
        await type_text(pilot, "kambera")  # narrow the list by village
        await pilot.press("enter")
        assert isinstance(app.screen, SaleScreen)
        assert app.till.cart is not None
        assert [line.unit_code for line in app.till.cart.lines] == [cloths[1]]
        await type_text(pilot, cloths[1], enter=True)  # the same cloth again: refused
        assert "sudah ada di keranjang" in str(
            app.screen.query_one("#sale-message", Static).render()
        )
        await type_text(pilot, cloths[0], enter=True)  # the other cloth's own code
        assert [line.unit_code for line in app.till.cart.lines] == [cloths[1], cloths[0]]

        await pilot.press("f12")
        assert isinstance(app.screen, PaymentScreen)
        await type_text(pilot, "3000000", enter=True)
        await printed(app)
        await pilot.press("enter")
        assert isinstance(app.screen, SaleScreen)

    with app.context.store.read() as session:
        units = session.exec(select(ProductUnit).order_by(ProductUnit.code)).all()
    assert [(u.status, u.sold_reference) for u in units] == [
        (UnitStatus.SOLD, "BLU-20261122-0001"),
        (UnitStatus.SOLD, "BLU-20261122-0001"),
    ]
    assert journal_kinds(app.context.store)[-2:] == ["sale.completed", "catalog.units"]
