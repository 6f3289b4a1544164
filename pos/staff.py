"""Staff and manager approvals: PIN login with lock-out, and approvals recorded with the action.

PINs are 4 to 8 digits, stored as argon2id hashes (argon2-cffi). Five wrong PINs in a row lock
the account for five minutes; every login, failure and lock is written to the audit log (and so
journaled to the centre) in a transaction of its own, which commits even when the attempt fails.

A manager approves an action (void a line, cancel a sale with lines, a discount above the limit,
a refund, opening the drawer without a sale, a price override) by typing their username and PIN
without logging the cashier out: :func:`approve` checks them and returns an :class:`Approval`
that the action carries and stores with itself (:func:`record_approval`).

Functions taking an :class:`~pos.context.OutletContext` run their own write transactions;
functions taking a ``session`` run inside the caller's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlmodel import Session, col, select

from inventory import audit
from inventory.catalog import clean_text
from inventory.clock import format_wita
from inventory.errors import ConflictError, InvalidInputError, NotFoundError, NttMartError
from inventory.ids import new_id
from inventory.stamp import Stamp
from pos.context import OutletContext
from pos.documents import ApprovalDoc
from pos.models import Approval as ApprovalRow
from pos.models import ApprovalAction, Role, Staff

MAX_FAILURES = 5
LOCK_DURATION = timedelta(minutes=5)
_PIN = re.compile(r"^[0-9]{4,8}$")
_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")

# argon2id at the 7 MiB, 5-pass profile, one of OWASP's equally strong minimum settings and the one
# that needs least memory: a login must not raise the till's peak memory by the 19 MiB of the
# 2-pass profile (the console keeps that one). A PIN has few combinations whatever the hash
# costs; the lock-out is what protects it at the till. Hashes made with other parameters still
# verify and are rehashed at the next login.
_hasher = PasswordHasher(time_cost=5, memory_cost=7_168, parallelism=1, type=Type.ID)


@cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so both failures take the same time."""
    return _hasher.hash("00000000")


class AuthenticationError(NttMartError):
    """A login or approval that was refused (wrong PIN, locked, disabled, not a manager)."""


@dataclass(frozen=True, slots=True)
class StaffMember:
    """A member of staff as the till sees them (never with the PIN hash)."""

    username: str
    name: str
    role: Role
    disabled: bool = False
    locked_until: datetime | None = None

    @property
    def can_approve(self) -> bool:
        """Managers and admins approve voids, refunds, discounts above the limit..."""
        return self.role in (Role.MANAGER, Role.ADMIN)

    @classmethod
    def of(cls, row: Staff) -> StaffMember:
        """The member of staff stored in ``row``."""
        return cls(row.username, row.name, row.role, row.disabled, row.locked_until)


@dataclass(frozen=True, slots=True)
class Approval:
    """A manager's approval of one action, to be stored with that action."""

    id: str
    action: ApprovalAction
    approver: str
    approver_name: str
    requested_by: str
    reason: str
    at: datetime

    def doc(self) -> ApprovalDoc:
        """The approval as it appears in journal documents."""
        return ApprovalDoc(
            id=self.id,
            action=self.action,
            approver=self.approver,
            requested_by=self.requested_by,
            reason=self.reason,
            at=self.at,
        )

    @classmethod
    def from_doc(cls, doc: ApprovalDoc, approver_name: str = "") -> Approval:
        """An approval read back from a document (a held cart)."""
        return cls(
            doc.id, doc.action, doc.approver, approver_name, doc.requested_by, doc.reason, doc.at
        )


def check_pin(pin: str) -> str:
    """``pin`` if it is 4 to 8 digits; raises :class:`InvalidInputError` otherwise."""
    if not isinstance(pin, str) or not _PIN.match(pin):
        raise InvalidInputError("staff.bad_pin_format")
    return pin


def _check_username(username: str) -> str:
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise InvalidInputError("staff.bad_username", username=username)
    return username


def get_staff(session: Session, username: str) -> Staff:
    """The staff row of ``username``; raises :class:`NotFoundError` naming it."""
    row = session.get(Staff, username.strip().lower())
    if row is None:
        raise NotFoundError("staff.unknown", username=username)
    return row


