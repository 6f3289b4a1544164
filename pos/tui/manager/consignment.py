"""Titip jual: a producer's consignment goods (received, sold, returned, on hand), the
settlement of a period (preview, then settle, with the statement PDF), and the payout record
that closes it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from sqlmodel import Session, col, select
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label, Static

from inventory import consignment, settlements
from inventory.i18n import t
from inventory.manager_common import today_wita
from inventory.models import Producer
from inventory.money import format_rupiah
from inventory.pdf.statement import render_statement
from inventory.quantity import format_quantity
from inventory.settlements import Settlement
from inventory.stamp import Stamp
from pos.tui.manager.base import ManagerScreen, key
from pos.tui.manager.choice import ChoiceDialog
from pos.tui.manager.entry import parse_date
from pos.tui.manager.files import output_path, save
from pos.tui.manager.payout import PayoutDialog
from pos.tui.widgets.inputs import TillInput


def last_month(today: date) -> tuple[date, date]:
    """The calendar month before ``today``'s: the usual settlement period."""
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def percent(basis_points: int) -> str:
    """``1500`` -> ``15%``, ``1250`` -> ``12,5%``."""
    whole, rest = divmod(basis_points, 100)
    return f"{whole}%" if not rest else f"{whole},{rest:02d}".rstrip("0") + "%"


