"""Retur ke produsen: consignment goods going back to their producer (unsold, damaged or
expired). Choose the producer, scan or type ``N*code`` per product, F4 the reason, F12 saves
in one transaction (``return_to_producer``: movements and a ``consignment.return`` entry)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from sqlmodel import Session, col, select
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Label, Static

from inventory.consignment import ProducerReturnResult, consignment_since, return_to_producer
from inventory.errors import InvalidInputError
from inventory.i18n import t
from inventory.manager_common import check_quantity, resolve_product
from inventory.manager_models import ReturnReason
from inventory.models import Producer
from inventory.stamp import Stamp
from inventory.stock import on_hand
from pos.tui.manager.base import ManagerScreen, key
from pos.tui.manager.choice import ChoiceDialog
from pos.tui.manager.entry import parse_entry
from pos.tui.widgets.inputs import TillInput


@dataclass
class ReturnLine:
    """A product going back and how many."""

    code: str
    sku: str
    name: str
    on_hand: int
    quantity: int


class ReturnsScreen(ManagerScreen):
    """Goods given back to their producer."""

    TITLE_KEY = "returns_tui.title"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("f4", "reason", "manager_tui.key.reason", "F4"),
        key("f5", "producer", "manager_tui.key.producer", "F5"),
        key("f6", "remove", "manager_tui.key.remove", "F6"),
        key("f12", "save", "manager_tui.key.save", "F12"),
        key("escape", "back", "manager_tui.key.back", "Esc"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.producer: Producer | None = None
        self.reason: ReturnReason | None = None
        self.lines: list[ReturnLine] = []

    def compose_body(self) -> ComposeResult:
        yield Static("", id="ret-header")
        with Vertical(classes="manager-form", id="ret-form"):
            yield Label(t("returns_tui.scan"))
            yield TillInput(id="ret-scan", max_length=64, compact=True)
            yield Label(t("manager_tui.adjust.note"))
            yield TillInput(id="ret-note", max_length=200, compact=True)
        yield DataTable(id="ret-lines", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for column, label, width in (
            ("sku", t("manager_tui.column.sku"), 16),
            ("name", t("manager_tui.column.name"), 36),
            ("on_hand", t("manager_tui.column.on_hand"), 8),
            ("quantity", t("manager_tui.column.quantity"), 8),
        ):
            table.add_column(label, key=column, width=width)
        self.show()
        self.action_producer()

    def show(self) -> None:
        """Redraw the header (producer, reason) and the lines."""
        self.query_one("#ret-header", Static).update(
            t(
                "returns_tui.header",
                producer=self.producer.name if self.producer else "-",
                reason=t(f"returns_tui.reason.{self.reason.value}") if self.reason else "-",
            )
        )
        table = self.query_one(DataTable)
        table.clear()
        for line in self.lines:
            table.add_row(
                line.sku,
                line.name,
                Text(str(line.on_hand), justify="right"),
                Text(str(line.quantity), justify="right"),
            )
        if self.lines:
            table.move_cursor(row=len(self.lines) - 1)

    def focus_scan(self) -> None:
        """Give the scan field the focus."""
        self.query_one("#ret-scan", Input).focus()

    @work(exclusive=True, group="manager")
    async def action_producer(self) -> None:
        """F5 (and on opening): the producer whose goods go back; their consignment goods only."""

        def consigning(session: Session, _: Stamp) -> list[Producer]:
            producers = session.exec(select(Producer).order_by(col(Producer.name))).all()
            return [p for p in producers if consignment_since(session, p.id)]

        producers = self.read(consigning)
        if producers is None:
            return
        if not producers:
            self.say(t("returns_tui.no_consignment"), error=True)
            return
        chosen = await self.pos.push_screen_wait(
            ChoiceDialog(t("returns_tui.choose_producer"), [(p.id, p.name) for p in producers])
        )
        if chosen is None:
            if self.producer is None:
                self.dismiss()
            return
        picked = next(p for p in producers if p.id == chosen)
        if self.producer is None or picked.id != self.producer.id:
            self.lines = []
        self.producer = picked
        self.show()
        self.focus_scan()

    @work(exclusive=True, group="manager")
    async def action_reason(self) -> None:
        """F4: unsold, damaged or expired."""
        choices = [(r.value, t(f"returns_tui.reason.{r.value}")) for r in ReturnReason]
        chosen = await self.pos.push_screen_wait(
            ChoiceDialog(t("returns_tui.choose_reason"), choices)
        )
        if chosen is not None:
            self.reason = ReturnReason(chosen)
            self.show()
        self.focus_scan()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "ret-scan":
            self.add(event.value)
            event.input.value = ""
        else:
            self.action_save()

    def add(self, text: str) -> None:
        """Add ``code`` (one) or ``N*code`` to the lines; a product already listed adds up."""
        if not text.strip():
            return

        def find(session: Session, _: Stamp) -> ReturnLine:
            times, code = parse_entry(text)
            quantity = check_quantity(1 if times is None else times, where=code)
            product = resolve_product(session, code)
            return ReturnLine(
                code, product.sku, product.name, on_hand(session, product.id), quantity
            )

        found = self.read(find)
        if found is None:
            return
        for line in self.lines:
            if line.sku == found.sku:
                line.quantity += found.quantity
                break
        else:
            self.lines.append(found)
        self.show()
        self.say(t("returns_tui.added", name=found.name, quantity=found.quantity))

    def action_remove(self) -> None:
        """F6: remove the selected line."""
        table = self.query_one(DataTable)
        if not self.lines:
            return
        del self.lines[min(max(table.cursor_row, 0), len(self.lines) - 1)]
        self.show()
        self.focus_scan()

    def action_save(self) -> None:
        """F12: give the goods back in one transaction (nothing is stored if refused)."""
        if self.producer is None:
            self.say(t("returns_tui.producer_first"), error=True)
            return
        if self.reason is None:
            self.say(t("returns_tui.reason_first"), error=True)
            return
        producer, reason = self.producer, self.reason
        lines = [(line.sku, line.quantity) for line in self.lines]
        note = self.query_one("#ret-note", Input).value.strip() or None

        def give_back(session: Session, stamp: Stamp) -> ProducerReturnResult:
            if not lines:
                raise InvalidInputError("consignment.no_lines")
            return return_to_producer(
                session, stamp, producer_id=producer.id, reason=reason, lines=lines, note=note
            )

        result = self.write(give_back)
        if result is None:
            self.focus_scan()
            return
        self.lines = []
        self.query_one("#ret-note", Input).value = ""
        self.show()
        self.say(
            t(
                "returns_tui.done",
                number=result.number,
                producer=result.producer_name,
                count=sum(quantity for _, _, quantity in result.lines),
            )
        )
        self.focus_scan()
