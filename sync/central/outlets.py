"""The outlet registry: who may send journal entries, under which token.

Keyword-only service functions on an engine; each runs in its own short transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, Row, func, select, update

from inventory.errors import ConflictError, InvalidInputError, NotFoundError
from sync import tokens
from sync.central import tables

_CODE = re.compile(r"^[A-Z]{2,6}$")


@dataclass(frozen=True, slots=True)
class Outlet:
    """An outlet as the registry knows it (never its token)."""

    code: str
    name: str
    kabupaten: str
    enabled: bool
    created_at: datetime
    token_rotated_at: datetime
    contiguous_seq: int
    last_seq: int
    entry_count: int
    last_heard_at: datetime | None

    @classmethod
    def from_row(cls, row: Row[tuple[object, ...]]) -> Outlet:
        """Build from a ``central_outlet`` row."""
        data = row._mapping
        return cls(**{name: data[name] for name in cls.__slots__})


def add_outlet(engine: Engine, *, code: str, name: str, kabupaten: str, now: datetime) -> str:
    """Register outlet ``code`` and return its token (shown once; only its hash is kept)."""
    if not _CODE.match(code):
        raise InvalidInputError("central.bad_code", code=code)
    if not name.strip():
        raise InvalidInputError("central.name_required")
    token = tokens.new_token()
    with engine.begin() as connection:
        exists = connection.execute(
            select(tables.outlet.c.code).where(tables.outlet.c.code == code)
        ).first()
        if exists is not None:
            raise ConflictError("central.outlet_exists", code=code)
        connection.execute(
            tables.outlet.insert().values(
                code=code,
                name=name.strip(),
                kabupaten=kabupaten.strip(),
                token_hash=tokens.token_hash(token),
                export_key=tokens.export_key(token),
                enabled=True,
                created_at=now,
                token_rotated_at=now,
            )
        )
    return token


def list_outlets(engine: Engine) -> list[Outlet]:
    """Every registered outlet, by code."""
    with engine.connect() as connection:
        rows = connection.execute(select(tables.outlet).order_by(tables.outlet.c.code)).all()
    return [Outlet.from_row(row) for row in rows]


def get_outlet(engine: Engine, code: str) -> Outlet:
    """The outlet ``code``; :class:`NotFoundError` if it is not registered."""
    with engine.connect() as connection:
        row = connection.execute(
            select(tables.outlet).where(tables.outlet.c.code == code)
        ).one_or_none()
    if row is None:
        raise NotFoundError("central.unknown_outlet", code=code)
    return Outlet.from_row(row)


def rotate_token(engine: Engine, *, code: str, now: datetime) -> str:
    """Give outlet ``code`` a new token (the old one stops working at once) and return it."""
    token = tokens.new_token()
    _update(
        engine,
        code,
        token_hash=tokens.token_hash(token),
        export_key=tokens.export_key(token),
        token_rotated_at=now,
    )
    return token


def set_enabled(engine: Engine, *, code: str, enabled: bool) -> None:
    """Disable (or enable again) outlet ``code``; a disabled outlet's batches get HTTP 403."""
    _update(engine, code, enabled=enabled)


def _update(engine: Engine, code: str, **values: object) -> None:
    with engine.begin() as connection:
        result = connection.execute(
            update(tables.outlet).where(tables.outlet.c.code == code).values(**values)
        )
        if result.rowcount == 0:
            raise NotFoundError("central.unknown_outlet", code=code)


@dataclass(frozen=True, slots=True)
class Caller:
    """The outlet a bearer token belongs to."""

    code: str
    enabled: bool


def authenticate(engine: Engine, token: str) -> Caller | None:
    """The outlet whose token is ``token``, or ``None`` for an unknown token."""
    if not token or len(token) > 200:
        return None
    with engine.connect() as connection:
        row = connection.execute(
            select(tables.outlet.c.code, tables.outlet.c.enabled).where(
                tables.outlet.c.token_hash == tokens.token_hash(token)
            )
        ).one_or_none()
    return None if row is None else Caller(code=row.code, enabled=bool(row.enabled))


def touch(engine: Engine, code: str, now: datetime) -> None:
    """Record that outlet ``code`` was heard from (any authenticated contact counts)."""
    with engine.begin() as connection:
        connection.execute(
            update(tables.outlet).where(tables.outlet.c.code == code).values(last_heard_at=now)
        )


def export_key_of(engine: Engine, code: str) -> tuple[str, bool] | None:
    """The export key of outlet ``code`` and whether it is enabled (``None``: unknown outlet)."""
    with engine.connect() as connection:
        row = connection.execute(
            select(tables.outlet.c.export_key, tables.outlet.c.enabled).where(
                tables.outlet.c.code == code
            )
        ).one_or_none()
    return None if row is None else (row.export_key, bool(row.enabled))


def outlet_count(engine: Engine) -> int:
    """How many outlets are registered."""
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(tables.outlet)).scalar_one())
