"""Known data for the console tests: three outlets with sales, a refund, a seq gap and a silent
outlet, and one user of each role."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Engine, update

from sync.central import outlets, tables, users

PASSWORD = "tenun-sumba-2026"
ADMIN, VIEWER, OUTLET_USER = "ana.admin", "vera.viewer", "olin.blu"
DAY = date(2026, 11, 21)


@dataclass(frozen=True)
class Seeded:
    now: datetime


def _journal(outlet: str, seq: int, at: datetime) -> dict[str, object]:
    payload = f'{{"n":{seq}}}'
    return {
        "outlet": outlet,
        "seq": seq,
        "id": f"00000000-0000-7000-8000-{outlet.lower():0>4}{seq:08d}"[-36:],
        "kind": "audit",
        "schema_version": 1,
        "created_at": at,
        "received_at": at,
        "content_hash": hashlib.sha256(payload.encode()).hexdigest(),
        "payload": payload,
    }


def _sale(
    outlet: str, number: int, total: int, at: datetime, status: str = "completed"
) -> dict[str, object]:
    return {
        "id": f"sale-{outlet}-{number}",
        "outlet": outlet,
        "seq": number,
        "receipt_no": f"{outlet}-20261121-{number:04d}",
        "cashier": "kasir",
        "business_day": DAY,
        "occurred_at": at,
        "subtotal": total,
        "total": total,
        "gross": total,
        "goods_total": total,
        "status": status,
    }


def seed(engine: Engine, now: datetime) -> Seeded:
    """BLU: 3 completed sales (one voided besides) and one refund, seq 1-4 complete, heard an hour
    ago. KPG: 2 sales, seq 1, 2 and 5 (gap 3-4), heard 30 hours ago (silent). SBD: never heard."""
    for code, name, kabupaten in (
        ("BLU", "NTT Mart Atambua", "Belu"),
        ("KPG", "NTT Mart Kupang", "Kota Kupang"),
        ("SBD", "NTT Mart Waingapu", "Sumba Timur"),
    ):
        outlets.add_outlet(engine, code=code, name=name, kabupaten=kabupaten, now=now)
    at = now - timedelta(hours=20)
    with engine.begin() as connection:
        connection.execute(
            tables.journal.insert(),
            [_journal("BLU", s, at) for s in (1, 2, 3, 4)]
            + [_journal("KPG", s, at) for s in (1, 2, 5)],
        )
        connection.execute(
            tables.sale.insert(),
            [
                _sale("BLU", 1, 125_000, at),
                _sale("BLU", 2, 48_500, at),
                _sale("BLU", 3, 300_000, at),
                _sale("BLU", 4, 99_000, at, status="voided"),
                _sale("KPG", 1, 210_000, at),
                _sale("KPG", 2, 1_250_000, at),
            ],
        )
        connection.execute(
            tables.refund.insert().values(
                id="refund-BLU-1",
                outlet="BLU",
                seq=4,
                occurred_at=at,
                business_day=DAY,
                total=48_500,
                actor="kasir",
            )
        )
        for code, contiguous, last, count, heard in (
            ("BLU", 4, 4, 4, now - timedelta(hours=1)),
            ("KPG", 2, 5, 3, now - timedelta(hours=30)),
        ):
            connection.execute(
                update(tables.outlet)
                .where(tables.outlet.c.code == code)
                .values(
                    contiguous_seq=contiguous, last_seq=last, entry_count=count, last_heard_at=heard
                )
            )
    users.add_user(
        engine, username=ADMIN, name="Ana Admin", role="admin", password=PASSWORD, now=now
    )
    users.add_user(
        engine, username=VIEWER, name="Vera Viewer", role="viewer", password=PASSWORD, now=now
    )
    users.add_user(
        engine,
        username=OUTLET_USER,
        name="Olin Belu",
        role="outlet",
        outlet="BLU",
        password=PASSWORD,
        now=now,
    )
    return Seeded(now=now)
