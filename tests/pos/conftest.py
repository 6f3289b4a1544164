"""Cashier fixtures: an outlet context over a temp database, staff, products and an open shift."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from inventory.clock import FixedClock
from inventory.db import Store
from inventory.models import Product
from inventory.stamp import Stamp
from pos.config import OutletSettings, SaleSettings, Settings
from pos.context import OutletContext
from pos.models import Role, Shift
from pos.shifts import open_shift
from pos.staff import add_staff
from tests.factories import KOPI_EAN, MADU_EAN, make_product

KASIR_PIN = "1234"
MANAJER_PIN = "9999"


@pytest.fixture
def settings() -> Settings:
    """Outlet BLU (Atambua) with the default sale rules: no PPN, cash rounded down to Rp100."""
    return Settings(
        outlet=OutletSettings(
            code="BLU", name="NTT Mart Atambua", address="Jl. Basuki Rahmat, Atambua"
        ),
        sale=SaleSettings(),
    )


@pytest.fixture
def outlet(settings: Settings, store: Store, clock: FixedClock) -> Iterator[OutletContext]:
    """The outlet context the services receive."""
    yield OutletContext(settings=settings, store=store, clock=clock)


@pytest.fixture
def staff(outlet: OutletContext, stamp: Stamp) -> None:
    """Cashier ``kasir`` (PIN 1234) and manager ``manajer`` (PIN 9999)."""
    with outlet.store.write() as session:
        add_staff(session, stamp, username="kasir", name="Yohana", role=Role.CASHIER, pin=KASIR_PIN)
        add_staff(
            session, stamp, username="manajer", name="Maria", role=Role.MANAGER, pin=MANAJER_PIN
        )


@pytest.fixture
def products(outlet: OutletContext, stamp: Stamp) -> dict[str, Product]:
    """Kopi (Rp65.000), Madu (Rp85.000) and Jeruk by weight (Rp35.000/kg, PLU 00401)."""
    from inventory.quantity import Unit

    with outlet.store.write() as session:
        kopi = make_product(session, stamp)
        madu = make_product(
            session,
            stamp,
            sku="MDU-AMF-250",
            name="Madu Hutan Amfoang 250ml",
            price=85_000,
            barcodes=(MADU_EAN,),
        )
        jeruk = make_product(
            session,
            stamp,
            sku="JRK-SOE-KG",
            name="Jeruk Keprok SoE",
            price=35_000,
            unit=Unit.GRAM,
            barcodes=(),
            plu="00401",
        )
    assert KOPI_EAN
    return {"kopi": kopi, "madu": madu, "jeruk": jeruk}


@pytest.fixture
def shift(outlet: OutletContext, staff: None) -> Shift:
    """An open shift of ``kasir`` with a Rp200.000 float."""
    return open_shift(outlet, cashier="kasir", opening_float=200_000)
