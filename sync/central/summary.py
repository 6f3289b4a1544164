"""Per-outlet figures for the admins: what arrived, what is missing, when each outlet was heard."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, case, func, select

from sync.central import tables
from sync.central.ingest import gaps_of
from sync.wire import Gap


@dataclass(frozen=True, slots=True)
class OutletSummary:
    """One outlet's line of ``nttmart central summary``."""

    code: str
    name: str
    kabupaten: str
    enabled: bool
    entries: int
    last_seq: int
    contiguous_seq: int
    gaps: list[Gap]
    last_heard_at: datetime | None
    sales: int
    net_total: int
    """Completed sales minus refunds, in Rupiah."""
    stock_movements: int
    open_conflicts: int

    def as_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        data = asdict(self)
        data["gaps"] = [gap.model_dump() for gap in self.gaps]
        data["last_heard_at"] = self.last_heard_at.isoformat() if self.last_heard_at else None
        return data


def _per_outlet(engine: Engine, query: Any) -> dict[str, tuple[int, ...]]:
    with engine.connect() as connection:
        return {row[0]: tuple(int(v or 0) for v in row[1:]) for row in connection.execute(query)}


def summarize(engine: Engine) -> list[OutletSummary]:
    """Every outlet's figures, by code."""
    sale, refund = tables.sale, tables.refund
    completed = sale.c.status == "completed"
    sales = _per_outlet(
        engine,
        select(
            sale.c.outlet,
            func.count().filter(completed),
            func.coalesce(func.sum(case((completed, sale.c.total), else_=0)), 0),
        ).group_by(sale.c.outlet),
    )
    refunds = _per_outlet(
        engine,
        select(refund.c.outlet, func.coalesce(func.sum(refund.c.total), 0)).group_by(
            refund.c.outlet
        ),
    )
    movements = _per_outlet(
        engine,
        select(tables.stock_movement.c.outlet, func.count()).group_by(
            tables.stock_movement.c.outlet
        ),
    )
    conflicts = _per_outlet(
        engine,
        select(tables.conflict.c.outlet, func.count()).group_by(tables.conflict.c.outlet),
    )
    found = []
    with engine.connect() as connection:
        for row in connection.execute(select(tables.outlet).order_by(tables.outlet.c.code)):
            count, total = sales.get(row.code, (0, 0))
            found.append(
                OutletSummary(
                    code=row.code,
                    name=row.name,
                    kabupaten=row.kabupaten,
                    enabled=bool(row.enabled),
                    entries=int(row.entry_count),
                    last_seq=int(row.last_seq),
                    contiguous_seq=int(row.contiguous_seq),
                    gaps=gaps_of(connection, row.code, int(row.contiguous_seq), int(row.last_seq)),
                    last_heard_at=row.last_heard_at,
                    sales=count,
                    net_total=total - refunds.get(row.code, (0,))[0],
                    stock_movements=movements.get(row.code, (0,))[0],
                    open_conflicts=conflicts.get(row.code, (0,))[0],
                )
            )
    return found


def conflicts(engine: Engine) -> list[dict[str, Any]]:
    """Recorded conflicts, newest first: the entry offered, and the hashes on both sides."""
    query = select(tables.conflict).order_by(tables.conflict.c.last_seen_at.desc())
    with engine.connect() as connection:
        return [
            {
                "outlet": row.outlet,
                "seq": row.seq,
                "stored_hash": row.stored_hash,
                "offered_hash": row.offered_hash,
                "offered_entry": row.offered_entry,
                "first_seen_at": row.first_seen_at.isoformat(),
                "last_seen_at": row.last_seen_at.isoformat(),
                "times": row.times,
            }
            for row in connection.execute(query)
        ]
