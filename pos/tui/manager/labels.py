"""Shelf labels: choose the products (scan, ``N*code`` for copies), the A4 layout (3x8 or
5x13) and save the sheet as PDF; or print the selected product's label on the receipt printer."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Input, Static

from inventory.i18n import t
from inventory.labels import PRESETS, LabelInfo, product_label
from inventory.manager_common import check_quantity
from inventory.stamp import Stamp
from pos.tui.manager.base import key
from pos.tui.manager.entry import parse_entry
from pos.tui.manager.label_offer import print_single, write_sheet
from pos.tui.manager.transfers import CURSOR_KEYS, TableScreen
from pos.tui.widgets.inputs import ScanInput


class LabelsScreen(TableScreen):
    """The labels to print, with how many of each."""

    TITLE_KEY = "manager_tui.labels.title"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("f4", "layout", "manager_tui.key.layout", "F4"),
        key("f6", "remove", "manager_tui.key.remove", "F6"),
        key("f8", "single", "manager_tui.key.single_label", "F8"),
        key("f12", "sheet", "manager_tui.key.sheet", "F12"),
        key("escape", "back", "manager_tui.key.back", "Esc"),
        *CURSOR_KEYS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sheet_layout = "3x8"
        self.labels: dict[str, tuple[LabelInfo, int]] = {}

    def compose_body(self) -> ComposeResult:
        self.sheet_layout = self.pos.context.settings.manager.label_sheet
        yield Static("", id="labels-layout")
        yield DataTable(id="labels-lines", cursor_type="row", zebra_stripes=True)
        yield ScanInput(
            id="labels-scan", placeholder=t("manager_tui.labels.scan_hint"), max_length=64
        )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.can_focus = False
        for column, label, width in (
            ("code", t("manager_tui.labels.code"), 14),
            ("name", t("manager_tui.column.name"), 34),
            ("price", t("manager_tui.column.price"), 12),
            ("origin", t("manager_tui.labels.origin"), 14),
            ("copies", t("manager_tui.labels.copies"), 6),
        ):
            table.add_column(label, key=column, width=width)
        self.show()
        self.query_one("#labels-scan", Input).focus()

    def show(self) -> None:
        """Redraw the layout line and the labels."""
        layout = PRESETS[self.sheet_layout]
        total = sum(copies for _, copies in self.labels.values())
        self.query_one("#labels-layout", Static).update(
            t(
                "manager_tui.labels.layout",
                layout=self.sheet_layout,
                per_sheet=layout.per_sheet,
                total=total,
            )
        )
        table = self.query_one(DataTable)
        table.clear()
        for code, (label, copies) in self.labels.items():
            table.add_row(
                code,
                label.name,
                Text(label.price_text, justify="right"),
                label.origin_text,
                Text(str(copies), justify="right"),
            )
        if table.row_count:
            table.move_cursor(row=table.row_count - 1)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value
        if not text.strip():
            return

        def find(session: Session, _: Stamp) -> tuple[str, LabelInfo, int]:
            copies, code = parse_entry(text)
            label = product_label(session, code)
            count = check_quantity(1 if copies is None else copies, where=code)
            return label.barcode or label.sku, label, count

        found = self.read(find)
        if found is None:
            return
        key_code, label, copies = found
        previous = self.labels.get(key_code, (label, 0))[1]
        self.labels[key_code] = (label, previous + copies)
        self.show()
        self.say(t("manager_tui.receiving.added", name=label.name))

    def action_layout(self) -> None:
        """F4: the other A4 layout."""
        names = sorted(PRESETS)
        self.sheet_layout = names[(names.index(self.sheet_layout) + 1) % len(names)]
        self.show()

    def selected(self) -> str | None:
        """The code of the selected line."""
        codes = list(self.labels)
        if not codes:
            self.say(t("manager_tui.labels.empty"), error=True)
            return None
        return codes[min(self.query_one(DataTable).cursor_row, len(codes) - 1)]

    def action_remove(self) -> None:
        """F6: take the selected product off."""
        code = self.selected()
        if code is not None:
            del self.labels[code]
            self.show()

    def action_sheet(self) -> None:
        """F12: every label on A4 sheets, saved as PDF."""
        if not self.labels:
            self.say(t("manager_tui.labels.empty"), error=True)
            return
        requests = [(code, copies) for code, (_, copies) in self.labels.items()]
        path = write_sheet(self, requests, self.sheet_layout)
        if path is not None:
            self.say(t("manager_tui.labels.sheet_saved", path=str(path)))

    def action_single(self) -> None:
        """F8: the selected product's label on the receipt printer."""
        code = self.selected()
        if code is not None:
            sent = print_single(self, [code])
            self.say(t("manager_tui.labels.printing", count=sent))
