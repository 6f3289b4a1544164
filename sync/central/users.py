"""Users of the web console: accounts, password logins with lock-out, and server-side sessions.

Roles: ``admin`` sees everything and may act (POST forms); ``viewer`` sees everything and acts on
nothing; ``outlet`` sees only its own outlet. Passwords are stored as argon2id hashes
(argon2-cffi); too many wrong passwords in a row lock the account for a while. A session is a
random token in a cookie; the centre keeps only its SHA-256 with the user, expiry and the
session's CSRF token, so logging out, disabling the user or changing the password revokes it at
once on every service process.

Keyword-only service functions on an engine; each runs in its own short transaction.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, Engine, Row, delete, or_, select, update

from inventory.errors import ConflictError, InvalidInputError, NotFoundError, NttMartError
from sync.central import tables

MIN_PASSWORD = 10
# Longer passwords are refused: hashing megabytes on every login attempt would be a cheap DoS.
MAX_PASSWORD = 256
_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")
# Write a session's last_seen_at at most this often (not on every page view).
_TOUCH_EVERY = timedelta(seconds=60)

# argon2id at OWASP's minimum profile of 19 MiB and 2 passes (a server can spare the memory).
_hasher = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1, type=Type.ID)


class UserRole(StrEnum):
    """What a console user may see and do."""

    ADMIN = "admin"
    VIEWER = "viewer"
    OUTLET = "outlet"


@dataclass(frozen=True, slots=True)
class Policy:
    """Lock-out and session rules (``[central_web]`` in the config)."""

    max_failures: int = 5
    lockout: timedelta = timedelta(minutes=15)
    session_lifetime: timedelta = timedelta(hours=8)
    idle_timeout: timedelta = timedelta(hours=1)


class AuthenticationError(NttMartError):
    """A refused login: unknown user or wrong password, a locked or a disabled account."""


@dataclass(frozen=True, slots=True)
class User:
    """A console user (never with the password hash)."""

    username: str
    name: str
    role: UserRole
    outlet: str | None
    enabled: bool
    failed_count: int
    locked_until: datetime | None
    created_at: datetime
    last_login_at: datetime | None

    @property
    def can_act(self) -> bool:
        """Only admins submit forms that change something."""
        return self.role is UserRole.ADMIN

    @classmethod
    def from_row(cls, row: Row[tuple[object, ...]]) -> User:
        """Build from a ``central_user`` row."""
        data = row._mapping
        return cls(
            username=data["username"],
            name=data["name"],
            role=UserRole(data["role"]),
            outlet=data["outlet"],
            enabled=bool(data["enabled"]),
            failed_count=int(data["failed_count"]),
            locked_until=data["locked_until"],
            created_at=data["created_at"],
            last_login_at=data["last_login_at"],
        )


@dataclass(frozen=True, slots=True)
class Session:
    """A logged-in session: its user and the CSRF token its forms carry."""

    user: User
    csrf_token: str
    expires_at: datetime


@cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so both failures take the same time."""
    return _hasher.hash("not-a-password-of-anyone")


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_username(username: str) -> str:
    """``username`` lower-cased if it is 2-32 of ``a-z 0-9 . _ -`` starting with a letter."""
    cleaned = username.strip().lower()
    if not _USERNAME.match(cleaned):
        raise InvalidInputError("web.user.bad_username", username=username)
    return cleaned


