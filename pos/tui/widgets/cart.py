"""The cart on the sale screen: its lines as a table, and its totals beside them."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Digits, Label, Static

from inventory.i18n import t
from inventory.money import format_number, format_rupiah
from inventory.quantity import format_quantity
from pos.cart import Cart, CartLine
from pos.pricing import DiscountKind


def discount_text(line: CartLine) -> str:
    """A line discount as the table shows it: ``10%`` or ``-Rp5.000``."""
    if line.discount is None:
        return ""
    if line.discount.kind is DiscountKind.PERCENT:
        return percent_text(line.discount.value)
    return f"-{format_rupiah(line.discount_amount)}"


def percent_text(basis_points: int) -> str:
    """``1250`` basis points -> ``12,5%`` (Indonesian decimal comma)."""
    whole, fraction = divmod(basis_points, 100)
    return f"{whole}%" if not fraction else f"{whole},{fraction:02d}".rstrip("0") + "%"


class CartTable(DataTable[str | Text]):
    """The lines of the cart; the cursor row is the selected line (F3, F4, F6 act on it).

    It never takes the focus: the scan field keeps it, and the screen moves the cursor.
    """

    can_focus = False
    # Widths of every column but the name, which takes what is left.
    FIXED: ClassVar[dict[str, int]] = {"quantity": 15, "discount": 9, "amount": 11}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.name_width = 20
        self.cart: Cart | None = None
        self._select_when_measured: int | None = None

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self._add_columns()

    def _add_columns(self) -> None:
        fixed = self.FIXED
        self.add_column(t("tui.cart.name"), key="name", width=self.name_width)
        self.add_column(
            Text(t("tui.cart.quantity"), justify="right"), key="quantity", width=fixed["quantity"]
        )
        self.add_column(
            Text(t("tui.cart.discount"), justify="right"), key="discount", width=fixed["discount"]
        )
        self.add_column(
            Text(t("tui.cart.amount"), justify="right"), key="amount", width=fixed["amount"]
        )

    def on_resize(self, event: events.Resize) -> None:
        # The name takes the width the other columns leave: each column has one cell of
        # padding on either side, and a scrollbar may need two cells.
        width = self.scrollable_content_region.width - 2
        name_width = max(16, width - sum(self.FIXED.values()) - 2 * (len(self.FIXED) + 1))
        if name_width != self.name_width:
            self.name_width = name_width
            row = self.selected_row
            self.clear(columns=True)
            self._add_columns()
            self.show(self.cart, select=row)

    def row_height(self, line: CartLine) -> int:
        """One row, or two for a name longer than its column (measuring rows costs a render)."""
        return 1 if len(line.name) <= self.name_width else 2

    @staticmethod
    def cells(line: CartLine) -> list[str | Text]:
        """The table cells of one line: name, ``2 x Rp65.000``, discount, amount."""
        quantity = format_quantity(line.quantity, line.unit)
        return [
            Text(line.name),
            Text(f"{quantity} x {format_rupiah(line.unit_price)}", justify="right"),
            Text(discount_text(line), justify="right"),
            Text(format_rupiah(line.net), justify="right"),
        ]

    @property
    def selected_row(self) -> int:
        """The selected line: where the cursor is, or is about to go (a line just added)."""
        pending = self._select_when_measured
        return self.cursor_row if pending is None else pending

    def select(self, row: int) -> None:
        """Put the cursor on ``row`` now."""
        self._select_when_measured = None
        self.move_cursor(row=row, animate=False)

    def show(self, cart: Cart | None, *, select: int | None = None) -> None:
        """Redraw for ``cart``; only the rows that changed are touched."""
        self.cart = cart
        self._select_when_measured = None
        lines = cart.lines if cart else []
        keys = [line.id for line in lines]
        if [row.value for row in self.rows] != keys:
            self.clear()
            for line in lines:
                self.add_row(*self.cells(line), key=line.id, height=self.row_height(line))
        else:
            for line in lines:
                for column, value in zip(self.columns, self.cells(line), strict=True):
                    self.update_cell(line.id, column, value)
        if lines:
            self.select(len(lines) - 1 if select is None else max(0, min(select, len(lines) - 1)))

    async def _on_idle(self, event: events.Idle) -> None:
        await super()._on_idle(event)  # DataTable's own: measures new rows
        if self._select_when_measured is not None:
            row, self._select_when_measured = self._select_when_measured, None
            if row < self.row_count:
                self.move_cursor(row=row, animate=False)

    def append_or_update(self, cart: Cart, index: int) -> None:
        """The fast path of a scan: one line added at the end, or one line changed."""
        self.cart = cart
        line = cart.lines[index]
        same_row = (
            index < self.row_count
            and self.coordinate_to_cell_key(Coordinate(index, 0)).row_key == line.id
        )
        if index == self.row_count and len(cart.lines) == self.row_count + 1:
            self.add_row(*self.cells(line), key=line.id, height=self.row_height(line))
            # DataTable measures its new height when idle, and a cursor moved before that
            # scrolls only after the next repaint: on a cart longer than the table, a second
            # repaint of every visible row one frame later. Moved once the table is measured,
            # the cursor scrolls at once and the new line shows in one repaint.
            self._select_when_measured = index
            return
        if same_row:
            for column, value in zip(self.columns, self.cells(line), strict=True):
                self.update_cell(line.id, column, value)
        else:
            self.show(cart, select=index)
            return
        self.select(index)


def two_columns(rows: list[tuple[str, str]]) -> Table:
    """Labels on the left, amounts flush right, as wide as the space given."""
    table = Table.grid(expand=True)
    table.add_column()
    table.add_column(justify="right", no_wrap=True)
    for left, right in rows:
        table.add_row(left, right)
    return table


class TotalsPanel(Vertical):
    """Subtotal, discounts, PPN and the total in large digits."""

    def compose(self) -> ComposeResult:
        yield Static("", id="totals-lines")
        yield Label(t("tui.totals.total"), classes="total-label")
        yield Digits("0", id="total")

    def show(self, cart: Cart | None, ppn_mode: str) -> None:
        """Redraw for ``cart``."""
        if cart is None or cart.is_empty:
            self.query_one("#totals-lines", Static).update(t("tui.totals.empty"), layout=False)
            self.query_one("#total", Digits).update("0")
            return
        totals = cart.totals(ppn_mode)
        rows = [(t("tui.totals.items", count=len(cart.lines)), "")]
        rows.append((t("tui.totals.gross"), format_rupiah(totals.gross)))
        if totals.line_discounts:
            rows.append((t("tui.totals.line_discounts"), format_rupiah(-totals.line_discounts)))
        if totals.sale_discount:
            rows.append((t("tui.totals.sale_discount"), format_rupiah(-totals.sale_discount)))
        if totals.ppn:
            rows.append((t("tui.totals.ppn"), format_rupiah(totals.ppn)))
        self.query_one("#totals-lines", Static).update(two_columns(rows), layout=False)
        self.query_one("#total", Digits).update(format_number(totals.goods_total))
