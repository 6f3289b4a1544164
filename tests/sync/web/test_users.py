"""Console users: rules on names, roles and passwords, argon2id hashes, lock-out, sessions that
end on logout, disable and password change; and ``nttmart central user``."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, func, select

from inventory.errors import ConflictError, InvalidInputError, NotFoundError
from pos.cli import main
from pos.cli.central_users import console_options
from pos.config import CentralWebSettings
from sync.central import outlets, tables, users
from tests.conftest import FROZEN_NOW

NOW = FROZEN_NOW
POLICY = users.Policy(max_failures=3, lockout=timedelta(minutes=10))
GOOD = "kopi-bajawa-arabika"


@pytest.fixture
def with_outlet(central: Engine) -> Engine:
    outlets.add_outlet(central, code="BLU", name="NTT Mart Atambua", kabupaten="Belu", now=NOW)
    return central


def test_passwords_are_argon2id_and_rules_are_checked(with_outlet: Engine) -> None:
    added = users.add_user(
        with_outlet,
        username=" Maria.Bria ",
        name="Maria  Bria",
        role="admin",
        password=GOOD,
        now=NOW,
    )
    assert (added.username, added.name, added.role, added.outlet) == (
        "maria.bria",
        "Maria Bria",
        users.UserRole.ADMIN,
        None,
    )
    with with_outlet.connect() as connection:
        stored = connection.execute(select(tables.user.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and GOOD not in stored
    cases = [
        ({"username": "x"}, "web.user.bad_username"),
        ({"username": "1abc"}, "web.user.bad_username"),
        ({"password": "short-pw"}, "web.user.password_short"),
        ({"password": "p" * 300}, "web.user.password_long"),
        ({"username": "longname12", "password": "LONGNAME12"}, "web.user.password_is_username"),
        ({"role": "root"}, "web.user.bad_role"),
        ({"name": "  "}, "web.user.bad_name"),
        ({"role": "outlet"}, "web.user.outlet_required"),
        ({"role": "viewer", "outlet": "BLU"}, "web.user.outlet_only_for_outlet_role"),
    ]
    for change, key in cases:
        fields = {"username": "nina", "name": "Nina", "role": "viewer", "password": GOOD, **change}
        with pytest.raises(InvalidInputError) as refused:
            users.add_user(with_outlet, now=NOW, **fields)  # type: ignore[arg-type]
        assert refused.value.key == key, change
    with pytest.raises(NotFoundError, match="KPG"):
        users.add_user(
            with_outlet,
            username="kpg",
            name="K",
            role="outlet",
            outlet="KPG",
            password=GOOD,
            now=NOW,
        )
    with pytest.raises(ConflictError):
        users.add_user(
            with_outlet, username="maria.bria", name="M", role="viewer", password=GOOD, now=NOW
        )
    # Nothing but the first user was stored.
    assert [u.username for u in users.list_users(with_outlet)] == ["maria.bria"]


def test_lockout_and_unlock_by_password_change(with_outlet: Engine) -> None:
    users.add_user(with_outlet, username="nina", name="Nina", role="viewer", password=GOOD, now=NOW)
    for attempt in range(3):
        with pytest.raises(users.AuthenticationError) as refused:
            users.authenticate(
                with_outlet, username="nina", password="wrong-one!", now=NOW, policy=POLICY
            )
        assert refused.value.key == "web.login.failed", attempt
    with pytest.raises(users.AuthenticationError) as locked:
        users.authenticate(with_outlet, username="nina", password=GOOD, now=NOW, policy=POLICY)
    assert locked.value.key == "web.login.locked"
    later = NOW + timedelta(minutes=10, seconds=1)
    assert users.authenticate(with_outlet, username="NINA", password=GOOD, now=later, policy=POLICY)
    # A new password lifts a lock at once.
    for _ in range(3):
        with pytest.raises(users.AuthenticationError):
            users.authenticate(
                with_outlet, username="nina", password="wrong-one!", now=later, policy=POLICY
            )
    users.set_password(with_outlet, username="nina", password="another-good-one", now=later)
    assert users.authenticate(
        with_outlet, username="nina", password="another-good-one", now=later, policy=POLICY
    )
    with pytest.raises(users.AuthenticationError):
        users.authenticate(with_outlet, username="nina", password=GOOD, now=later, policy=POLICY)


def test_disabled_users_cannot_log_in_and_lose_their_sessions(with_outlet: Engine) -> None:
    nina = users.add_user(
        with_outlet,
        username="nina",
        name="Nina",
        role="outlet",
        outlet="BLU",
        password=GOOD,
        now=NOW,
    )
    token, session = users.open_session(with_outlet, user=nina, now=NOW, policy=POLICY)
    assert session.user.outlet == "BLU" and len(session.csrf_token) >= 32
    found = users.session_for(with_outlet, token, now=NOW, policy=POLICY)
    assert found is not None and found.user.username == "nina"
    with with_outlet.connect() as connection:
        # Only the token's hash is stored.
        stored = connection.execute(select(tables.user_session.c.id_hash)).scalar_one()
    assert token not in stored and len(stored) == 64
    users.set_enabled(with_outlet, username="nina", enabled=False)
    assert users.session_for(with_outlet, token, now=NOW, policy=POLICY) is None
    with pytest.raises(users.AuthenticationError) as refused:
        users.authenticate(with_outlet, username="nina", password=GOOD, now=NOW, policy=POLICY)
    assert refused.value.key == "web.login.disabled"
    users.set_enabled(with_outlet, username="nina", enabled=True)
    token, _ = users.open_session(with_outlet, user=nina, now=NOW, policy=POLICY)
    users.set_password(with_outlet, username="nina", password="brand-new-password", now=NOW)
    assert users.session_for(with_outlet, token, now=NOW, policy=POLICY) is None


def test_expired_sessions_are_swept(with_outlet: Engine) -> None:
    nina = users.add_user(
        with_outlet, username="nina", name="Nina", role="viewer", password=GOOD, now=NOW
    )
    users.open_session(with_outlet, user=nina, now=NOW, policy=POLICY)
    later = NOW + POLICY.session_lifetime
    users.open_session(with_outlet, user=nina, now=later, policy=POLICY)
    with with_outlet.connect() as connection:
        count = connection.execute(select(func.count()).select_from(tables.user_session)).scalar()
    assert count == 1


def _cli(postgres_url: str, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(
        main,
        ["--lang", "en", "central", "user", *args],
        input=stdin,
        env={"NTTMART_CENTRAL__DATABASE_URL": postgres_url},
    )


def test_user_commands(with_outlet: Engine, postgres_url: str) -> None:
    added = _cli(
        postgres_url,
        "add",
        "olin",
        "--name",
        "Olin Belu",
        "--role",
        "outlet",
        "--outlet",
        "BLU",
        "--password-stdin",
        stdin=GOOD + "\n",
    )
    assert added.exit_code == 0, added.output
    assert "User olin (outlet) added." in added.output
    short = _cli(
        postgres_url,
        "add",
        "vera",
        "--name",
        "Vera",
        "--role",
        "viewer",
        "--password-stdin",
        stdin="pendek\n",
    )
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    no_outlet = _cli(
        postgres_url,
        "add",
        "otto",
        "--name",
        "Otto",
        "--role",
        "outlet",
        "--password-stdin",
        stdin=GOOD + "\n",
    )
    assert no_outlet.exit_code == 1 and "--outlet CODE" in no_outlet.output
    listed = _cli(postgres_url, "list", "--json")
    assert listed.exit_code == 0
    assert [
        (u["username"], u["role"], u["outlet"], u["enabled"]) for u in json.loads(listed.output)
    ] == [("olin", "outlet", "BLU", True)]
    assert _cli(postgres_url, "disable", "olin").exit_code == 0
    assert not users.get_user(with_outlet, "olin").enabled
    assert _cli(postgres_url, "enable", "olin").exit_code == 0
    changed = _cli(postgres_url, "passwd", "olin", "--password-stdin", stdin="sasando-rote-99\n")
    assert changed.exit_code == 0, changed.output
    policy = users.Policy()
    assert users.authenticate(
        with_outlet, username="olin", password="sasando-rote-99", now=NOW, policy=policy
    )
    unknown = _cli(postgres_url, "disable", "nobody")
    assert unknown.exit_code == 1 and "There is no user 'nobody'" in unknown.output
    table = _cli(postgres_url, "list")
    assert "olin" in table.output and "Olin Belu" in table.output


def test_console_options_follow_the_config_section() -> None:
    options = console_options(
        CentralWebSettings(
            max_failures=3,
            lockout_minutes=30,
            session_minutes=120,
            idle_minutes=20,
            secure_cookies=True,
            silent_after_hours=6,
        )
    )
    assert options.policy == users.Policy(
        max_failures=3,
        lockout=timedelta(minutes=30),
        session_lifetime=timedelta(minutes=120),
        idle_timeout=timedelta(minutes=20),
    )
    assert options.secure_cookies and options.silent_after == timedelta(hours=6)