class ConsignmentScreen(ManagerScreen):
    """One producer's consignment goods and settlements."""

    TITLE_KEY = "manager_tui.consign.title"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("f4", "producer", "manager_tui.key.producer", "F4"),
        key("f5", "preview", "manager_tui.key.preview", "F5"),
        key("f12", "settle", "manager_tui.key.settle", "F12"),
        key("f6", "payout", "manager_tui.key.payout", "F6"),
        key("escape", "back", "manager_tui.key.back", "Esc"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.producer: Producer | None = None

    def compose_body(self) -> ComposeResult:
        start, end = last_month(today_wita(self.pos.context.clock.now()))
        yield Static("", id="consign-head")
        yield Label("", id="consign-table-title")
        yield DataTable(id="consign-lines", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="consign-period"):
            yield Label(t("manager_tui.consign.period"))
            yield TillInput(start.strftime("%d/%m/%Y"), id="consign-from", compact=True)
            yield Label(t("manager_tui.consign.until"))
            yield TillInput(end.strftime("%d/%m/%Y"), id="consign-to", compact=True)
        yield Static("", id="consign-preview", classes="manager-total")

    def on_mount(self) -> None:
        self.query_one(DataTable).can_focus = False
        self.query_one("#consign-from", Input).focus()
        self.action_producer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "consign-from":
            self.query_one("#consign-to", Input).focus()
        else:
            self.action_preview()

    @work(exclusive=True, group="manager")
    async def action_producer(self) -> None:
        """F4: choose the producer."""
        producers = self.read(
            lambda session, _: list(session.exec(select(Producer).order_by(col(Producer.name))))
        )
        if producers is None:
            return
        chosen = await self.pos.push_screen_wait(
            ChoiceDialog(
                t("manager_tui.consign.choose_producer"), [(p.id, p.name) for p in producers]
            )
        )
        if chosen is None:
            if self.producer is None:
                self.dismiss()
            return
        self.producer = next(p for p in producers if p.id == chosen)
        self.show_summary()
        self.query_one("#consign-from", Input).focus()

    def columns(self, *columns: tuple[str, str, int]) -> DataTable[str | Text]:
        """The table emptied, with ``columns`` (key, label, width)."""
        table: DataTable[str | Text] = self.query_one(DataTable)
        table.clear(columns=True)
        for column, label, width in columns:
            table.add_column(label, key=column, width=width)
        return table

    def show_summary(self) -> None:
        """Received, sold, returned and on hand of each of the producer's consignment goods."""
        producer = self.producer
        if producer is None:
            return
        self.query_one("#consign-head", Static).update(
            t(
                "manager_tui.consign.head",
                producer=producer.name,
                commission=percent(producer.commission_bp),
            )
        )
        rows = self.read(lambda session, _: consignment.producer_stock(session, producer.id))
        self.query_one("#consign-table-title", Label).update(t("manager_tui.consign.summary"))
        table = self.columns(
            ("sku", t("manager_tui.column.sku"), 12),
            ("name", t("manager_tui.column.name"), 32),
            ("received", t("manager_tui.column.received"), 8),
            ("sold", t("manager_tui.column.sold"), 8),
            ("returned", t("manager_tui.column.returned"), 8),
            ("on_hand", t("manager_tui.column.on_hand"), 8),
        )
        for row in rows or []:
            unit = row.unit
            table.add_row(
                row.sku,
                row.name,
                *(
                    Text(format_quantity(value, unit), justify="right")
                    for value in (row.received, row.sold, row.returned_total, row.closing)
                ),
            )
        if not rows:
            self.say(t("manager_tui.consign.no_goods", producer=producer.name))

    def period(self) -> tuple[date, date] | None:
        """The period typed in the two date fields."""
        first = self.query_one("#consign-from", Input).value
        last = self.query_one("#consign-to", Input).value
        return self.read(lambda _s, _t: (parse_date(first), parse_date(last)))

    def show_settlement(self, statement: Settlement) -> None:
        """The lines and totals of a settlement or its preview."""
        self.query_one("#consign-table-title", Label).update(
            t(
                "manager_tui.consign.sold_in",
                start=statement.period_start.strftime("%d/%m/%Y"),
                end=statement.period_end.strftime("%d/%m/%Y"),
            )
        )
        table = self.columns(
            ("sku", t("manager_tui.column.sku"), 12),
            ("name", t("manager_tui.column.name"), 36),
            ("sold", t("manager_tui.column.sold"), 8),
            ("gross", t("manager_tui.column.sales"), 14),
        )
        for line in statement.lines:
            table.add_row(
                line.sku,
                line.name + (" *" if line.estimated else ""),
                Text(format_quantity(line.quantity, line.unit), justify="right"),
                Text(format_rupiah(line.gross), justify="right"),
            )
        self.query_one("#consign-preview", Static).update(
            t(
                "manager_tui.consign.totals",
                gross=format_rupiah(statement.gross),
                rate=percent(statement.commission_bp),
                commission=format_rupiah(statement.commission),
                payable=format_rupiah(statement.payable),
            )
        )

    def action_preview(self) -> None:
        """F5 (or Enter in the period): what settling the period would pay; stores nothing."""
        producer = self.producer
        period = self.period()
        if producer is None or period is None:
            return
        cutoff = self.pos.context.settings.outlet.business_day_cutoff

        def preview(session: Session, _: Stamp) -> Settlement:
            return settlements.preview_settlement(
                session, producer_id=producer.id, start=period[0], end=period[1], cutoff=cutoff
            )

        statement = self.read(preview)
        if statement is not None:
            self.show_settlement(statement)
            self.say(t("manager_tui.consign.previewed"))

    def action_settle(self) -> None:
        """F12: settle the period; the statement PDF is saved for the producer."""
        producer = self.producer
        period = self.period()
        if producer is None or period is None:
            return
        cutoff = self.pos.context.settings.outlet.business_day_cutoff

        def settle(session: Session, stamp: Stamp) -> Settlement:
            return settlements.settle(
                session,
                stamp,
                producer_id=producer.id,
                start=period[0],
                end=period[1],
                cutoff=cutoff,
            )

        statement = self.write(settle)
        if statement is None or statement.number is None:
            return
        path = save(
            output_path(self.pos.context, statement.number, "pdf"), render_statement(statement)
        )
        self.show_settlement(statement)
        self.say(
            t(
                "manager_tui.consign.settled",
                number=statement.number,
                payable=format_rupiah(statement.payable),
                path=str(path),
            )
        )

    @work(exclusive=True, group="manager")
    async def action_payout(self) -> None:
        """F6: record how an unpaid settlement of the producer was paid."""
        producer = self.producer
        if producer is None:
            return
        unpaid = self.read(
            lambda session, _: settlements.list_settlements(
                session, producer_id=producer.id, unpaid_only=True
            )
        )
        if unpaid is None:
            return
        if not unpaid:
            self.say(t("manager_tui.consign.nothing_unpaid", producer=producer.name), error=True)
            return
        choices = [
            (
                row.number,
                t(
                    "manager_tui.consign.unpaid_choice",
                    number=row.number,
                    start=row.period_start.strftime("%d/%m/%Y"),
                    end=row.period_end.strftime("%d/%m/%Y"),
                    payable=format_rupiah(row.payable),
                ),
            )
            for row in unpaid
        ]
        number = await self.pos.push_screen_wait(
            ChoiceDialog(t("manager_tui.consign.choose_unpaid"), choices)
        )
        if number is None:
            return
        paid = await self.pos.push_screen_wait(PayoutDialog(number))
        if paid is not None:
            self.show_summary()
            self.say(
                t(
                    "manager_tui.consign.paid",
                    number=number,
                    payable=format_rupiah(paid.payable),
                    method=t(f"manager_tui.payout.method.{paid.payout.method.value}")
                    if paid.payout
                    else "-",
                )
            )