def check_password(password: str, *, username: str = "") -> str:
    """``password`` if it is long enough (and not too long) and not the username."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInputError("web.user.password_short", minimum=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise InvalidInputError("web.user.password_long", maximum=MAX_PASSWORD)
    if not password.strip():
        raise InvalidInputError("web.user.password_short", minimum=MIN_PASSWORD)
    if username and password.strip().lower() == username:
        raise InvalidInputError("web.user.password_is_username")
    return password


def _check_role(role: UserRole | str) -> UserRole:
    try:
        return UserRole(role)
    except ValueError:
        raise InvalidInputError("web.user.bad_role", role=role) from None


def _user_row(
    connection: Connection, username: str, *, lock: bool = False
) -> Row[tuple[object, ...]]:
    query = select(tables.user).where(tables.user.c.username == username)
    if lock:
        query = query.with_for_update()
    row = connection.execute(query).first()
    if row is None:
        raise NotFoundError("web.user.unknown", username=username)
    return row


def add_user(
    engine: Engine,
    *,
    username: str,
    name: str,
    role: UserRole | str,
    password: str,
    now: datetime,
    outlet: str | None = None,
) -> User:
    """Create a console user; an ``outlet`` user names its (registered) outlet."""
    username = check_username(username)
    name = " ".join(name.split())
    if not name or len(name) > 120:
        raise InvalidInputError("web.user.bad_name")
    chosen = _check_role(role)
    outlet = outlet.strip().upper() if outlet else None
    if chosen is UserRole.OUTLET and not outlet:
        raise InvalidInputError("web.user.outlet_required")
    if chosen is not UserRole.OUTLET and outlet:
        raise InvalidInputError("web.user.outlet_only_for_outlet_role", role=chosen.value)
    check_password(password, username=username)
    password_hash = _hasher.hash(password)
    with engine.begin() as connection:
        if outlet is not None:
            known = connection.execute(
                select(tables.outlet.c.code).where(tables.outlet.c.code == outlet)
            ).first()
            if known is None:
                raise NotFoundError("central.unknown_outlet", code=outlet)
        exists = connection.execute(
            select(tables.user.c.username).where(tables.user.c.username == username)
        ).first()
        if exists is not None:
            raise ConflictError("web.user.exists", username=username)
        connection.execute(
            tables.user.insert().values(
                username=username,
                name=name,
                role=chosen.value,
                outlet=outlet,
                password_hash=password_hash,
                failed_count=0,
                enabled=True,
                created_at=now,
                password_changed_at=now,
            )
        )
        return User.from_row(_user_row(connection, username))


def list_users(engine: Engine) -> list[User]:
    """Every console user, by username."""
    with engine.connect() as connection:
        rows = connection.execute(select(tables.user).order_by(tables.user.c.username)).all()
    return [User.from_row(row) for row in rows]


def get_user(engine: Engine, username: str) -> User:
    """The user ``username``; :class:`NotFoundError` if there is none."""
    with engine.connect() as connection:
        return User.from_row(_user_row(connection, username.strip().lower()))


def set_enabled(engine: Engine, *, username: str, enabled: bool) -> User:
    """Enable or disable a user; disabling ends every session of theirs at once."""
    username = username.strip().lower()
    with engine.begin() as connection:
        _user_row(connection, username, lock=True)
        values: dict[str, object] = {"enabled": enabled}
        if enabled:
            values.update(failed_count=0, locked_until=None)
        connection.execute(
            update(tables.user).where(tables.user.c.username == username).values(**values)
        )
        if not enabled:
            connection.execute(
                delete(tables.user_session).where(tables.user_session.c.username == username)
            )
        return User.from_row(_user_row(connection, username))


def set_password(engine: Engine, *, username: str, password: str, now: datetime) -> User:
    """Give ``username`` a new password: unlocks the account and ends its sessions."""
    username = username.strip().lower()
    check_password(password, username=username)
    password_hash = _hasher.hash(password)
    with engine.begin() as connection:
        _user_row(connection, username, lock=True)
        connection.execute(
            update(tables.user)
            .where(tables.user.c.username == username)
            .values(
                password_hash=password_hash,
                password_changed_at=now,
                failed_count=0,
                locked_until=None,
            )
        )
        connection.execute(
            delete(tables.user_session).where(tables.user_session.c.username == username)
        )
        return User.from_row(_user_row(connection, username))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def authenticate(
    engine: Engine, *, username: str, password: str, now: datetime, policy: Policy
) -> User:
    """The user whose password this is; :class:`AuthenticationError` otherwise.

    ``policy.max_failures`` wrong passwords in a row lock the account for ``policy.lockout``;
    while locked, even the right password is refused. An unknown username costs the same
    hashing time as a wrong password.
    """
    cleaned = username.strip().lower()
    if not cleaned or len(password) > MAX_PASSWORD:
        _verify(_dummy_hash(), "x")
        raise AuthenticationError("web.login.failed")
    with engine.connect() as connection:
        row = connection.execute(
            select(tables.user).where(tables.user.c.username == cleaned)
        ).first()
    if row is None:
        _verify(_dummy_hash(), password)
        raise AuthenticationError("web.login.failed")
    # The slow hash runs outside any transaction; the counters are updated under a row lock.
    matches = _verify(row.password_hash, password)
    with engine.begin() as connection:
        current = _user_row(connection, cleaned, lock=True)
        if not current.enabled:
            raise AuthenticationError("web.login.disabled")
        if current.locked_until is not None and current.locked_until > now:
            raise AuthenticationError("web.login.locked")
        if current.password_hash != row.password_hash:
            # The password changed while we were hashing: judge against the new one.
            matches = _verify(current.password_hash, password)
        if matches:
            values: dict[str, object] = {
                "failed_count": 0,
                "locked_until": None,
                "last_login_at": now,
            }
            if _hasher.check_needs_rehash(current.password_hash):
                values["password_hash"] = _hasher.hash(password)
            connection.execute(
                update(tables.user).where(tables.user.c.username == cleaned).values(**values)
            )
            return User.from_row(_user_row(connection, cleaned))
        failures = int(current.failed_count) + 1
        if failures >= policy.max_failures:
            connection.execute(
                update(tables.user)
                .where(tables.user.c.username == cleaned)
                .values(failed_count=0, locked_until=now + policy.lockout)
            )
        else:
            connection.execute(
                update(tables.user)
                .where(tables.user.c.username == cleaned)
                .values(failed_count=failures)
            )
    raise AuthenticationError("web.login.failed")


def open_session(
    engine: Engine, *, user: User, now: datetime, policy: Policy
) -> tuple[str, Session]:
    """A new session of ``user``: the cookie's token (returned once, stored hashed) and the
    session. Expired sessions of every user are swept out on the way."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    expires = now + policy.session_lifetime
    session = tables.user_session
    with engine.begin() as connection:
        connection.execute(
            delete(session).where(
                or_(
                    session.c.expires_at <= now, session.c.last_seen_at <= now - policy.idle_timeout
                )
            )
        )
        connection.execute(
            session.insert().values(
                id_hash=_hash_token(token),
                username=user.username,
                created_at=now,
                expires_at=expires,
                last_seen_at=now,
                csrf_token=csrf,
            )
        )
    return token, Session(user=user, csrf_token=csrf, expires_at=expires)


