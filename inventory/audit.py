"""The audit log: sensitive actions with who, what, when and the state before and after.

Every event is also journaled, in the same transaction, so the centre sees it (invariant 3).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from sqlmodel import Session

from inventory.documents import KIND_AUDIT, AuditDoc
from inventory.models import AuditEvent
from inventory.stamp import Stamp
from sync import journal


def record(
    session: Session,
    stamp: Stamp,
    *,
    action: str,
    subject: str | None = None,
    before: Mapping[str, object] | None = None,
    after: Mapping[str, object] | None = None,
) -> AuditEvent:
    """Write one audit event and its journal entry in the caller's transaction."""
    event = AuditEvent(
        at=stamp.at,
        actor=stamp.actor,
        action=action,
        subject=subject,
        before=None if before is None else json.dumps(before, ensure_ascii=False, default=str),
        after=None if after is None else json.dumps(after, ensure_ascii=False, default=str),
    )
    session.add(event)
    doc = AuditDoc(
        id=event.id,
        at=stamp.at,
        actor=stamp.actor,
        action=action,
        subject=subject,
        before=None if before is None else json.loads(event.before or "null"),
        after=None if after is None else json.loads(event.after or "null"),
    )
    journal.append(session, outlet=stamp.outlet, kind=KIND_AUDIT, payload=doc, at=stamp.at)
    return event
