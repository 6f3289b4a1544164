"""Transfers between outlets: the list (sent and incoming), sending goods, and confirming what
actually arrived of an incoming transfer."""

from __future__ import annotations

import re
from typing import ClassVar

from rich.text import Text
from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Input, Static

from inventory import transfers
from inventory.clock import format_wita
from inventory.documents import TransferDoc
from inventory.i18n import t
from inventory.manager_common import resolve_product
from inventory.manager_models import TransferDirection, TransferStatus
from inventory.models import Product
from inventory.quantity import Unit, format_quantity
from inventory.stamp import Stamp
from inventory.stock import on_hand
from inventory.transfers import TransferView
from pos.tui.manager.base import ManagerScreen, key
from pos.tui.manager.entry import parse_entry, parse_quantity
from pos.tui.widgets.inputs import ScanInput, TillInput

CURSOR_KEYS: list[BindingType] = [
    Binding("up", "cursor(-1)", show=False, priority=True),
    Binding("down", "cursor(1)", show=False, priority=True),
]


class TableScreen(ManagerScreen):
    """A manager screen whose table's cursor moves with the arrows while a field has focus."""

    def action_cursor(self, step: int) -> None:
        """Move the selection."""
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=min(max(table.cursor_row + step, 0), table.row_count - 1))


