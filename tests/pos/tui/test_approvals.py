"""Manager approvals at the till: a discount above the limit, a voided line, a cancelled sale,
and holding and recalling sales. The cashier stays logged in throughout."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select
from textual.widgets import Static

from pos.models import Approval, ApprovalAction, HeldCart, Sale, SaleLine
from pos.tui.app import PosApp
from pos.tui.dialogs.approval import ApprovalDialog
from pos.tui.dialogs.held import RecallDialog
from pos.tui.screens.sale import SaleScreen
from sync.journal import JournalEntry
from tests.factories import KOPI_EAN, MADU_EAN
from tests.pos.tui.conftest import SIZE, printed, start_selling, type_text

pytestmark = pytest.mark.timeout(60)


async def approve(
    pilot: object, manager: str = "manajer", pin: str = "9999", reason: str = ""
) -> None:
    """Fill the approval dialog: manager, Enter, PIN, Enter, reason, Enter."""
    await type_text(pilot, manager, enter=True)  # type: ignore[arg-type]
    await type_text(pilot, pin, enter=True)  # type: ignore[arg-type]
    await type_text(pilot, reason, enter=True)  # type: ignore[arg-type]


async def test_discount_above_the_limit_needs_a_manager(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        await type_text(pilot, f"2*{KOPI_EAN}", enter=True)
        await pilot.press("f4")
        await type_text(pilot, "5%", enter=True)  # within the 10% limit: no approval
        assert isinstance(app.screen, SaleScreen)
        assert app.till.cart is not None and app.till.cart.lines[0].discount_amount == 6_500

        await pilot.press("f4")
        await type_text(pilot, "25%", enter=True)
        assert isinstance(app.screen, ApprovalDialog)
        await approve(pilot, pin="1111", reason="pelanggan tetap")  # a wrong PIN
        assert isinstance(app.screen, ApprovalDialog)
        assert "PIN salah" in str(app.screen.query_one("#approval-message", Static).render())
        await type_text(pilot, "9999", enter=True)  # the reason is kept, Enter approves
        assert isinstance(app.screen, SaleScreen)
        assert app.till.cashier is not None and app.till.cashier.username == "kasir"
        assert app.till.cart.lines[0].discount_amount == 32_500

        await pilot.press("f12", "f7")  # pay the exact amount in cash
        await printed(app)
        await pilot.press("enter")

    with app.context.store.read() as session:
        line = session.exec(select(SaleLine)).one()
        approval = session.exec(select(Approval)).one()
    assert (line.discount, line.total) == (32_500, 97_500)
    assert approval.action is ApprovalAction.DISCOUNT
    assert (approval.approver, approval.requested_by) == ("manajer", "kasir")
    assert approval.reason == "pelanggan tetap" and line.discount_approval_id == approval.id


async def test_void_a_line_and_cancel_a_sale_with_approval(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        await type_text(pilot, f"{KOPI_EAN}\r{MADU_EAN}", enter=True)
        await pilot.press("f6")  # madu, the last line scanned, is selected
        assert isinstance(app.screen, ApprovalDialog)
        await pilot.press("escape")  # no approval: nothing changes
        assert app.till.cart is not None and len(app.till.cart.lines) == 2
        await pilot.press("f6")
        await approve(pilot, reason="salah scan")
        assert [line.sku for line in app.till.cart.lines] == ["KOP-BJW-250"]
        assert app.till.cart.voided[0].sku == "MDU-AMF-250"

        await pilot.press("escape")  # cancelling a sale with lines needs approval too
        await approve(pilot, reason="pelanggan batal")
        assert app.till.cart is None

    with app.context.store.read() as session:
        entry = session.exec(
            select(JournalEntry).where(JournalEntry.kind == "sale.cancelled")
        ).one()
        actions = sorted(a.action.value for a in session.exec(select(Approval)).all())
        assert session.exec(select(Sale)).first() is None
    cancelled = json.loads(entry.payload)
    assert [line["sku"] for line in cancelled["lines"]] == ["KOP-BJW-250"]
    assert cancelled["approval"]["reason"] == "pelanggan batal"
    assert actions == ["cancel_sale"]


async def test_lowering_a_quantity_needs_a_manager_raising_it_does_not(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        await type_text(pilot, f"2*{KOPI_EAN}", enter=True)
        await pilot.press("f3")
        await type_text(pilot, "5", enter=True)  # more: no approval
        assert isinstance(app.screen, SaleScreen)
        assert app.till.cart is not None and app.till.cart.lines[0].quantity == 5

        await pilot.press("f3")
        await type_text(pilot, "1", enter=True)
        assert isinstance(app.screen, ApprovalDialog)
        detail = str(app.screen.query_one("#approval-detail", Static).render())
        assert "Kopi" in detail and "5" in detail and "1" in detail
        await pilot.press("escape")  # no approval: the quantity stays
        assert isinstance(app.screen, SaleScreen)
        assert app.till.cart.lines[0].quantity == 5 and app.till.cart.voided == []

        await pilot.press("f3")
        await type_text(pilot, "1", enter=True)
        await approve(pilot, pin="1234", reason="pelanggan batal")  # a cashier cannot approve
        assert isinstance(app.screen, ApprovalDialog)
        await pilot.press("escape")
        assert app.till.cart.lines[0].quantity == 5

        await pilot.press("f3")
        await type_text(pilot, "1", enter=True)
        await approve(pilot, reason="pelanggan batal empat")
        assert isinstance(app.screen, SaleScreen)
        assert app.till.cart.lines[0].quantity == 1
        assert "dikurangi menjadi 1" in str(app.screen.query_one("#sale-message").render())

        await pilot.press("f12", "f7")  # pay the exact amount in cash
        await printed(app)
        await pilot.press("enter")

    with app.context.store.read() as session:
        sale = session.exec(select(Sale)).one()
        line = session.exec(select(SaleLine)).one()
        approval = session.exec(select(Approval)).one()
    assert (sale.total, line.quantity) == (65_000, 1)
    assert approval.action is ApprovalAction.VOID_LINE and approval.subject == sale.id
    assert (approval.approver, approval.requested_by, approval.reason) == (
        "manajer",
        "kasir",
        "pelanggan batal empat",
    )
    voided = json.loads(approval.detail or "{}")
    assert (voided["sku"], voided["quantity"], voided["amount"]) == ("KOP-BJW-250", 4, 260_000)


async def test_hold_a_sale_serve_another_and_recall_it(app: PosApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_selling(pilot)
        await type_text(pilot, f"3*{MADU_EAN}", enter=True)
        await pilot.press("f5")
        assert app.till.cart is None
        with app.context.store.read() as session:
            assert len(session.exec(select(HeldCart)).all()) == 1

        await type_text(pilot, KOPI_EAN, enter=True)  # the next customer
        await pilot.press("f12", "f7")
        await printed(app)
        await pilot.press("enter")

        await pilot.press("f5")  # empty cart: F5 recalls
        assert isinstance(app.screen, RecallDialog)
        await pilot.press("enter")
        assert app.till.cart is not None
        assert [(line.sku, line.quantity) for line in app.till.cart.lines] == [("MDU-AMF-250", 3)]
        with app.context.store.read() as session:
            assert session.exec(select(HeldCart)).first() is None
            assert [s.total for s in session.exec(select(Sale)).all()] == [65_000]
