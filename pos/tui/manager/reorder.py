"""The reorder list: products under their minimum per producer (the call list), with days of
cover and a suggested order; F5 saves it as PDF and CSV."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Static

from inventory.i18n import t
from inventory.pdf.reorder import render_reorder
from inventory.quantity import format_quantity
from inventory.reorder import ReorderGroup, reorder_list, write_reorder_csv
from pos.tui.manager.base import ManagerScreen, key
from pos.tui.manager.files import output_path, save


class ReorderScreen(ManagerScreen):
    """What to order from whom."""

    TITLE_KEY = "manager_tui.reorder.title"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("f5", "export", "manager_tui.key.export", "F5"),
        key("escape", "back", "manager_tui.key.back", "Esc"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.groups: list[ReorderGroup] = []

    def compose_body(self) -> ComposeResult:
        rules = self.pos.context.settings.manager
        yield Static(
            t(
                "manager_tui.reorder.rule",
                cover=rules.reorder_cover_days,
                history=rules.reorder_history_days,
            ),
            id="reorder-rule",
        )
        yield DataTable(id="reorder-lines", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        rules = self.pos.context.settings.manager
        table = self.query_one(DataTable)
        for column, label, width in (
            ("sku", t("manager_tui.column.sku"), 13),
            ("name", t("manager_tui.column.name"), 30),
            ("on_hand", t("manager_tui.column.on_hand"), 6),
            ("min", t("manager_tui.column.min_stock"), 6),
            ("sold", t("manager_tui.reorder.sold", days=rules.reorder_history_days), 11),
            ("cover", t("manager_tui.reorder.cover"), 7),
            ("suggested", t("manager_tui.reorder.suggested"), 7),
        ):
            table.add_column(label, key=column, width=width)
        now = self.pos.context.clock.now()
        groups = self.read(
            lambda session, _: reorder_list(
                session,
                now=now,
                cover_days=rules.reorder_cover_days,
                history_days=rules.reorder_history_days,
            )
        )
        self.groups = groups or []
        for group in self.groups:
            header = group.producer_name or t("manager_tui.reorder.no_producer")
            if group.phone:
                header += f"  ☎ {group.phone}"
            table.add_row("", Text(header, style="bold"), "", "", "", "", "")
            for line in group.lines:
                unit = line.unit
                table.add_row(
                    f"  {line.sku}",
                    line.name,
                    Text(format_quantity(line.on_hand, unit), justify="right", style="red"),
                    Text(format_quantity(line.min_stock, unit), justify="right"),
                    Text(format_quantity(line.sold, unit), justify="right"),
                    Text(
                        "-" if line.days_of_cover is None else str(line.days_of_cover),
                        justify="right",
                    ),
                    Text(format_quantity(line.suggested, unit), justify="right", style="bold"),
                )
        if not self.groups:
            self.say(t("manager_tui.reorder.none"))
        table.focus()

    def action_export(self) -> None:
        """F5: the list as PDF (to print or send) and CSV (for a spreadsheet)."""
        context = self.pos.context
        rules = context.settings.manager
        pdf = save(
            output_path(context, "pesan-ulang", "pdf"),
            render_reorder(
                self.groups,
                outlet=context.settings.outlet.name,
                now=context.clock.now(),
                cover_days=rules.reorder_cover_days,
                history_days=rules.reorder_history_days,
            ),
        )
        csv_path = output_path(context, "pesan-ulang", "csv")
        with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
            rows = write_reorder_csv(self.groups, handle)
        self.say(t("manager_tui.reorder.saved", rows=rows, pdf=str(pdf), csv=str(csv_path)))