class TransfersScreen(TableScreen):
    """Every transfer, newest first; Enter on an incoming one confirms what arrived."""

    TITLE_KEY = "manager_tui.transfer.title"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("f2", "send", "manager_tui.key.send", "F2"),
        key("enter", "confirm", "manager_tui.key.confirm_arrival", "Enter"),
        key("escape", "back", "manager_tui.key.back", "Esc"),
        *CURSOR_KEYS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.numbers: list[str] = []
        self.pending: set[str] = set()

    def compose_body(self) -> ComposeResult:
        yield Static(t("manager_tui.transfer.hint"), id="transfer-hint")
        yield DataTable(id="transfer-list", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.can_focus = False
        for column, label, width in (
            ("number", t("manager_tui.column.number"), 22),
            ("direction", t("manager_tui.transfer.direction"), 8),
            ("route", t("manager_tui.transfer.route"), 11),
            ("sent", t("manager_tui.transfer.sent_at"), 16),
            ("status", t("manager_tui.transfer.status"), 22),
        ):
            table.add_column(label, key=column, width=width)
        self.show()

    def on_screen_resume(self) -> None:
        self.show()

    def show(self) -> None:
        """Redraw the list."""
        found = self.read(lambda session, _: list(transfers.list_transfers(session)))
        table = self.query_one(DataTable)
        table.clear()
        self.numbers = []
        self.pending = set()
        for row in found or []:
            self.numbers.append(row.number)
            if row.direction is TransferDirection.IN and row.status is TransferStatus.PENDING:
                self.pending.add(row.number)
            style = "bold yellow" if row.number in self.pending else ""
            table.add_row(
                row.number,
                t(f"manager_tui.transfer.direction_{row.direction.value}"),
                f"{row.from_outlet} → {row.to_outlet}",
                format_wita(row.sent_at),
                Text(t(f"manager_tui.transfer.status_{row.status.value}"), style=style),
            )
        if not self.numbers:
            self.say(t("manager_tui.transfer.none"))

    def action_send(self) -> None:
        """F2: send goods to another outlet."""
        self.pos.push_screen(TransferSendScreen())

    def action_confirm(self) -> None:
        """Enter: confirm what arrived of the selected incoming transfer."""
        if not self.numbers:
            self.say(t("manager_tui.transfer.none"), error=True)
            return
        number = self.numbers[min(self.query_one(DataTable).cursor_row, len(self.numbers) - 1)]
        if number not in self.pending:
            self.say(t("manager_tui.transfer.not_pending", number=number), error=True)
            return
        self.pos.push_screen(TransferConfirmScreen(number))


class TransferSendScreen(TableScreen):
    """The receiving outlet's code, then the goods: each scan one more, ``N*code`` N."""

    TITLE_KEY = "manager_tui.transfer.send_title"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("f6", "remove", "manager_tui.key.remove", "F6"),
        key("f12", "send", "manager_tui.key.send", "F12"),
        key("escape", "back", "manager_tui.key.back", "Esc"),
        *CURSOR_KEYS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[str, int] = {}
        self.products: dict[str, tuple[Product, int]] = {}

    def compose_body(self) -> ComposeResult:
        yield Static(t("manager_tui.transfer.to"))
        yield TillInput(id="transfer-to", max_length=6, compact=True, classes="short")
        yield DataTable(id="transfer-lines", cursor_type="row", zebra_stripes=True)
        yield ScanInput(
            id="transfer-scan", placeholder=t("manager_tui.transfer.scan_hint"), max_length=64
        )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.can_focus = False
        for column, label, width in (
            ("sku", t("manager_tui.column.sku"), 13),
            ("name", t("manager_tui.column.name"), 36),
            ("quantity", t("manager_tui.column.quantity"), 8),
            ("on_hand", t("manager_tui.column.on_hand"), 8),
        ):
            table.add_column(label, key=column, width=width)
        self.query_one("#transfer-to", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "transfer-to":
            self.query_one("#transfer-scan", Input).focus()
        elif event.value.strip():
            self.add(event.value)

    def add(self, text: str) -> None:
        """``code`` adds one, ``N*code`` adds N (checked again when sending)."""

        def find(session: Session, _: Stamp) -> tuple[int, Product, int]:
            quantity, code = parse_entry(text)
            product = resolve_product(session, code)
            return (1 if quantity is None else quantity), product, on_hand(session, product.id)

        found = self.read(find)
        if found is None:
            return
        quantity, product, stock = found
        self.products[product.sku] = (product, stock)
        self.lines[product.sku] = self.lines.get(product.sku, 0) + quantity
        self.show()
        self.say(t("manager_tui.receiving.added", name=product.name))

    def show(self) -> None:
        """Redraw the lines."""
        table = self.query_one(DataTable)
        table.clear()
        for sku, quantity in self.lines.items():
            product, stock = self.products[sku]
            table.add_row(
                sku,
                product.name,
                Text(format_quantity(quantity, product.unit), justify="right"),
                Text(format_quantity(stock, product.unit), justify="right"),
            )
        if table.row_count:
            table.move_cursor(row=table.row_count - 1)

    def action_remove(self) -> None:
        """F6: take the selected line off."""
        if not self.lines:
            self.say(t("manager_tui.receiving.empty"), error=True)
            return
        skus = list(self.lines)
        sku = skus[min(self.query_one(DataTable).cursor_row, len(skus) - 1)]
        del self.lines[sku]
        self.show()

    def action_send(self) -> None:
        """F12: send the goods; they are in transit until the other outlet confirms."""
        target = self.query_one("#transfer-to", Input).value
        lines = list(self.lines.items())

        def send(session: Session, stamp: Stamp) -> TransferDoc:
            return transfers.send_transfer(session, stamp, to_outlet=target, lines=lines)

        doc = self.write(send)
        if doc is None:
            return
        self.lines = {}
        self.show()
        self.say(t("manager_tui.transfer.sent", number=doc.number, outlet=doc.to_outlet))


class TransferConfirmScreen(TableScreen):
    """What arrived of an incoming transfer: each line as sent unless a quantity is typed."""

    TITLE_KEY = "manager_tui.transfer.confirm_title"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("f12", "confirm", "manager_tui.key.confirm_arrival", "F12"),
        key("escape", "back", "manager_tui.key.back", "Esc"),
        *CURSOR_KEYS,
    ]

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number
        self.view: TransferView | None = None
        self.arrived: dict[str, int] = {}

    def compose_body(self) -> ComposeResult:
        yield Static("", id="confirm-head")
        yield DataTable(id="confirm-lines", cursor_type="row", zebra_stripes=True)
        yield ScanInput(
            id="confirm-quantity", placeholder=t("manager_tui.transfer.confirm_hint"), max_length=64
        )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.can_focus = False
        for column, label, width in (
            ("sku", t("manager_tui.column.sku"), 13),
            ("name", t("manager_tui.column.name"), 36),
            ("sent", t("manager_tui.transfer.sent_column"), 9),
            ("arrived", t("manager_tui.transfer.arrived_column"), 9),
        ):
            table.add_column(label, key=column, width=width)
        number = self.number
        self.view = self.read(lambda session, _: transfers.transfer_view(session, number))
        if self.view is not None:
            record = self.view.transfer
            self.arrived = {line.sku: line.sent for line in self.view.lines}
            self.query_one("#confirm-head", Static).update(
                t(
                    "manager_tui.transfer.confirm_head",
                    number=record.number,
                    outlet=record.from_outlet,
                    sent=format_wita(record.sent_at),
                    actor=record.sent_by,
                )
            )
        self.show()
        self.query_one("#confirm-quantity", Input).focus()

    def show(self, *, select: int = 0) -> None:
        """Redraw the lines with what arrived."""
        table = self.query_one(DataTable)
        table.clear()
        for line in self.view.lines if self.view else ():
            arrived = self.arrived[line.sku]
            style = "bold red" if arrived != line.sent else ""
            table.add_row(
                line.sku,
                line.name,
                Text(format_quantity(line.sent, line.unit), justify="right"),
                Text(format_quantity(arrived, line.unit), justify="right", style=style),
            )
        if table.row_count:
            table.move_cursor(row=min(select, table.row_count - 1))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.view is None or not event.value.strip():
            return
        lines = self.view.lines
        row = min(self.query_one(DataTable).cursor_row, len(lines) - 1)
        text = event.value.strip()

        def parse(session: Session, _: Stamp) -> tuple[str, int | None, Unit]:
            if re.fullmatch(r"[-+]?\d{1,6}", text):  # a quantity for the selected line
                line = lines[row]
                return line.sku, parse_quantity(text, where=line.sku, allow_zero=True), line.unit
            quantity, code = parse_entry(text)  # N*code, or a scan that selects its line
            product = resolve_product(session, code)
            if quantity is not None:
                quantity = parse_quantity(str(quantity), where=product.sku, allow_zero=True)
            return product.sku, quantity, product.unit

        found = self.read(parse)
        if found is None:
            return
        sku, quantity, unit = found
        if sku not in self.arrived:
            self.say(t("manager_tui.transfer.not_in_transfer", sku=sku), error=True)
            return
        index = next(i for i, line in enumerate(lines) if line.sku == sku)
        if quantity is None:
            self.show(select=index)
            return
        self.arrived[sku] = quantity
        self.show(select=index + 1 if index == row else index)
        self.say(
            t("manager_tui.transfer.arrived", sku=sku, quantity=format_quantity(quantity, unit))
        )

    def action_confirm(self) -> None:
        """F12: confirm; differences are kept on the lines, stock comes in for what arrived."""
        number = self.number
        arrived = dict(self.arrived)

        def confirm(session: Session, stamp: Stamp) -> TransferView:
            transfers.confirm_transfer(session, stamp, number=number, received=arrived)
            return transfers.transfer_view(session, number)

        view = self.write(confirm)
        if view is None:
            return
        self.view = view
        self.show()
        short = [line for line in view.lines if line.difference]
        self.say(t("manager_tui.transfer.confirmed", number=number, differences=len(short)))
