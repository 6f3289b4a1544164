"""The sale screen's shift keys: F9 cash in/out and the F10 menu (X report, close with a blind
count and the Z report, opening the drawer, logging out)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hardware.document import PrintDocument
from inventory.i18n import t
from inventory.money import format_rupiah
from pos import held, shifts
from pos.models import CashMovement, CashMovementKind
from pos.reports import shift_report_document
from pos.shifts import ShiftReport
from pos.tui.approval import with_approval
from pos.tui.dialogs.cash import CashDialog
from pos.tui.dialogs.count import CountDialog
from pos.tui.dialogs.report import ReportDialog
from pos.tui.dialogs.shift_menu import ShiftChoice, ShiftMenu
from pos.tui.reports import save_z_report
from pos.tui.screens.base import TillScreen

if TYPE_CHECKING:
    from pathlib import Path


class ShiftKeys(TillScreen):
    """Shift and cash control, for a screen that has a ``say`` message line."""

    def say(self, message: str, *, error: bool = False) -> None:
        """Show ``message`` to the cashier (the sale screen's message line)."""
        raise NotImplementedError

    def action_cash(self) -> None:
        """F9: cash in or out of the drawer."""
        till = self.pos.till
        assert till.cashier is not None and till.shift is not None

        def recorded(movement: CashMovement | None) -> None:
            if movement is None:
                return
            cash_in = movement.kind is CashMovementKind.CASH_IN
            key = "tui.cash.done_in" if cash_in else "tui.cash.done_out"
            self.say(t(key, amount=format_rupiah(movement.amount)))
            self.pos.refresh_status()

        self.pos.push_screen(CashDialog(till.shift.id, till.cashier.username), recorded)

    def action_shift_menu(self) -> None:
        """F10: X report, close shift, open the drawer, log out."""

        def chosen(choice: ShiftChoice | None) -> None:
            if choice is ShiftChoice.X_REPORT:
                report = self.pos.attempt(lambda: shifts.shift_report(self.pos.context))
                if report is not None:
                    self.pos.push_screen(ReportDialog(report))
            elif choice is ShiftChoice.CLOSE:
                self.close_shift()
            elif choice is ShiftChoice.OPEN_DRAWER:
                self.open_drawer()
            elif choice is ShiftChoice.LOG_OUT:
                self.log_out()

        self.pos.push_screen(ShiftMenu(), chosen)

    def open_drawer(self) -> None:
        """Open the cash drawer without a sale (a manager approves)."""
        till = self.pos.till
        assert till.cashier is not None and till.shift is not None
        shift_id, actor = till.shift.id, till.cashier.username
        kick: list[PrintDocument] = []

        def opened() -> None:
            self.pos.print_document(kick[0], kind="drawer", reference=None)
            self.say(t("tui.sale.drawer_opened"))

        with_approval(
            self.pos,
            lambda approval: kick.append(
                shifts.open_drawer(
                    self.pos.context, shift_id=shift_id, actor=actor, approval=approval
                )
            ),
            opened,
        )

    def close_shift(self) -> None:
        """Blind count, close, print and save the Z report, log out."""
        till = self.pos.till
        assert till.cashier is not None and till.shift is not None
        if till.cart is not None and not till.cart.is_empty:
            self.say(t("tui.shift.finish_sale_first"), error=True)
            return
        self.pos.push_screen(CountDialog(), self.counted)

    def counted(self, counts: dict[str, int] | None) -> None:
        """After the blind count: close the shift and show its Z report."""
        till = self.pos.till
        if counts is None or till.cashier is None or till.shift is None:
            return
        context = self.pos.context
        shift_id, closed_by = till.shift.id, till.cashier.username
        report = self.pos.attempt(
            lambda: shifts.close_shift(
                context, shift_id=shift_id, counts=counts, closed_by=closed_by
            )
        )
        if report is None:
            return
        self.report_closed(report)

    def report_closed(self, report: ShiftReport) -> None:
        """Save the Z report as PDF, print it, show it; then log out."""
        context = self.pos.context
        pdf: Path | None = self.pos.attempt(lambda: save_z_report(context, report))
        self.pos.print_document(
            shift_report_document(report, context.settings),
            kind="z_report",
            reference=str(report.shift.number),
        )
        self.pos.till.shift = None
        self.pos.push_screen(ReportDialog(report, pdf=pdf), lambda _: self.log_out())

    def log_out(self) -> None:
        """Back to the login screen; a cart in progress is held so nothing is lost."""
        cart = self.pos.till.cart
        if cart is not None and not cart.is_empty:
            context = self.pos.context
            self.pos.attempt(lambda: held.hold(context, cart))
        self.pos.till.log_out()
        self.pos.pop_screen()
