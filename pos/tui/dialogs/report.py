"""An X or Z report on screen, as it prints; F8 prints it (again)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from inventory.i18n import t
from inventory.money import format_rupiah
from pos.receipts import render_text
from pos.reports import shift_report_document
from pos.shifts import ShiftReport
from pos.tui.dialogs.base import TillDialog
from pos.tui.widgets.cart import two_columns


class ReportDialog(TillDialog[None]):
    """Shows ``report``; a Z report also shows expected, counted and variance in large type."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f8", "print_report", "tui.key.print", key_display="F8"),
        Binding("enter", "cancel", "tui.key.close", key_display="Enter"),
    ]

    def __init__(self, report: ShiftReport, *, pdf: Path | None = None) -> None:
        super().__init__()
        self.report = report
        self.pdf = pdf

    def compose(self) -> ComposeResult:
        settings = self.pos.context.settings
        document = shift_report_document(self.report, settings)
        summary = self.report.summary
        with VerticalScroll(classes="dialog report", id="report-dialog"):
            yield Label(document.title, classes="dialog-title")
            if self.report.closed and summary.variance is not None:
                assert summary.cash_counted is not None
                rows = [
                    (t("tui.report.expected"), format_rupiah(summary.cash_expected)),
                    (t("tui.report.counted"), format_rupiah(summary.cash_counted)),
                    (t("tui.report.variance"), format_rupiah(summary.variance)),
                ]
                yield Static(two_columns(rows), id="variance", classes="variance")
            if self.pdf is not None:
                yield Static(t("tui.report.pdf", path=str(self.pdf)), classes="hint")
            yield Static(render_text(document, 48), id="report-text")

    def action_print_report(self) -> None:
        """Print the report on the receipt printer."""
        document = shift_report_document(self.report, self.pos.context.settings)
        kind = "z_report" if self.report.closed else "x_report"
        self.pos.print_document(document, kind=kind, reference=str(self.report.shift.number))
