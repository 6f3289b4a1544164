"""Shifts: float, cash in/out, X report without closing, blind count and Z report."""

from __future__ import annotations

import pytest
from sqlmodel import select

from inventory.errors import ConflictError, InvalidInputError
from inventory.models import Product
from pos import cart as carts
from pos.cart import new_cart
from pos.checkout import TenderInput, complete_sale
from pos.context import OutletContext
from pos.documents import KIND_CASH_MOVEMENT, KIND_SHIFT_CLOSED, KIND_SHIFT_OPENED, ShiftClosed
from pos.models import ApprovalAction, Shift, TenderKind
from pos.shifts import close_shift, move_cash, open_drawer, open_shift, shift_report
from pos.staff import ApprovalRequired, approve
from sync.journal import JournalEntry
from tests.factories import KOPI_EAN, MADU_EAN
from tests.pos.conftest import MANAJER_PIN


def sell(outlet: OutletContext, shift: Shift, code: str, tenders: list[TenderInput]) -> None:
    cart = new_cart("kasir", started_at=outlet.clock.now(), shift_id=shift.id)
    with outlet.store.read() as session:
        carts.scan(session, cart, code)
    complete_sale(outlet, cart, tenders)


def test_one_open_shift_at_a_time(outlet: OutletContext, shift: Shift) -> None:
    with pytest.raises(ConflictError) as raised:
        open_shift(outlet, cashier="manajer", opening_float=0)
    assert raised.value.key == "shift.already_open"
    with pytest.raises(InvalidInputError):
        close_shift(outlet, shift_id=shift.id, counts={"n3000": 1}, closed_by="kasir")
    assert shift_report(outlet).shift.closed_at is None


def test_x_and_z_reports_from_the_shift_lists(
    outlet: OutletContext, shift: Shift, products: dict[str, Product]
) -> None:
    sell(outlet, shift, KOPI_EAN, [TenderInput.cash(100_000)])  # 65.000 cash
    sell(outlet, shift, MADU_EAN, [TenderInput.qris(85_000, "Q1")])
    move_cash(
        outlet,
        shift_id=shift.id,
        kind="in",
        amount=50_000,
        reason="tukar uang kecil",
        actor="kasir",
    )
    move_cash(
        outlet, shift_id=shift.id, kind="out", amount=30_000, reason="beli plastik", actor="kasir"
    )
    with pytest.raises(InvalidInputError) as raised:
        move_cash(
            outlet, shift_id=shift.id, kind="out", amount=10_000_000, reason="x", actor="kasir"
        )
    assert raised.value.key == "shift.not_enough_cash"

    x = shift_report(outlet)
    assert not x.closed
    assert (x.summary.sales_count, x.summary.gross, x.summary.net) == (2, 150_000, 150_000)
    expected = 200_000 + 65_000 + 50_000 - 30_000
    assert x.summary.cash_expected == expected
    tenders = {t.tender: t.net for t in x.summary.per_tender}
    assert tenders == {TenderKind.CASH: 65_000, TenderKind.QRIS: 85_000}

    z = close_shift(
        outlet,
        shift_id=shift.id,
        counts={"n100000": 2, "n50000": 1, "n20000": 1, "n10000": 1, "c500": 1},
        closed_by="kasir",
    )
    assert z.closed
    assert z.summary.cash_counted == 280_500
    assert z.summary.variance == 280_500 - expected
    assert len(z.summary.sale_ids) == 2 and len(z.summary.cash_movement_ids) == 2
    with outlet.store.read() as session:
        kinds = session.execute(select(JournalEntry.kind)).scalars().all()
        closed = session.execute(
            select(JournalEntry).where(JournalEntry.kind == KIND_SHIFT_CLOSED)
        ).scalar_one()
    assert kinds.count(KIND_SHIFT_OPENED) == 1 and kinds.count(KIND_CASH_MOVEMENT) == 2
    assert ShiftClosed.model_validate_json(closed.payload).summary == z.summary
    # The report of a closed shift reads the same later.
    assert shift_report(outlet, "last").summary == z.summary


def test_open_drawer_needs_approval(outlet: OutletContext, shift: Shift) -> None:
    with pytest.raises(ApprovalRequired):
        open_drawer(outlet, shift_id=shift.id, actor="kasir", approval=None)
    approval = approve(
        outlet,
        username="manajer",
        pin=MANAJER_PIN,
        action=ApprovalAction.OPEN_DRAWER,
        reason="tukar uang",
        requested_by="kasir",
    )
    job = open_drawer(outlet, shift_id=shift.id, actor="kasir", approval=approval)
    assert job.open_drawer and not job.ops and not job.cut
