"""QRIS verifications from the centre to the outlet: the outlet's pull (the wire shape is in
``sync.verification_wire``).

``GET /v1/verifications?since=ID`` answers the caller's own verifications with an id above
``since``, oldest first. The outlet applies each page in one write transaction
(:func:`pos.verification.apply_verifications`, which journals every payment row it changes) and
moves its cursor in the same transaction, so a page is applied once however often it is fetched.
The cursor lives in the outlet's ``counter`` table (``sync.verifications``): a value that only
goes up, which is what that table is for.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlmodel import Session

from inventory.clock import Clock
from inventory.db import Store
from inventory.errors import NttMartError
from pos.verification import Verification, apply_verifications
from sync.verification_wire import VerificationDelta

if TYPE_CHECKING:
    from sync.transport import CentralClient

PAGE = 500
CURSOR = "sync.verifications"


def cursor(session: Session) -> int:
    """The highest verification id this outlet has applied."""
    value = session.execute(
        text("SELECT value FROM counter WHERE name = :name"), {"name": CURSOR}
    ).scalar()
    return int(value or 0)


def _advance(session: Session, value: int) -> None:
    session.execute(
        text(
            "INSERT INTO counter (name, value) VALUES (:name, :value) "
            "ON CONFLICT (name) DO UPDATE SET value = MAX(value, excluded.value)"
        ),
        {"name": CURSOR, "value": value},
    )


def apply_delta(session: Session, delta: VerificationDelta, *, outlet: str, now: datetime) -> int:
    """Apply one page in the caller's write transaction; how many payment rows changed."""
    items = [
        Verification(
            id=item.id,
            payment_id=item.payment_id,
            sale_id=item.sale_id,
            amount=item.amount,
            provider_reference=item.provider_reference,
        )
        for item in delta.items
        if item.id > cursor(session)
    ]
    changed = apply_verifications(session, items, outlet=outlet, now=now)
    _advance(session, delta.next_since)
    return changed


def pull_verifications(store: Store, client: CentralClient, *, outlet: str, clock: Clock) -> int:
    """Fetch and apply every verification after the cursor; how many payment rows changed."""
    changed = 0
    while True:
        with store.read() as session:
            since = cursor(session)
        try:
            delta = client.verifications(since, PAGE)
        except NttMartError as failure:
            if getattr(failure, "status", None) == 404:
                return changed  # a centre older than verifications: nothing to take
            raise
        with store.write() as session:
            changed += apply_delta(session, delta, outlet=outlet, now=clock.now())
        if not delta.more:
            return changed
