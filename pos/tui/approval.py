"""Running a till action that may need a manager: try it, ask for approval, try again."""

from __future__ import annotations

from collections.abc import Callable

from inventory.errors import NttMartError
from pos.staff import Approval, ApprovalRequired
from pos.tui.dialogs.approval import ApprovalDialog
from pos.tui.till_app import TillApp


def with_approval(
    app: TillApp,
    call: Callable[[Approval | None], object],
    done: Callable[[], None],
    *,
    detail: str = "",
) -> None:
    """``call(None)``; if it needs an approval, ask a manager and call again with theirs.

    ``detail`` tells the manager what exactly they approve (shown under the action's name).

    ``done`` runs once the call succeeded. Expected errors are shown to the cashier; a
    cancelled approval changes nothing; the cashier stays logged in throughout. The approval
    dialog is pushed at once, so keys typed next go to it.
    """
    try:
        call(None)
    except ApprovalRequired as needed:
        cashier = app.till.cashier.username if app.till.cashier else "?"

        def approved(approval: Approval | None) -> None:
            if approval is not None and app.attempt_ok(lambda: call(approval)):
                done()

        app.push_screen(
            ApprovalDialog(needed.action, requested_by=cashier, detail=detail), approved
        )
        return
    except NttMartError as error:
        app.bell()
        app.report(str(error))
        return
    done()
