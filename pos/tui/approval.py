"""Running a till action that may need a manager: try it, ask for approval, try again."""

from __future__ import annotations

from collections.abc import Callable

from inventory.errors import NttMartError
from pos.staff import Approval, ApprovalRequired
from pos.tui.dialogs.approval import ApprovalDialog
from pos.tui.till_app import TillApp


async def with_approval(app: TillApp, call: Callable[[Approval | None], object]) -> bool:
    """``call(None)``; if it needs an approval, ask a manager and call again with theirs.

    Must run in a worker (it waits for the dialog). Returns whether the call succeeded:
    expected errors are shown to the cashier, a cancelled approval changes nothing, and the
    cashier stays logged in throughout.
    """
    try:
        call(None)
    except ApprovalRequired as needed:
        action = needed.action
    except NttMartError as error:
        app.bell()
        app.report(str(error))
        return False
    else:
        return True
    cashier = app.till.cashier.username if app.till.cashier else "?"
    approval = await app.push_screen_wait(ApprovalDialog(action, requested_by=cashier))
    if approval is None:
        return False
    return app.attempt_ok(lambda: call(approval))
