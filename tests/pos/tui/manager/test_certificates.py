"""Certificate warnings: shown to a manager at login, never to a cashier, and in the menu."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable

from inventory.models import CertificationKind, Producer, Product
from inventory.stamp import Stamp
from pos.context import OutletContext
from pos.tui.app import PosApp
from pos.tui.manager.certificates import CertificateDialog, CertificatesScreen
from pos.tui.screens.open_shift import OpenShiftScreen
from tests.inventory.manager.support import certify
from tests.pos.conftest import MANAJER_PIN
from tests.pos.tui.conftest import SIZE, log_in, type_text
from tests.pos.tui.manager.conftest import entry_key

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def certificates(outlet: OutletContext, stamp: Stamp, products: dict[str, Product]) -> None:
    """A halal number of kopi expiring in 20 days and a PIRT of Amfoang expired 5 days ago
    (today is 22/11/2026); a BPOM number valid for a year is not a warning."""
    with outlet.store.write() as session:
        certify(
            session,
            CertificationKind.HALAL,
            "ID33110000123",
            product=products["kopi"],
            expires_on=date(2026, 12, 12),
        )
        amfoang = session.get(Producer, products["madu"].producer_id)
        certify(
            session,
            CertificationKind.PIRT,
            "2065301010123",
            producer=amfoang,
            expires_on=date(2026, 11, 17),
        )
        certify(
            session,
            CertificationKind.BPOM,
            "MD 123",
            product=products["madu"],
            expires_on=date(2027, 11, 22),
        )


def rows(table: DataTable) -> list[list[str]]:  # type: ignore[type-arg]
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


EXPECTED = [
    ["PIRT", "2065301010123", "17/11/2026", "habis 5 hari lalu", "Madu Hutan Amfoang", "1 produk"],
    [
        "HALAL",
        "ID33110000123",
        "12/12/2026",
        "20 hari lagi",
        "Koperasi Kopi Fa Masa Bajawa",
        "Kopi Arabika Flores Bajawa 250g",
    ],
]


@pytest.mark.usefixtures("certificates")
async def test_a_manager_sees_the_warnings_at_login(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "manajer", MANAJER_PIN)
        assert isinstance(app.screen, CertificateDialog)
        assert rows(app.screen.query_one(DataTable)) == EXPECTED
        await pilot.press("enter")
        assert isinstance(app.screen, OpenShiftScreen)
        await type_text(pilot, "200000", enter=True)
        await pilot.press("f11", entry_key("certificates"))
        await pilot.pause()
        assert isinstance(app.screen, CertificatesScreen)
        assert rows(app.screen.query_one(DataTable)) == EXPECTED


@pytest.mark.usefixtures("certificates")
async def test_a_cashier_is_not_shown_the_warnings(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        assert isinstance(app.screen, OpenShiftScreen)
