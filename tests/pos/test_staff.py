"""Staff: PIN login with lock-out, audit trail, and manager approvals."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from argon2 import PasswordHasher, Type
from sqlmodel import select

from inventory.clock import FixedClock
from inventory.errors import ConflictError, InvalidInputError
from inventory.models import AuditEvent
from inventory.stamp import Stamp
from pos.context import OutletContext
from pos.models import ApprovalAction, Role, Staff
from pos.staff import (
    AuthenticationError,
    add_staff,
    approve,
    authenticate,
    disable_staff,
    list_staff,
    reset_pin,
)
from sync.journal import JournalEntry
from tests.pos.conftest import KASIR_PIN, MANAJER_PIN


def audit_actions(outlet: OutletContext) -> list[str]:
    with outlet.store.read() as session:
        rows = session.execute(select(AuditEvent).order_by(AuditEvent.at)).scalars()
        return [row.action for row in rows]


def test_pin_is_stored_as_argon2id_hash(outlet: OutletContext, staff: None) -> None:
    with outlet.store.read() as session:
        row = session.get(Staff, "kasir")
    assert row is not None
    assert row.pin_hash.startswith("$argon2id$") and KASIR_PIN not in row.pin_hash


def test_login_succeeds_and_is_audited(outlet: OutletContext, staff: None) -> None:
    member = authenticate(outlet, "Kasir ", KASIR_PIN)
    assert (member.username, member.role, member.can_approve) == ("kasir", Role.CASHIER, False)
    assert audit_actions(outlet)[-1] == "staff.login"


def test_five_wrong_pins_lock_for_five_minutes(
    outlet: OutletContext, staff: None, clock: FixedClock
) -> None:
    for left in (4, 3, 2, 1):
        with pytest.raises(AuthenticationError) as raised:
            authenticate(outlet, "kasir", "0000")
        assert raised.value.key == "staff.wrong_pin"
        assert raised.value.params["attempts_left"] == left
    with pytest.raises(AuthenticationError) as raised:
        authenticate(outlet, "kasir", "0000")
    assert raised.value.key == "staff.locked"
    assert "14:05" in str(raised.value)  # 14:00 WITA + 5 minutes
    # Even the right PIN is refused while locked.
    clock.advance(timedelta(minutes=4, seconds=59))
    with pytest.raises(AuthenticationError) as raised:
        authenticate(outlet, "kasir", KASIR_PIN)
    assert raised.value.key == "staff.locked"
    clock.advance(timedelta(seconds=1))
    assert authenticate(outlet, "kasir", KASIR_PIN).username == "kasir"
    actions = audit_actions(outlet)
    assert actions.count("staff.login.failed") == 6
    assert actions.count("staff.locked") == 1
    assert actions[-1] == "staff.login"
    with outlet.store.read() as session:
        kinds = session.execute(select(JournalEntry.kind)).scalars().all()
    assert kinds.count("audit") == len(actions)


def test_unknown_and_disabled_users_are_refused(
    outlet: OutletContext, staff: None, stamp: Stamp
) -> None:
    with pytest.raises(AuthenticationError) as raised:
        authenticate(outlet, "siapa", "1234")
    assert raised.value.key == "staff.bad_credentials"
    with outlet.store.write() as session:
        disable_staff(session, stamp, "kasir")
    with pytest.raises(AuthenticationError) as raised:
        authenticate(outlet, "kasir", KASIR_PIN)
    assert raised.value.key == "staff.disabled"


def test_reset_pin_unlocks(outlet: OutletContext, staff: None, stamp: Stamp) -> None:
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            authenticate(outlet, "kasir", "0000")
    with outlet.store.write() as session:
        reset_pin(session, stamp, "kasir", "4321")
    assert authenticate(outlet, "kasir", "4321").username == "kasir"


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "", " 1234"])
def test_bad_pins_are_refused_and_nothing_is_stored(
    outlet: OutletContext, stamp: Stamp, pin: str
) -> None:
    with pytest.raises(InvalidInputError) as raised, outlet.store.write() as session:
        add_staff(session, stamp, username="budi", name="Budi", role="cashier", pin=pin)
    assert raised.value.key == "staff.bad_pin_format"
    with outlet.store.read() as session:
        assert list_staff(session) == []


def test_duplicate_username_and_bad_role(outlet: OutletContext, staff: None, stamp: Stamp) -> None:
    with pytest.raises(ConflictError), outlet.store.write() as session:
        add_staff(session, stamp, username="kasir", name="X", role="cashier", pin="1111")
    with pytest.raises(InvalidInputError) as raised, outlet.store.write() as session:
        add_staff(session, stamp, username="budi", name="X", role="boss", pin="1111")
    assert "cashier, manager, admin" in str(raised.value)


def test_manager_approval_is_audited_with_reason(outlet: OutletContext, staff: None) -> None:
    approval = approve(
        outlet,
        username="manajer",
        pin=MANAJER_PIN,
        action=ApprovalAction.VOID_LINE,
        reason="salah scan",
        requested_by="kasir",
    )
    assert (approval.approver, approval.requested_by, approval.reason) == (
        "manajer",
        "kasir",
        "salah scan",
    )
    with outlet.store.read() as session:
        event = session.execute(
            select(AuditEvent).where(AuditEvent.action == "approval.granted")
        ).scalar_one()
    assert json.loads(event.after or "{}")["action"] == "void_line"


def test_cashier_cannot_approve_and_wrong_pin_counts(outlet: OutletContext, staff: None) -> None:
    with pytest.raises(AuthenticationError) as raised:
        approve(
            outlet,
            username="kasir",
            pin=KASIR_PIN,
            action="refund",
            reason="x",
            requested_by="kasir",
        )
    assert raised.value.key == "staff.not_manager"
    with pytest.raises(AuthenticationError) as raised:
        approve(
            outlet,
            username="manajer",
            pin="0000",
            action="refund",
            reason="x",
            requested_by="kasir",
        )
    assert raised.value.key == "staff.wrong_pin"
    with outlet.store.read() as session:
        row = session.get(Staff, "manajer")
    assert row is not None and row.failed_count == 1


def test_pin_hash_uses_the_low_memory_profile(outlet: OutletContext, staff: None) -> None:
    with outlet.store.read() as session:
        row = session.get(Staff, "kasir")
    assert row is not None
    assert row.pin_hash.startswith("$argon2id$v=19$m=7168,t=5,p=1$")


def test_hash_of_another_profile_verifies_and_is_rehashed_at_login(
    outlet: OutletContext, staff: None
) -> None:
    old = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1, type=Type.ID)
    with outlet.store.write() as session:
        row = session.get(Staff, "kasir")
        assert row is not None
        row.pin_hash = old.hash(KASIR_PIN)

    with pytest.raises(AuthenticationError):
        authenticate(outlet, "kasir", "9999")
    with outlet.store.read() as session:
        row = session.get(Staff, "kasir")
        assert row is not None and "m=19456,t=2" in row.pin_hash  # a failure changes nothing

    assert authenticate(outlet, "kasir", KASIR_PIN).username == "kasir"
    with outlet.store.read() as session:
        row = session.get(Staff, "kasir")
    assert row is not None
    assert row.pin_hash.startswith("$argon2id$v=19$m=7168,t=5,p=1$")
    assert authenticate(outlet, "kasir", KASIR_PIN).username == "kasir"
