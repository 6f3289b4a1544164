"""Stok opname: start a full or partial count (or go on with an open one), scan (+1) or type
``N*code``, watch the variance list with its value in Rupiah, and approve it with a manager's
PIN: the variances become count corrections and the variance report is saved as PDF."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from sqlmodel import Session, col, select
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Input, Static

from inventory import stockcount
from inventory.clock import format_wita
from inventory.i18n import t
from inventory.manager_models import CountScope, CountStatus
from inventory.models import Category, Producer, Product
from inventory.money import format_rupiah
from inventory.pdf.counts import render_variance_report
from inventory.quantity import format_quantity
from inventory.stamp import Stamp
from inventory.stockcount import CountProgress, VarianceReport
from pos.models import ApprovalAction
from pos.staff import record_approval
from pos.tui.dialogs.approval import ApprovalDialog
from pos.tui.manager.base import ManagerScreen, key
from pos.tui.manager.choice import ChoiceDialog
from pos.tui.manager.entry import parse_entry
from pos.tui.manager.files import output_path, save
from pos.tui.widgets.inputs import ScanInput

NEW = "+new"


def scope_values(session: Session, scope: CountScope) -> list[str]:
    """What a partial count of ``scope`` can cover: category names, producer names, shelves."""
    if scope is CountScope.CATEGORY:
        return list(session.exec(select(Category.name).order_by(col(Category.name))))
    if scope is CountScope.PRODUCER:
        return list(session.exec(select(Producer.name).order_by(col(Producer.name))))
    shelves = session.exec(select(Product.shelf).where(col(Product.shelf).is_not(None)).distinct())
    return sorted(shelf for shelf in shelves if shelf)


class StockCountScreen(ManagerScreen):
    """Counting the shelves while the till sells on."""

    TITLE_KEY = "manager_tui.count.title"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("f4", "choose", "manager_tui.key.other_count", "F4"),
        key("f12", "approve", "manager_tui.key.approve", "F12"),
        key("escape", "back", "manager_tui.key.back", "Esc"),
        Binding("up", "cursor(-1)", show=False, priority=True),
        Binding("down", "cursor(1)", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.number: str | None = None
        self.report: VarianceReport | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("", id="count-head")
        yield DataTable(id="count-lines", cursor_type="row", zebra_stripes=True)
        yield Static("", id="count-totals", classes="manager-total")
        yield ScanInput(
            id="count-scan", placeholder=t("manager_tui.count.scan_hint"), max_length=64
        )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.can_focus = False
        for column, label, width in (
            ("sku", t("manager_tui.column.sku"), 13),
            ("name", t("manager_tui.column.name"), 31),
            ("expected", t("manager_tui.column.expected"), 8),
            ("counted", t("manager_tui.column.counted"), 8),
            ("variance", t("manager_tui.column.variance"), 8),
            ("value", t("manager_tui.column.value"), 14),
        ):
            table.add_column(label, key=column, width=width)
        self.query_one("#count-scan", Input).focus()
        self.action_choose()

    def on_screen_resume(self) -> None:
        self.query_one("#count-scan", Input).focus()

    # -- which count ----------------------------------------------------------------------------

    @work(exclusive=True, group="manager")
    async def action_choose(self) -> None:
        """F4: go on with an open count, or start a new one."""
        open_counts = self.read(
            lambda session, _: list(stockcount.list_counts(session, status=CountStatus.OPEN))
        )
        if open_counts is None:
            return
        chosen: str | None = NEW
        if open_counts:
            choices = [
                (
                    count.number,
                    t(
                        "manager_tui.count.open_choice",
                        number=count.number,
                        scope=self.scope_text(count.scope, count.scope_label),
                        started=format_wita(count.started_at),
                    ),
                )
                for count in open_counts
            ]
            choices.append((NEW, t("manager_tui.count.start_new")))
            chosen = await self.pos.push_screen_wait(
                ChoiceDialog(t("manager_tui.count.choose"), choices)
            )
        if chosen == NEW:
            chosen = await self.start()
        if chosen is None:
            if self.number is None:
                self.dismiss()
            return
        self.number = chosen
        self.refresh_report()
        self.say("")

    async def start(self) -> str | None:
        """Ask the scope (and which category, producer or shelf) and start the count."""
        scopes = [
            (scope.value, t(f"manager_tui.count.scope.{scope.value}")) for scope in CountScope
        ]
        picked = await self.pos.push_screen_wait(
            ChoiceDialog(t("manager_tui.count.choose_scope"), scopes)
        )
        if picked is None:
            return None
        scope = CountScope(picked)
        value: str | None = None
        if scope is not CountScope.FULL:
            values = self.read(lambda session, _: scope_values(session, scope))
            if values is None:
                return None
            value = await self.pos.push_screen_wait(
                ChoiceDialog(t(f"manager_tui.count.scope.{scope.value}"), [(v, v) for v in values])
            )
            if value is None:
                return None
        started = self.write(
            lambda session, stamp: stockcount.start_count(session, stamp, scope=scope, value=value)
        )
        if started is None:
            return None
        return started.number

    @staticmethod
    def scope_text(scope: CountScope, label: str | None) -> str:
        """``Rak A1``, ``Semua produk``..."""
        name = t(f"manager_tui.count.scope.{scope.value}")
        return f"{name}: {label}" if label else name

    # -- counting -------------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.count(event.value)

    def count(self, text: str) -> None:
        """A scan counts one; ``N*code`` adds a typed quantity N."""
        number = self.number
        if number is None:
            self.say(t("manager_tui.count.none_open"), error=True)
            return
        counter = self.actor

        def enter(session: Session, stamp: Stamp) -> CountProgress:
            quantity, code = parse_entry(text)
            if quantity is None:
                return stockcount.scan(session, stamp, number=number, code=code, counter=counter)
            return stockcount.enter_quantity(
                session, stamp, number=number, code=code, counter=counter, quantity=quantity
            )

        progress = self.write(enter)
        if progress is None:
            return
        self.refresh_report(select=progress.sku)
        self.say(
            t(
                "manager_tui.count.counted",
                name=progress.name,
                counted=format_quantity(progress.counted, progress.unit),
            )
        )

    def refresh_report(self, *, select: str | None = None) -> None:
        """Redraw the head, the variance list (counted products) and its totals."""
        number = self.number
        if number is None:
            return
        report = self.read(lambda session, _: stockcount.variance_report(session, number))
        if report is None:
            return
        self.report = report
        self.query_one("#count-head", Static).update(
            t(
                "manager_tui.count.head",
                number=report.number,
                scope=self.scope_text(report.scope, report.scope_label),
                started=format_wita(report.started_at),
                status=t(f"manager_tui.count.status.{report.status.value}"),
            )
        )
        table = self.query_one(DataTable)
        table.clear()
        row = 0
        for index, line in enumerate(line for line in report.lines if line.counted is not None):
            unit = line.unit
            star = " *" if line.valued_at == "price" else ""
            style = "bold red" if line.variance < 0 else ("bold green" if line.variance else "")
            table.add_row(
                line.sku,
                line.name,
                Text(
                    format_quantity(line.expected + line.moved_since_start, unit), justify="right"
                ),
                Text(format_quantity(line.counted or 0, unit), justify="right"),
                Text(format_quantity(line.variance, unit), justify="right", style=style),
                Text(format_rupiah(line.value) + star, justify="right", style=style),
            )
            if line.sku == select:
                row = index
        if table.row_count:
            table.move_cursor(row=row)
        self.query_one("#count-totals", Static).update(
            t(
                "manager_tui.count.totals",
                shortage=format_rupiah(report.shortage_value),
                surplus=format_rupiah(report.surplus_value),
                net=format_rupiah(report.net_value),
                uncounted=len(report.uncounted),
            )
        )

    def action_cursor(self, step: int) -> None:
        """Move the selection."""
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=min(max(table.cursor_row + step, 0), table.row_count - 1))

    # -- approval -------------------------------------------------------------------------------

    @work(exclusive=True, group="manager")
    async def action_approve(self) -> None:
        """F12: a manager approves the count; its variances become count corrections."""
        number = self.number
        if number is None:
            self.say(t("manager_tui.count.none_open"), error=True)
            return
        approval = await self.pos.push_screen_wait(
            ApprovalDialog(ApprovalAction.STOCK_COUNT, requested_by=self.actor)
        )
        if approval is None:
            return

        def approve(session: Session, stamp: Stamp) -> VarianceReport:
            report = stockcount.approve_count(
                session, stamp, number=number, approver=approval.approver
            )
            record_approval(
                session,
                approval,
                subject=number,
                detail={"corrections": len(report.differences), "net_value": report.net_value},
            )
            return report

        report = self.write(approve)
        if report is None:
            return
        path = save(output_path(self.pos.context, number, "pdf"), render_variance_report(report))
        self.refresh_report()
        self.say(
            t(
                "manager_tui.count.approved",
                number=number,
                corrections=len(report.differences),
                path=str(path),
            )
        )
