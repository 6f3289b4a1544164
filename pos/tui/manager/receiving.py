"""Barang masuk: choose the producer and whether the goods are bought or on consignment, scan
the lines, F12 saves. The receiving slip prints on the receipt printer, and products that got
an in-store barcode are offered labels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from sqlmodel import Session, col, select
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Input, Static

from inventory.i18n import t
from inventory.manager_common import InstoreNumbering, resolve_product
from inventory.manager_models import ReceivingMode
from inventory.models import Producer, Product
from inventory.money import format_rupiah
from inventory.quantity import Unit, format_quantity, line_amount
from inventory.receiving import ReceivingLineInput, ReceivingResult, receive
from inventory.stamp import Stamp
from pos.context import OutletContext
from pos.manager_docs import receiving_slip
from pos.print_queue import PrintOutcome, PrintStatus
from pos.tui.dialogs.search import SearchDialog
from pos.tui.manager.base import ManagerScreen, key
from pos.tui.manager.choice import ChoiceDialog
from pos.tui.manager.entry import parse_entry
from pos.tui.manager.label_offer import offer_labels
from pos.tui.manager.receiving_line import ReceivingLineDialog
from pos.tui.widgets.inputs import ScanInput

NO_PRODUCER = ""


def numbering(context: OutletContext) -> InstoreNumbering:
    """How this outlet numbers in-store barcodes (``[barcodes]`` prefix, ``[outlet]`` number)."""
    settings = context.settings
    return InstoreNumbering(
        prefix=settings.barcodes.instore_prefix, outlet_number=settings.outlet.number
    )


@dataclass(frozen=True, slots=True)
class PendingLine:
    """A line entered but not yet saved, with what the table shows of its product."""

    sku: str
    name: str
    unit: Unit
    entry: ReceivingLineInput

    @property
    def amount(self) -> int | None:
        """Quantity times price, when priced."""
        price = self.entry.unit_price
        return None if price is None else line_amount(price, self.entry.quantity, self.unit)


class ReceivingScreen(ManagerScreen):
    """Goods coming in from a producer."""

    TITLE_KEY = "manager_tui.receiving.title"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("f2", "search", "manager_tui.key.search", "F2"),
        key("f4", "setup", "manager_tui.key.producer", "F4"),
        key("f6", "remove", "manager_tui.key.remove", "F6"),
        key("f12", "save", "manager_tui.key.save", "F12"),
        key("escape", "back", "manager_tui.key.back", "Esc"),
        Binding("up", "cursor(-1)", show=False, priority=True),
        Binding("down", "cursor(1)", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.producer: Producer | None = None
        self.mode: ReceivingMode | None = None
        self.lines: list[PendingLine] = []

    def compose_body(self) -> ComposeResult:
        yield Static("", id="receiving-head")
        yield DataTable(id="receiving-lines", cursor_type="row", zebra_stripes=True)
        yield Static("", id="receiving-total", classes="manager-total")
        yield ScanInput(
            id="receiving-scan", placeholder=t("manager_tui.receiving.scan_hint"), max_length=64
        )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.can_focus = False
        for column, label, width in (
            ("sku", t("manager_tui.column.sku"), 12),
            ("name", t("manager_tui.column.name"), 30),
            ("quantity", t("manager_tui.column.quantity"), 6),
            ("price", t("manager_tui.column.price"), 11),
            ("expiry", t("manager_tui.column.expiry"), 11),
            ("amount", t("manager_tui.column.amount"), 12),
        ):
            table.add_column(label, key=column, width=width)
        self.show()
        self.focus_scan()
        self.action_setup()

    def focus_scan(self) -> None:
        """The scan field has the focus whenever no dialog is open."""
        self.query_one("#receiving-scan", Input).focus()

    def on_screen_resume(self) -> None:
        self.focus_scan()

    # -- producer and mode ------------------------------------------------------------------

    @work(exclusive=True, group="manager")
    async def action_setup(self) -> None:
        """F4: choose the producer and whether the goods are bought or consigned."""
        producers = self.read(
            lambda session, _: list(session.exec(select(Producer).order_by(col(Producer.name))))
        )
        if producers is None:
            return
        choices = [(NO_PRODUCER, t("manager_tui.receiving.no_producer"))]
        choices += [(p.id, p.name) for p in producers]
        chosen = await self.pos.push_screen_wait(
            ChoiceDialog(t("manager_tui.receiving.choose_producer"), choices)
        )
        if chosen is None:
            if self.mode is None:  # cancelled before anything was chosen: leave
                self.dismiss()
            return
        modes = [(mode.value, t(f"manager_docs.mode.{mode.value}")) for mode in ReceivingMode]
        mode = await self.pos.push_screen_wait(
            ChoiceDialog(t("manager_tui.receiving.choose_mode"), modes)
        )
        if mode is None:
            if self.mode is None:
                self.dismiss()
            return
        self.producer = next((p for p in producers if p.id == chosen), None)
        self.mode = ReceivingMode(mode)
        self.show()
        self.focus_scan()

    # -- lines ----------------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.enter(event.value)

    def enter(self, text: str) -> None:
        """A scanned or typed ``[N*]code``: find the product and ask for the line's details."""

        def find(session: Session, _: Stamp) -> tuple[int | None, Product]:
            quantity, code = parse_entry(text)
            return quantity, resolve_product(session, code)

        found = self.read(find)
        if found is not None:
            self.ask_line(found[1], found[0])

    @work(exclusive=True, group="manager")
    async def action_search(self) -> None:
        """F2: find the product by name."""
        product = await self.pos.push_screen_wait(SearchDialog())
        if product is not None:
            self.ask_line(product, None)
        else:
            self.focus_scan()

    @work(exclusive=True, group="manager")
    async def ask_line(self, product: Product, quantity: int | None) -> None:
        """Ask quantity, price, expiry and batch of ``product``; add the line."""
        if self.mode is None:
            self.say(t("manager_tui.receiving.choose_first"), error=True)
            return
        entry = await self.pos.push_screen_wait(
            ReceivingLineDialog(product, self.mode, line_no=len(self.lines) + 1, quantity=quantity)
        )
        self.focus_scan()
        if entry is None:
            return
        self.lines.append(PendingLine(product.sku, product.name, product.unit, entry))
        self.show(select=len(self.lines) - 1)
        self.say(t("manager_tui.receiving.added", name=product.name))

    def action_cursor(self, step: int) -> None:
        """Move the line selection."""
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=min(max(table.cursor_row + step, 0), table.row_count - 1))

    def action_remove(self) -> None:
        """F6: take the selected line off."""
        if not self.lines:
            self.say(t("manager_tui.receiving.empty"), error=True)
            return
        index = min(self.query_one(DataTable).cursor_row, len(self.lines) - 1)
        removed = self.lines.pop(index)
        self.show(select=max(index - 1, 0))
        self.say(t("manager_tui.receiving.removed", name=removed.name))

    def show(self, *, select: int | None = None) -> None:
        """Redraw the head, the lines and the total."""
        mode = t(f"manager_docs.mode.{self.mode.value}") if self.mode else "-"
        self.query_one("#receiving-head", Static).update(
            t(
                "manager_tui.receiving.head",
                producer=self.producer.name if self.producer else "-",
                mode=mode,
            )
        )
        table = self.query_one(DataTable)
        table.clear()
        for line in self.lines:
            entry = line.entry
            price = entry.unit_price
            amount = line.amount
            table.add_row(
                line.sku,
                line.name,
                Text(format_quantity(entry.quantity, line.unit), justify="right"),
                Text("-" if price is None else format_rupiah(price), justify="right"),
                entry.expiry_date.strftime("%d/%m/%Y") if entry.expiry_date else "",
                Text("-" if amount is None else format_rupiah(amount), justify="right"),
            )
        if select is not None and self.lines:
            table.move_cursor(row=select)
        total = sum(line.amount or 0 for line in self.lines)
        self.query_one("#receiving-total", Static).update(
            t("manager_tui.receiving.total", lines=len(self.lines), total=format_rupiah(total))
        )

    # -- saving ---------------------------------------------------------------------------------

    @work(exclusive=True, group="manager")
    async def action_save(self) -> None:
        """F12: receive the lines in one transaction, print the slip, offer labels."""
        if self.mode is None:
            self.say(t("manager_tui.receiving.choose_first"), error=True)
            return
        if not self.lines:
            self.say(t("manager_tui.receiving.empty"), error=True)
            return
        context = self.pos.context
        mode = self.mode
        producer_id = self.producer.id if self.producer else None
        entries = [line.entry for line in self.lines]

        def save(session: Session, stamp: Stamp) -> ReceivingResult:
            return receive(
                session,
                stamp,
                mode=mode,
                lines=entries,
                producer_id=producer_id,
                numbering=numbering(context),
            )

        result = self.write(save)
        if result is None:
            return
        self.lines = []
        self.show()
        self.say(t("manager_tui.receiving.saved", number=result.number))
        slip = receiving_slip(result, outlet_name=context.settings.outlet.name)

        def printed(outcome: PrintOutcome | None) -> None:
            if outcome is not None and outcome.status is PrintStatus.PRINTED:
                self.say(t("manager_tui.receiving.printed", number=result.number))
            else:
                detail = outcome.message if outcome and outcome.message else ""
                self.say(
                    t("manager_tui.receiving.not_printed", number=result.number, detail=detail),
                    error=True,
                )

        self.pos.print_document(slip, kind="receiving", reference=result.number, done=printed)
        if result.new_barcodes:
            requests = [
                (line.sku, line.quantity)
                for line in result.lines
                if line.sku in result.new_barcodes
            ]
            await offer_labels(self, requests)
        self.focus_scan()