def add_staff(
    session: Session, stamp: Stamp, *, username: str, name: str, role: Role | str, pin: str
) -> StaffMember:
    """Create a member of staff with a PIN (audited; the PIN hash is never logged)."""
    username = _check_username(username)
    name = clean_text(name, field_name="name", max_length=80)
    try:
        role = Role(role)
    except ValueError:
        raise InvalidInputError(
            "staff.bad_role", role=role, allowed=", ".join(r.value for r in Role)
        ) from None
    check_pin(pin)
    if session.get(Staff, username) is not None:
        raise ConflictError("staff.exists", username=username)
    row = Staff(
        username=username,
        name=name,
        role=role,
        pin_hash=_hasher.hash(pin),
        created_at=stamp.at,
        updated_at=stamp.at,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        stamp,
        action="staff.add",
        subject=username,
        after={"name": name, "role": role.value},
    )
    return StaffMember.of(row)


def list_staff(session: Session) -> list[StaffMember]:
    """Everyone, by username."""
    rows = session.execute(select(Staff).order_by(col(Staff.username))).scalars()
    return [StaffMember.of(row) for row in rows]


def disable_staff(session: Session, stamp: Stamp, username: str) -> StaffMember:
    """Stop ``username`` from logging in or approving (audited). Their history stays."""
    row = get_staff(session, username)
    if not row.disabled:
        row.disabled = True
        row.updated_at = stamp.at
        audit.record(
            session, stamp, action="staff.disable", subject=row.username, after={"disabled": True}
        )
    return StaffMember.of(row)


def reset_pin(session: Session, stamp: Stamp, username: str, pin: str) -> StaffMember:
    """Give ``username`` a new PIN and lift any lock (audited)."""
    check_pin(pin)
    row = get_staff(session, username)
    row.pin_hash = _hasher.hash(pin)
    row.failed_count = 0
    row.locked_until = None
    row.updated_at = stamp.at
    audit.record(session, stamp, action="staff.reset_pin", subject=row.username)
    return StaffMember.of(row)


@dataclass(frozen=True, slots=True)
class _Outcome:
    member: StaffMember | None
    error: AuthenticationError | None


def _attempt(session: Session, stamp: Stamp, username: str, pin: str, *, purpose: str) -> _Outcome:
    """Check ``username``/``pin`` and write the audit trail; never raises for a bad attempt."""
    username = username.strip().lower()
    row = session.get(Staff, username) if username else None
    failed = f"{purpose}.failed"
    if row is None:
        _verify(_dummy_hash(), pin)
        audit.record(session, stamp, action=failed, subject=username, after={"why": "unknown"})
        return _Outcome(None, AuthenticationError("staff.bad_credentials"))
    if row.disabled:
        audit.record(session, stamp, action=failed, subject=username, after={"why": "disabled"})
        return _Outcome(None, AuthenticationError("staff.disabled", username=username))
    if row.locked_until is not None and row.locked_until > stamp.at:
        audit.record(session, stamp, action=failed, subject=username, after={"why": "locked"})
        return _Outcome(
            None,
            AuthenticationError(
                "staff.locked", username=username, until=format_wita(row.locked_until)
            ),
        )
    if row.locked_until is not None:
        # The lock has run out: a fresh series of attempts starts.
        row.locked_until = None
        row.failed_count = 0
    if not _verify(row.pin_hash, pin):
        row.failed_count += 1
        row.updated_at = stamp.at
        audit.record(
            session,
            stamp,
            action=failed,
            subject=username,
            after={"why": "wrong_pin", "failed_count": row.failed_count},
        )
        if row.failed_count >= MAX_FAILURES:
            row.locked_until = stamp.at + LOCK_DURATION
            row.failed_count = 0
            audit.record(
                session,
                stamp,
                action="staff.locked",
                subject=username,
                after={"locked_until": row.locked_until.isoformat()},
            )
            return _Outcome(
                None,
                AuthenticationError(
                    "staff.locked", username=username, until=format_wita(row.locked_until)
                ),
            )
        left = MAX_FAILURES - row.failed_count
        return _Outcome(None, AuthenticationError("staff.wrong_pin", attempts_left=left))
    if row.failed_count:
        row.failed_count = 0
        row.updated_at = stamp.at
    if _hasher.check_needs_rehash(row.pin_hash):
        row.pin_hash = _hasher.hash(pin)
    return _Outcome(StaffMember.of(row), None)


