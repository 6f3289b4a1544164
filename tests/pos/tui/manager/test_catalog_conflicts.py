"""Catalog changes held back by the pull (the row was edited here) are shown to a manager at
login with the command that settles them; a cashier is not shown them."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Static

from inventory.models import Product
from pos.context import OutletContext
from pos.tui.app import PosApp
from pos.tui.dialogs.message import MessageDialog
from pos.tui.screens.open_shift import OpenShiftScreen
from sync.outlet_state import CatalogConflict
from tests.conftest import FROZEN_NOW
from tests.pos.conftest import MANAJER_PIN
from tests.pos.tui.conftest import SIZE, log_in

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def held(outlet: OutletContext, products: dict[str, Product]) -> None:
    """The centre's new price of kopi, held back because the price was changed here too, and
    a resolved conflict (not shown)."""
    kopi, madu = products["kopi"], products["madu"]
    with outlet.store.write() as session:
        for product, resolved in ((kopi, None), (madu, FROZEN_NOW)):
            session.add(
                CatalogConflict(
                    entity="product",
                    entity_id=product.id,
                    central_version=7,
                    central_doc=json.dumps({"name": product.name, "price": 70_000}),
                    local_version=product.version,
                    reason="local_edit",
                    detected_at=FROZEN_NOW,
                    resolved_at=resolved,
                    resolution="central" if resolved else None,
                )
            )


@pytest.mark.usefixtures("held")
async def test_a_manager_is_told_of_held_catalog_changes_at_login(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "manajer", MANAJER_PIN)
        assert isinstance(app.screen, MessageDialog)
        text = str(app.screen.query_one("#message", Static).render())
        assert text.startswith("1 perubahan katalog dari pusat ditahan")
        assert "Kopi Arabika Flores Bajawa 250g" in text and "Madu" not in text
        assert "nttmart sync conflicts" in text
        await pilot.press("enter")
        assert isinstance(app.screen, OpenShiftScreen)


@pytest.mark.usefixtures("held")
async def test_a_cashier_is_not_told(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        assert isinstance(app.screen, OpenShiftScreen)