def session_for(engine: Engine, token: str, *, now: datetime, policy: Policy) -> Session | None:
    """The live session of cookie ``token``, or ``None`` (unknown, expired, idle too long, or
    its user disabled)."""
    if not token or len(token) > 128:
        return None
    session = tables.user_session
    id_hash = _hash_token(token)
    query = (
        select(session.c.expires_at, session.c.last_seen_at, session.c.csrf_token, *tables.user.c)
        .join(tables.user, tables.user.c.username == session.c.username)
        .where(session.c.id_hash == id_hash)
    )
    with engine.connect() as connection:
        row = connection.execute(query).first()
    if row is None:
        return None
    data = row._mapping
    alive = (
        data["expires_at"] > now
        and data["last_seen_at"] > now - policy.idle_timeout
        and bool(data["enabled"])
    )
    if not alive:
        close_session(engine, token)
        return None
    if now - data["last_seen_at"] >= _TOUCH_EVERY:
        with engine.begin() as connection:
            connection.execute(
                update(session).where(session.c.id_hash == id_hash).values(last_seen_at=now)
            )
    return Session(
        user=User.from_row(row), csrf_token=data["csrf_token"], expires_at=data["expires_at"]
    )


def close_session(engine: Engine, token: str) -> None:
    """End the session of cookie ``token`` (logging out); unknown tokens are ignored."""
    with engine.begin() as connection:
        connection.execute(
            delete(tables.user_session).where(tables.user_session.c.id_hash == _hash_token(token))
        )


def session_count(engine: Engine, username: str) -> int:
    """How many live or not yet swept sessions ``username`` has."""
    with engine.connect() as connection:
        return len(
            connection.execute(
                select(tables.user_session.c.id_hash).where(
                    tables.user_session.c.username == username
                )
            ).all()
        )
