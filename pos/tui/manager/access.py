"""The way into the manager's screens from the till: F11 on the sale screen, shown in the footer
for managers and admins only, and the certificate warnings a manager sees at login.

The sale screen and the login screen call these few functions and know nothing else of the
manager's screens.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.binding import Binding
from textual.screen import Screen

from inventory.certs import expiring_certificates
from inventory.i18n import t
from inventory.manager_common import today_wita
from pos.staff import StaffMember
from pos.tui.state import Till
from pos.tui.till_app import TillApp
from sync import journal

KEY = "f11"
ACTION = "manager"
MAX_NAMED = 5  # rows named in the login warning; the command lists them all


def manager_binding() -> Binding:
    """F11 "Manajer" (add to a screen's ``BINDINGS``; its action is ``manager``)."""
    return Binding(KEY, ACTION, "manager_tui.key.manager", key_display="F11", priority=True)


def may_manage(till: Till) -> bool:
    """Whether the member of staff at the till is a manager or an admin."""
    return till.cashier is not None and till.cashier.can_approve


def show_manager_key(screen: Screen[Any], till: Till) -> None:
    """Show F11 in ``screen``'s footer only to managers and admins (call it in ``compose``).

    The key stays bound for everyone, so a cashier who presses it is told why nothing opens.
    """
    table = screen._bindings.key_to_bindings
    allowed = may_manage(till)
    table[KEY] = [
        replace(binding, show=allowed) if binding.action == ACTION else binding
        for binding in table.get(KEY, [])
    ]


def open_manager_menu(app: TillApp) -> None:
    """F11: the manager's menu, or a clear refusal for anyone else."""
    if not may_manage(app.till):
        app.bell()
        member = app.till.cashier
        app.report(t("manager_tui.refused", name=member.name if member else "-"))
        return
    from pos.tui.manager.menu import ManagerMenuScreen

    app.push_screen(ManagerMenuScreen())


def warn_certificates(app: TillApp, member: StaffMember) -> None:
    """At a manager's login: the certificates expiring within ``[manager] cert_warning_days``
    (or already expired), if there are any."""
    if not member.can_approve:
        return
    context = app.context
    with context.store.read() as session:
        warnings = expiring_certificates(
            session,
            today=today_wita(context.clock.now()),
            within_days=context.settings.manager.cert_warning_days,
        )
    if warnings:
        from pos.tui.manager.certificates import CertificateDialog

        app.push_screen(CertificateDialog(warnings))


def warn_catalog_conflicts(app: TillApp, member: StaffMember) -> None:
    """At a manager's login: catalog changes from the centre held back because the row was
    edited here (the pull never overwrites a local edit), with the command that settles them."""
    if not member.can_approve:
        return
    with app.context.store.read() as session:
        held = journal.open_catalog_conflicts(session)
    if not held:
        return
    names = ", ".join(name for _, name, _ in held[:MAX_NAMED])
    more = len(held) - MAX_NAMED
    if more > 0:
        names += " " + t("manager_warn.more", count=more)
    app.report(t("manager_warn.catalog_conflicts", count=len(held), names=names), error=False)
