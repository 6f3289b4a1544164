"""The cart on the sale screen: its lines as a table, and its totals beside them."""

from __future__ import annotations

from rich.text import Text
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

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_column("#", key="no", width=3)
        self.add_column(t("tui.cart.name"), key="name", width=36)
        self.add_column(t("tui.cart.quantity"), key="quantity", width=8)
        self.add_column(t("tui.cart.price"), key="price", width=11)
        self.add_column(t("tui.cart.discount"), key="discount", width=9)
        self.add_column(t("tui.cart.amount"), key="amount", width=12)

    @staticmethod
    def cells(number: int, line: CartLine) -> list[str | Text]:
        """The table cells of one line."""
        return [
            str(number),
            line.name,
            Text(format_quantity(line.quantity, line.unit), justify="right"),
            Text(format_rupiah(line.unit_price), justify="right"),
            Text(discount_text(line), justify="right"),
            Text(format_rupiah(line.net), justify="right"),
        ]

    def show(self, cart: Cart | None, *, select: int | None = None) -> None:
        """Redraw for ``cart``; only the rows that changed are touched."""
        lines = cart.lines if cart else []
        keys = [line.id for line in lines]
        if [row.value for row in self.rows] != keys:
            self.clear()
            for number, line in enumerate(lines, start=1):
                self.add_row(*self.cells(number, line), key=line.id)
        else:
            for number, line in enumerate(lines, start=1):
                for column, value in zip(self.columns, self.cells(number, line), strict=True):
                    self.update_cell(line.id, column, value)
        if lines:
            row = len(lines) - 1 if select is None else max(0, min(select, len(lines) - 1))
            self.move_cursor(row=row, animate=False)

    def append_or_update(self, cart: Cart, index: int) -> None:
        """The fast path of a scan: one line added at the end, or one line changed."""
        line = cart.lines[index]
        same_row = (
            index < self.row_count
            and self.coordinate_to_cell_key(Coordinate(index, 0)).row_key == line.id
        )
        if index == self.row_count and len(cart.lines) == self.row_count + 1:
            self.add_row(*self.cells(index + 1, line), key=line.id)
        elif same_row:
            for column, value in zip(self.columns, self.cells(index + 1, line), strict=True):
                self.update_cell(line.id, column, value)
        else:
            self.show(cart, select=index)
            return
        self.move_cursor(row=index, animate=False)


class TotalsPanel(Vertical):
    """Subtotal, discounts, PPN and the total in large digits."""

    def compose(self) -> ComposeResult:
        yield Static("", id="totals-lines")
        yield Label(t("tui.totals.total"), classes="total-label")
        yield Digits("0", id="total")

    def show(self, cart: Cart | None, ppn_mode: str) -> None:
        """Redraw for ``cart``."""
        if cart is None or cart.is_empty:
            self.query_one("#totals-lines", Static).update(t("tui.totals.empty"))
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
        width = 30
        text = "\n".join(f"{left}{right.rjust(width - len(left))}" for left, right in rows)
        self.query_one("#totals-lines", Static).update(text)
        self.query_one("#total", Digits).update(format_number(totals.goods_total))
