"""Halal, PIRT and BPOM certificates expiring within ``[manager] cert_warning_days`` (or already
expired): a screen in the manager's menu, and a dialog shown to a manager at login."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static

from inventory.certs import CertificateWarning, expiring_certificates
from inventory.i18n import t
from inventory.manager_common import today_wita
from pos.tui.dialogs.base import TillDialog
from pos.tui.manager.base import CSS, ManagerScreen


class CertificateTable(DataTable[str | Text]):
    """One row per certificate: kind, number, expiry, days left, producer, what it covers."""

    def __init__(self, warnings: Sequence[CertificateWarning], **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.warnings = list(warnings)

    def on_mount(self) -> None:
        for column, label, width in (
            ("kind", t("manager_tui.certs.kind"), 5),
            ("number", t("manager_tui.certs.number"), 14),
            ("expires", t("manager_tui.certs.expires"), 10),
            ("days", t("manager_tui.certs.days"), 18),
            ("producer", t("manager_tui.certs.producer"), 18),
            ("subject", t("manager_tui.certs.subject"), 15),
        ):
            self.add_column(label, key=column, width=width)
        for warning in self.warnings:
            style = "bold red" if warning.expired else "yellow"
            days = (
                t("manager_tui.certs.expired_ago", days=-warning.days_left)
                if warning.expired
                else t("manager_tui.certs.days_left", days=warning.days_left)
            )
            subject = (
                warning.product_name or warning.product_sku or "-"
                if warning.product_sku
                else t("manager_tui.certs.products", count=warning.products)
            )
            self.add_row(
                warning.kind.value.upper(),
                warning.number,
                warning.expires_on.strftime("%d/%m/%Y"),
                Text(days, style=style),
                warning.producer_name or "-",
                subject,
            )


class CertificateDialog(TillDialog[None]):
    """Shown to a manager at login when certificates are about to lapse."""

    CSS_PATH = CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "tui.key.close"),
        Binding("enter", "cancel", "tui.key.ok", show=False, priority=True),
    ]

    def __init__(self, warnings: Sequence[CertificateWarning]) -> None:
        super().__init__()
        self.warnings = list(warnings)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="cert-dialog"):
            yield Label(t("manager_tui.certs.login_title"), classes="dialog-title")
            yield Static(t("manager_tui.certs.login_hint", count=len(self.warnings)))
            yield CertificateTable(self.warnings, id="cert-table")
            yield Static(t("manager_tui.certs.close_hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(CertificateTable).focus()


class CertificatesScreen(ManagerScreen):
    """The certificate warning list."""

    TITLE_KEY = "manager_tui.certs.title"

    def compose_body(self) -> ComposeResult:
        context = self.pos.context
        days = context.settings.manager.cert_warning_days
        with context.store.read() as session:
            warnings = expiring_certificates(
                session, today=today_wita(context.clock.now()), within_days=days
            )
        yield Static(t("manager_tui.certs.window", days=days), id="cert-window")
        yield CertificateTable(warnings, id="cert-table")
        if not warnings:
            yield Static(t("manager_tui.certs.none", days=days), id="cert-none")

    def on_mount(self) -> None:
        self.query_one(CertificateTable).focus()
