"""A tenun cloth sold and refunded at the till reaches the centre's unit states: sold by the
receipt, then back in stock. Real checkout and refund, real uvicorn and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, select

from inventory.clock import FixedClock
from inventory.manager_common import InstoreNumbering
from inventory.stamp import Stamp
from inventory.stock import adjust
from inventory.units import UnitInput, register_units
from pos import cart as carts
from pos.checkout import TenderInput, complete_sale
from pos.config import OutletSettings, Settings
from pos.context import OutletContext
from pos.demo import seed_staff
from pos.models import ApprovalAction
from pos.refunds import RefundItem, find_refundable, refund
from pos.shifts import open_shift
from pos.simulate import CASHIER, MANAGER
from pos.staff import approve
from sync.central import outlet_tables
from sync.client import push
from sync.transport import CentralClient
from tests.conftest import FROZEN_NOW
from tests.inventory.manager.support import make_item
from tests.sync.conftest import OutletUnderTest
from tests.sync.servers import ServerThread


def _push(server: ServerThread, outlet: OutletUnderTest, clock: FixedClock) -> None:
    client = CentralClient(server.url, outlet.token, timeout=10)
    try:
        assert (
            push(outlet.store, client, outlet=outlet.code, clock=clock, batch_size=50).waiting == 0
        )
    finally:
        client.close()


def _states(central: Engine) -> dict[str, tuple[str, str | None]]:
    with central.connect() as connection:
        rows = connection.execute(select(outlet_tables.product_unit)).all()
    return {row.code: (row.status, row.sold_reference) for row in rows}


def test_a_sold_and_refunded_cloth_is_known_at_the_centre(
    server: ServerThread,
    central: Engine,
    make_outlet: Callable[[str], OutletUnderTest],
    clock: FixedClock,
) -> None:
    blu = make_outlet("BLU")
    stamp = Stamp(outlet="BLU", actor="maria", at=FROZEN_NOW)
    with blu.store.write() as session:
        seed_staff(session, stamp)
        tenun = make_item(session, stamp, "TNN-BUNA", name="Tenun Buna Insana", price=750_000)
        units = register_units(
            session,
            stamp,
            product=tenun,
            units=[UnitInput(motif="Buna", weaver="Mama Yuliana"), UnitInput(motif="Lotis")],
            numbering=InstoreNumbering("20", 2),
        )
        adjust(session, stamp, sku="TNN-BUNA", quantity=2, reason="stok awal")
    codes = [unit.code for unit in units]
    context = OutletContext(
        settings=Settings(outlet=OutletSettings(code="BLU", name="NTT Mart BLU")),
        store=blu.store,
        clock=clock,
    )
    shift = open_shift(context, cashier=CASHIER.username, opening_float=100_000)
    cart = carts.new_cart(CASHIER.username, started_at=clock.now(), shift_id=shift.id)
    with blu.store.read() as session:
        carts.scan(session, cart, codes[0])
    sold = complete_sale(context, cart, [TenderInput.cash(750_000)])
    _push(server, blu, clock)
    assert _states(central) == {
        codes[0]: ("sold", sold.receipt_no),
        codes[1]: ("in_stock", None),
    }

    line = find_refundable(context, sold.receipt_no).lines[0]
    refund(
        context,
        receipt_no=sold.receipt_no,
        items=[RefundItem(line.sale_line_id, 1)],
        approval=approve(
            context,
            username=MANAGER.username,
            pin=MANAGER.pin,
            action=ApprovalAction.REFUND,
            reason="motif lain",
            requested_by=CASHIER.username,
        ),
        reason="motif lain",
        cashier=CASHIER.username,
        shift_id=shift.id,
    )
    _push(server, blu, clock)
    assert _states(central) == {codes[0]: ("in_stock", None), codes[1]: ("in_stock", None)}
