"""One line of a receiving: quantity, unit cost or consignment price, expiry date and batch.

Enter moves to the next field; Enter on the last one returns the line.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from inventory.errors import InvalidInputError, NttMartError
from inventory.i18n import t
from inventory.manager_models import ReceivingMode
from inventory.models import Product
from inventory.money import format_rupiah, parse_rupiah
from inventory.quantity import Unit, price_unit_label
from inventory.receiving import ReceivingLineInput
from pos.tui.dialogs.base import TillDialog
from pos.tui.manager.base import CSS
from pos.tui.manager.entry import parse_date, parse_quantity
from pos.tui.widgets.inputs import TillInput

FIELDS = ("line-quantity", "line-price", "line-expiry", "line-batch")


class ReceivingLineDialog(TillDialog[ReceivingLineInput | None]):
    """The details of one received product."""

    CSS_PATH = CSS

    def __init__(
        self, product: Product, mode: ReceivingMode, *, line_no: int, quantity: int | None
    ) -> None:
        super().__init__()
        self.product = product
        self.line_no = line_no
        self.mode = mode
        self.quantity = quantity

    def compose(self) -> ComposeResult:
        product = self.product
        unit = "" if product.unit is Unit.PIECE else f" ({product.unit.value})"
        price_key = (
            "manager_tui.receiving.cost"
            if self.mode is ReceivingMode.PURCHASE
            else "manager_tui.receiving.agreed"
        )
        default_price = product.cost if self.mode is ReceivingMode.PURCHASE else None
        with Vertical(classes="dialog manager-form", id="receiving-line"):
            yield Label(t("manager_tui.receiving.line_title"), classes="dialog-title")
            yield Label(f"{product.name} ({product.sku})")
            yield Label(
                t("manager_tui.receiving.selling_price", price=format_rupiah(product.price)),
                classes="hint",
            )
            yield Label(t("manager_tui.receiving.quantity", unit=unit))
            yield TillInput(
                str(self.quantity) if self.quantity is not None else "",
                id="line-quantity",
                max_length=9,
                compact=True,
            )
            yield Label(t(price_key, per=price_unit_label(product.unit)))
            yield TillInput(
                "" if default_price is None else str(default_price),
                id="line-price",
                max_length=15,
                compact=True,
            )
            yield Label(t("manager_tui.receiving.expiry"))
            yield TillInput(id="line-expiry", placeholder="31/12/2027", max_length=10, compact=True)
            yield Label(t("manager_tui.receiving.batch"))
            yield TillInput(id="line-batch", max_length=40, compact=True)
            yield Static("", id="line-message", classes="message")

    def on_mount(self) -> None:
        self.query_one("#line-quantity", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.input.id or ""
        if name != FIELDS[-1]:
            self.query_one(f"#{FIELDS[FIELDS.index(name) + 1]}", Input).focus()
            return
        self.submit()

    def value(self, name: str) -> str:
        """The text of field ``name``."""
        return self.query_one(f"#{name}", Input).value.strip()

    def submit(self) -> None:
        """Check the fields and return the line, or say what is wrong and where."""
        field = FIELDS[0]
        try:
            quantity = parse_quantity(self.value(field), where=str(self.line_no))
            field = FIELDS[1]
            price_text = self.value(field)
            price = parse_rupiah(price_text) if price_text else None
            if price is None and self.mode is ReceivingMode.PURCHASE:
                raise InvalidInputError(
                    "receiving.cost_required", line=self.line_no, name=self.product.name
                )
            field = FIELDS[2]
            expiry_text = self.value(field)
            expiry = parse_date(expiry_text) if expiry_text else None
        except NttMartError as error:
            self.query_one("#line-message", Static).update(str(error))
            self.pos.bell()
            self.query_one(f"#{field}", Input).focus()
            return
        self.dismiss(
            ReceivingLineInput(
                code=self.product.sku,
                quantity=quantity,
                unit_price=price,
                expiry_date=expiry,
                batch=self.value(FIELDS[3]) or None,
            )
        )
