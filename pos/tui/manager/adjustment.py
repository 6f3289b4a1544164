"""Stock adjustments: product, signed quantity, a reason from the list and a note; above
``[manager] adjustment_approval_above`` a manager approves with their PIN."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from sqlmodel import Session
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Label, Static

from inventory.adjustments import ADDS_STOCK, AdjustmentResult, adjust_stock, list_adjustments
from inventory.clock import format_wita
from inventory.errors import InvalidInputError
from inventory.i18n import t
from inventory.manager_common import product_by_id, resolve_product
from inventory.manager_models import AdjustmentReason
from inventory.models import Product
from inventory.money import format_rupiah
from inventory.quantity import format_quantity
from inventory.stamp import Stamp
from inventory.stock import on_hand
from pos.models import ApprovalAction
from pos.staff import Approval, record_approval
from pos.tui.dialogs.approval import ApprovalDialog
from pos.tui.manager.base import ManagerScreen, key
from pos.tui.manager.choice import ChoiceDialog
from pos.tui.manager.entry import parse_signed
from pos.tui.widgets.inputs import TillInput

NEEDS_APPROVAL = "adjustment.approval_required"
FIELDS = ("adj-code", "adj-quantity", "adj-note")


class AdjustmentScreen(ManagerScreen):
    """Damaged, lost, expired, sample (stock out) or found (stock in)."""

    TITLE_KEY = "manager_tui.adjust.title"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("f4", "reason", "manager_tui.key.reason", "F4"),
        key("f12", "save", "manager_tui.key.save", "F12"),
        key("escape", "back", "manager_tui.key.back", "Esc"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.reason: AdjustmentReason | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="manager-form", id="adj-form"):
            yield Label(t("manager_tui.adjust.code"))
            yield TillInput(id="adj-code", max_length=64, compact=True)
            yield Static("", id="adj-product")
            yield Label(t("manager_tui.adjust.quantity"))
            yield TillInput(id="adj-quantity", max_length=9, compact=True)
            yield Static(t("manager_tui.adjust.no_reason"), id="adj-reason")
            yield Label(t("manager_tui.adjust.note"))
            yield TillInput(id="adj-note", max_length=200, compact=True)
        yield Label(t("manager_tui.adjust.recent"))
        yield DataTable(id="adj-recent", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.can_focus = False
        for column, label, width in (
            ("number", t("manager_tui.column.number"), 22),
            ("time", t("manager_tui.column.time"), 16),
            ("name", t("manager_tui.column.name"), 22),
            ("quantity", t("manager_tui.column.quantity"), 6),
            ("reason", t("manager_tui.column.reason"), 10),
            ("value", t("manager_tui.column.value"), 11),
        ):
            table.add_column(label, key=column, width=width)
        self.show_recent()
        self.query_one("#adj-code", Input).focus()

    def show_recent(self) -> None:
        """The latest adjustments, newest first."""

        def recent(session: Session, _: Stamp) -> list[tuple[str, str, str, int, str, int]]:
            rows = []
            for row in list_adjustments(session, limit=20):
                product = product_by_id(session, row.product_id)
                rows.append(
                    (
                        row.number,
                        format_wita(row.at),
                        product.name,
                        row.quantity,
                        t(f"manager_tui.adjust.reason.{row.reason.value}"),
                        row.value,
                    )
                )
            return rows

        table = self.query_one(DataTable)
        table.clear()
        for number, moment, name, quantity, reason, value in self.read(recent) or []:
            table.add_row(
                number,
                moment,
                name,
                Text(str(quantity), justify="right"),
                reason,
                Text(format_rupiah(value), justify="right"),
            )

    def field(self, name: str) -> Input:
        """The input ``name``."""
        return self.query_one(f"#{name}", Input)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.input.id
        if name == "adj-code":
            self.find_product(event.value)
        elif name == "adj-quantity":
            self.action_reason()
        else:
            self.action_save()

    def find_product(self, code: str) -> None:
        """Look up the scanned or typed code and show the product with its stock."""

        def find(session: Session, _: Stamp) -> tuple[Product, int]:
            product = resolve_product(session, code)
            return product, on_hand(session, product.id)

        found = self.read(find)
        if found is None:
            self.query_one("#adj-product", Static).update("")
            return
        product, stock = found
        self.query_one("#adj-product", Static).update(
            t(
                "manager_tui.adjust.product",
                name=product.name,
                sku=product.sku,
                on_hand=format_quantity(stock, product.unit),
            )
        )
        self.say("")
        self.field("adj-quantity").focus()

    @work(exclusive=True, group="manager")
    async def action_reason(self) -> None:
        """F4 (or Enter after the quantity): the reason, from the list."""
        choices = [
            (reason.value, t(f"manager_tui.adjust.reason_choice.{reason.value}"))
            for reason in AdjustmentReason
        ]
        chosen = await self.pos.push_screen_wait(
            ChoiceDialog(t("manager_tui.adjust.choose_reason"), choices)
        )
        if chosen is not None:
            self.reason = AdjustmentReason(chosen)
            sign = "+" if self.reason in ADDS_STOCK else "-"
            self.query_one("#adj-reason", Static).update(
                t(
                    "manager_tui.adjust.reason_shown",
                    reason=t(f"manager_tui.adjust.reason.{chosen}"),
                    sign=sign,
                )
            )
        self.field("adj-note").focus()

    @work(exclusive=True, group="manager")
    async def action_save(self) -> None:
        """F12: record the adjustment (asking a manager's approval above the limit)."""
        code = self.field("adj-code").value.strip()
        if self.reason is None:
            self.say(t("manager_tui.adjust.reason_first"), error=True)
            return
        text = self.field("adj-quantity").value
        quantity = self.read(lambda _s, _t: parse_signed(text, where=code or "-"))
        if quantity is None:
            self.field("adj-quantity").focus()
            return
        reason = self.reason
        note = self.field("adj-note").value.strip() or None
        limit = self.pos.context.settings.manager.adjustment_approval_above

        def adjust(approval: Approval | None) -> AdjustmentResult | None:
            def run(session: Session, stamp: Stamp) -> AdjustmentResult:
                result = adjust_stock(
                    session,
                    stamp,
                    code=code,
                    quantity=quantity,
                    reason=reason,
                    approval_above=limit,
                    approver=approval.approver if approval else None,
                    note=note,
                )
                if approval is not None:
                    record_approval(
                        session, approval, subject=result.number, detail={"value": result.value}
                    )
                return result

            return self.write(run)

        result = adjust(None)
        error = self.last_error
        if result is None and isinstance(error, InvalidInputError) and error.key == NEEDS_APPROVAL:
            approval = await self.pos.push_screen_wait(
                ApprovalDialog(ApprovalAction.STOCK_ADJUSTMENT, requested_by=self.actor)
            )
            if approval is None:
                return
            result = adjust(approval)
        if result is None:
            self.field("adj-code").focus()  # the fields keep their values: Enter through them
            return
        for name in FIELDS:
            self.field(name).value = ""
        self.reason = None
        self.query_one("#adj-product", Static).update("")
        self.query_one("#adj-reason", Static).update(t("manager_tui.adjust.no_reason"))
        self.show_recent()
        self.say(
            t(
                "manager_tui.adjust.done",
                number=result.number,
                name=result.name,
                quantity=result.quantity,
                value=format_rupiah(result.value),
                on_hand=result.on_hand,
            )
        )
        self.field("adj-code").focus()
