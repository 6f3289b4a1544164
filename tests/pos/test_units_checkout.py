"""One-of-a-kind units at the till: scanning a unit's code, selling it, refusing it twice,
and putting it back in stock on a refund, all in the sale's or the refund's transaction."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func
from sqlmodel import select

from inventory import stock
from inventory.errors import ConflictError, InvalidInputError, NttMartError
from inventory.manager_common import InstoreNumbering
from inventory.manager_models import UnitStatus
from inventory.models import Product
from inventory.stamp import Stamp
from inventory.units import UnitInput, register_units, unit_by_code
from pos import cart as carts
from pos.cart import Cart, UnitRequired, new_cart
from pos.checkout import TenderInput, complete_sale
from pos.context import OutletContext
from pos.documents import KIND_SALE
from pos.models import ApprovalAction, Sale, Shift
from pos.refunds import RefundItem, find_refundable, refund
from pos.staff import approve
from sync.journal import JournalEntry
from tests.factories import KOPI_EAN, ean, make_product
from tests.pos.conftest import MANAJER_PIN

TENUN_EAN = ean(4242)


@pytest.fixture
def tenun(outlet: OutletContext, stamp: Stamp, products: dict[str, Product]) -> list[str]:
    """A Sumba tenun (Rp1.500.000) with its own barcode and two registered cloths; their codes."""
    with outlet.store.write() as session:
        product = make_product(
            session,
            stamp,
            sku="TEN-SMB",
            name="Tenun Ikat Sumba",
            price=1_500_000,
            barcodes=(TENUN_EAN,),
        )
        units = register_units(
            session,
            stamp,
            product=product,
            units=[
                UnitInput(motif="Kuda", weaver="Ina Rambu", village="Praiyawang"),
                UnitInput(motif="Andung", weaver="Ina Hana", village="Praiyawang"),
            ],
            numbering=InstoreNumbering(prefix="20", outlet_number=2),
        )
        stock.adjust(session, stamp, sku="TEN-SMB", quantity=2, reason="found")
        stock.adjust(session, stamp, sku="KOP-BJW-250", quantity=10, reason="found")
        return [unit.code for unit in units]


def cart_of(outlet: OutletContext, shift: Shift) -> Cart:
    return new_cart("kasir", started_at=outlet.clock.now(), shift_id=shift.id)


def scan(outlet: OutletContext, cart: Cart, text: str) -> int:
    with outlet.store.read() as session:
        return carts.scan(session, cart, text)


def kinds(outlet: OutletContext) -> list[str]:
    with outlet.store.read() as session:
        return list(session.exec(select(JournalEntry.kind).order_by(JournalEntry.seq)).all())


def units_payloads(outlet: OutletContext) -> list[dict[str, object]]:
    with outlet.store.read() as session:
        rows = session.exec(
            select(JournalEntry.payload)
            .where(JournalEntry.kind == "catalog.units")
            .order_by(JournalEntry.seq)
        ).all()
    return [json.loads(row) if isinstance(row, str) else row for row in rows]


def status(outlet: OutletContext, code: str) -> tuple[UnitStatus, str | None]:
    with outlet.store.read() as session:
        unit = unit_by_code(session, code)
        return unit.status, unit.sold_reference


def test_scanning_a_unit_code_adds_that_unit_and_the_sale_marks_it_sold(
    outlet: OutletContext, shift: Shift, tenun: list[str]
) -> None:
    cart = cart_of(outlet, shift)
    assert scan(outlet, cart, KOPI_EAN) == 0
    assert scan(outlet, cart, tenun[1]) == 1
    assert scan(outlet, cart, tenun[0]) == 2  # its own line, never joined to the other cloth
    line = cart.lines[1]
    assert (line.sku, line.quantity, line.unit_code, line.barcode) == (
        "TEN-SMB",
        1,
        tenun[1],
        tenun[1],
    )
    # The same cloth twice, a multiplier, or a quantity above one is refused.
    for text, key in [(tenun[1], "till_units.in_cart"), (f"2*{tenun[0]}", "till_units.single")]:
        with pytest.raises(InvalidInputError) as refused:
            scan(outlet, cart, text)
        assert refused.value.key == key
    with pytest.raises(InvalidInputError) as single:
        carts.set_quantity(cart, 1, 2)
    assert single.value.key == "till_units.single"
    assert len(cart.lines) == 3

    before = len(kinds(outlet))
    done = complete_sale(outlet, cart, [TenderInput.cash(3_100_000)])
    assert status(outlet, tenun[1]) == (UnitStatus.SOLD, done.receipt_no)
    assert status(outlet, tenun[0]) == (UnitStatus.SOLD, done.receipt_no)
    assert kinds(outlet)[before:] == [KIND_SALE, "catalog.units"]
    sold = units_payloads(outlet)[-1]["units"]
    assert isinstance(sold, list)
    assert sorted((u["code"], u["status"], u["sold_reference"]) for u in sold) == sorted(
        [(tenun[1], "sold", done.receipt_no), (tenun[0], "sold", done.receipt_no)]
    )
    # The sale line names the cloth by its code.
    assert [line.barcode for line in done.doc.lines] == [KOPI_EAN, tenun[1], tenun[0]]
    with outlet.store.read() as session:
        assert stock.on_hand(session, cart.lines[1].product_id) == 0


def test_an_ordinary_sale_does_no_unit_work(
    outlet: OutletContext, shift: Shift, tenun: list[str]
) -> None:
    cart = cart_of(outlet, shift)
    scan(outlet, cart, f"2*{KOPI_EAN}")
    before = len(kinds(outlet))
    complete_sale(outlet, cart, [TenderInput.cash(130_000)])
    assert kinds(outlet)[before:] == [KIND_SALE]
    assert status(outlet, tenun[0]) == (UnitStatus.IN_STOCK, None)


def test_the_product_barcode_or_a_search_asks_for_the_unit(
    outlet: OutletContext, shift: Shift, tenun: list[str]
) -> None:
    cart = cart_of(outlet, shift)
    with pytest.raises(UnitRequired) as by_barcode:
        scan(outlet, cart, TENUN_EAN)
    assert by_barcode.value.product.sku == "TEN-SMB"
    assert "2" in str(by_barcode.value)  # two cloths available
    with outlet.store.read() as session:
        product = session.exec(select(Product).where(Product.sku == "TEN-SMB")).one()
        with pytest.raises(UnitRequired):
            carts.add_product(session, cart, product, 1)
        available = carts.units_in_stock(session, product.id)
        assert [u.code for u in available] == sorted(tenun)
        index = carts.add_unit(session, cart, available[0])
    assert cart.lines[index].unit_code == sorted(tenun)[0]


def test_a_unit_sold_meanwhile_refuses_the_whole_sale(
    outlet: OutletContext, shift: Shift, tenun: list[str]
) -> None:
    first, second = cart_of(outlet, shift), cart_of(outlet, shift)
    scan(outlet, first, tenun[0])
    scan(outlet, second, KOPI_EAN)
    scan(outlet, second, tenun[0])  # rung up on a second cart before the first was paid
    done = complete_sale(outlet, first, [TenderInput.cash(1_500_000)])
    with outlet.store.read() as session:
        counted = session.exec(select(func.count()).select_from(Sale)).one()
    before = (counted, kinds(outlet))
    with pytest.raises(ConflictError) as refused:
        complete_sale(outlet, second, [TenderInput.cash(1_600_000)])
    assert refused.value.key == "units.already_sold"
    assert done.receipt_no in str(refused.value)
    with outlet.store.read() as session:
        counted = session.exec(select(func.count()).select_from(Sale)).one()
    assert (counted, kinds(outlet)) == before
    # And a scan of the sold cloth is refused at once.
    with pytest.raises(NttMartError) as again:
        scan(outlet, cart_of(outlet, shift), tenun[0])
    assert again.value.key == "units.already_sold"


def test_refunding_a_unit_puts_it_back_in_stock(
    outlet: OutletContext, shift: Shift, tenun: list[str], staff: None
) -> None:
    cart = cart_of(outlet, shift)
    scan(outlet, cart, KOPI_EAN)
    scan(outlet, cart, tenun[0])
    scan(outlet, cart, tenun[1])
    done = complete_sale(outlet, cart, [TenderInput.cash(3_100_000)])
    refundable = find_refundable(outlet, done.receipt_no)
    cloth = next(line for line in refundable.lines if line.line_no == 2)
    kopi = next(line for line in refundable.lines if line.line_no == 1)
    approval = approve(
        outlet,
        username="manajer",
        pin=MANAJER_PIN,
        action=ApprovalAction.REFUND,
        reason="salah motif",
        requested_by="kasir",
    )
    before = len(units_payloads(outlet))
    refund(
        outlet,
        receipt_no=done.receipt_no,
        items=[RefundItem(cloth.sale_line_id, 1), RefundItem(kopi.sale_line_id, 1)],
        approval=approval,
        reason="salah motif",
        cashier="kasir",
        shift_id=shift.id,
    )
    assert status(outlet, tenun[0]) == (UnitStatus.IN_STOCK, None)
    assert status(outlet, tenun[1]) == (UnitStatus.SOLD, done.receipt_no)
    back = units_payloads(outlet)[before:]
    assert [[(u["code"], u["status"]) for u in p["units"]] for p in back] == [  # type: ignore[attr-defined]
        [(tenun[0], "in_stock")]
    ]
    with outlet.store.read() as session:
        product_id = unit_by_code(session, tenun[0]).product_id
        assert stock.on_hand(session, product_id) == 1  # two in, two sold, one back
    # The cloth can be sold again.
    again = cart_of(outlet, shift)
    scan(outlet, again, tenun[0])
    assert complete_sale(outlet, again, [TenderInput.cash(1_500_000)]).receipt_no