def _verify(pin_hash: str, pin: str) -> bool:
    try:
        return _hasher.verify(pin_hash, pin)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def authenticate(context: OutletContext, username: str, pin: str) -> StaffMember:
    """Log ``username`` in with ``pin`` and return who they are.

    Raises :class:`AuthenticationError` for an unknown user or wrong PIN (saying how many
    attempts are left), a locked account (saying until when, in WITA) or a disabled one. The
    audit trail and the failure count are committed either way.
    """
    stamp = context.stamp(username.strip().lower() or "?")
    with context.store.write() as session:
        outcome = _attempt(session, stamp, username, pin, purpose="staff.login")
        if outcome.member is not None:
            audit.record(session, stamp, action="staff.login", subject=outcome.member.username)
    if outcome.error is not None:
        raise outcome.error
    assert outcome.member is not None
    return outcome.member


def approve(
    context: OutletContext,
    *,
    username: str,
    pin: str,
    action: ApprovalAction | str,
    reason: str,
    requested_by: str,
) -> Approval:
    """A manager's approval of ``action`` for the cashier ``requested_by``, with a reason.

    The manager's PIN is checked like a login (wrong PINs count towards the lock-out) and the
    approval or refusal is audited. Only managers and admins approve. The returned
    :class:`Approval` is stored with the action it allows (see :func:`record_approval`).
    """
    action = ApprovalAction(action)
    reason = clean_text(reason, field_name="reason", max_length=200)
    stamp = context.stamp(username.strip().lower() or "?")
    approval: Approval | None = None
    with context.store.write() as session:
        outcome = _attempt(session, stamp, username, pin, purpose="approval")
        error = outcome.error
        member = outcome.member
        if member is not None and not member.can_approve:
            audit.record(
                session,
                stamp,
                action="approval.failed",
                subject=member.username,
                after={"why": "not_manager", "action": action.value},
            )
            error = AuthenticationError("staff.not_manager", username=member.username)
        elif member is not None:
            approval = Approval(
                id=new_id(),
                action=action,
                approver=member.username,
                approver_name=member.name,
                requested_by=requested_by,
                reason=reason,
                at=stamp.at,
            )
            audit.record(
                session,
                stamp,
                action="approval.granted",
                subject=approval.id,
                after={"action": action.value, "requested_by": requested_by, "reason": reason},
            )
    if error is not None:
        raise error
    assert approval is not None
    return approval


def record_approval(
    session: Session,
    approval: Approval,
    *,
    subject: str,
    detail: Mapping[str, object] | None = None,
) -> None:
    """Store ``approval`` with the action it allowed, in that action's transaction."""
    session.add(
        ApprovalRow(
            id=approval.id,
            action=approval.action,
            approver=approval.approver,
            requested_by=approval.requested_by,
            reason=approval.reason,
            at=approval.at,
            subject=subject,
            detail=None
            if detail is None
            else json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
        )
    )


def require_approval(approval: Approval | None, action: ApprovalAction) -> Approval:
    """``approval`` if it approves ``action``; raises an error asking for one otherwise."""
    if approval is None:
        raise ApprovalRequired(action)
    if approval.action is not action:
        raise InvalidInputError(
            "approval.wrong_action", given=approval.action.value, needed=action.value
        )
    return approval


class ApprovalRequired(NttMartError):
    """The action needs a manager's approval; the UI asks for one and tries again."""

    def __init__(self, action: ApprovalAction) -> None:
        super().__init__("approval.required", action=action_label(action))
        self.action = action


def action_label(action: ApprovalAction) -> str:
    """The action's name for people, in the current language."""
    from inventory.i18n import t

    return t(f"approval.action.{action.value}")
