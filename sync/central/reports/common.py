"""What the central reports share: translated labels, the period's bounds, outlet checks.

A report's period is business days ``date_from`` to ``date_to`` inclusive. Sales and refunds
carry the outlet's own business day; stock movements and other instants are taken from 00:00
WITA of ``date_from`` to 00:00 WITA of the day after ``date_to`` (UTC bounds below).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, text

from inventory.clock import WITA
from inventory.pdf.common import msg
from sync.central.db import is_postgres
from sync.central.reports.base import ReportError, ReportParams

PROGRAMS = ("ovop", "osop", "ocop", "none")


def label(params: ReportParams, key: str, /, **values: object) -> str:
    """Message ``reports.<key>`` in the report's language."""
    return msg(params.lang, f"reports.{key}", **values)


def wita_midnight(day: date) -> datetime:
    """00:00 WITA of ``day`` as a UTC instant."""
    return datetime.combine(day, time(0, 0), tzinfo=WITA).astimezone(UTC)


def bounds(params: ReportParams) -> tuple[datetime, datetime]:
    """UTC ``[start, end)`` of the period's days in WITA."""
    return wita_midnight(params.date_from), wita_midnight(params.date_to + timedelta(days=1))


def outlets(connection: Connection) -> dict[str, tuple[str, str]]:
    """Registered outlets: code -> (name, kabupaten)."""
    rows = connection.execute(text("SELECT code, name, kabupaten FROM central_outlet"))
    return {code: (name, kabupaten or "") for code, name, kabupaten in rows}


def check_outlet(connection: Connection, params: ReportParams) -> dict[str, tuple[str, str]]:
    """The registered outlets; a report asked for an outlet the centre does not know is refused."""
    known = outlets(connection)
    if params.outlet is not None and params.outlet not in known:
        raise ReportError(
            label(
                params, "error.unknown_outlet", code=params.outlet, known=", ".join(sorted(known))
            )
        )
    return known


def without_jit(connection: Connection) -> None:
    """Turn PostgreSQL's JIT compilation off for the rest of ``connection``'s transaction.

    A month of the province costs the planner enough to compile a report query, and compiling
    takes longer (0.1 s and more) than the query saves: a report query runs in well under a
    second. ``SET LOCAL`` ends with the transaction, so the pooled connection is not changed.
    """
    if is_postgres(connection):
        connection.execute(text("SET LOCAL jit = off"))


def outlet_filter(params: ReportParams, column: str) -> str:
    """``AND <column> = :outlet`` when the report is for one outlet (bind ``outlet_bind``)."""
    return f" AND {column} = :outlet" if params.outlet is not None else ""


def binds(params: ReportParams, **more: Any) -> dict[str, Any]:
    """Bind values every report query may use: the period, its bounds and the outlet."""
    start, end = bounds(params)
    values: dict[str, Any] = {
        "date_from": params.date_from,
        "date_to": params.date_to,
        "start": start,
        "end": end,
    }
    if params.outlet is not None:
        values["outlet"] = params.outlet
    values.update(more)
    return values


def program_label(params: ReportParams, program: str | None) -> str:
    """``OVOP``, ``OSOP``, ``OCOP``, or the words for "no program"."""
    if not program or program == "none":
        return label(params, "no_program")
    return program.upper()


def producers(connection: Connection) -> Mapping[str, Any]:
    """Master producers by id (name, program, kabupaten, commission_bp, ...)."""
    rows = connection.execute(
        text(
            "SELECT id, name, program, kabupaten, kecamatan, desa, phone, commission_bp "
            "FROM central_producer"
        )
    )
    return {row.id: row for row in rows}


def share_bp(part: int, whole: int) -> int:
    """``part`` of ``whole`` in basis points, half up (0 when there is no whole)."""
    if whole <= 0:
        return 0
    return (part * 20_000 + whole) // (2 * whole)
