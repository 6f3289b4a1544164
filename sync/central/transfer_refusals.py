"""Transfer receipts the centre refused to apply (not the destination, more than sent, already
received): stored as raw journal, listed here for the admins."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from sync.central import tables


@dataclass(frozen=True, slots=True)
class TransferRefusal:
    """One refused ``transfer.received`` entry."""

    outlet: str
    seq: int
    transfer_id: str
    number: str
    reason: str
    detail: dict[str, Any]
    refused_at: datetime

    def as_json(self) -> dict[str, Any]:
        """The refusal as plain JSON data."""
        return {
            "outlet": self.outlet,
            "seq": self.seq,
            "transfer_id": self.transfer_id,
            "number": self.number,
            "reason": self.reason,
            "detail": self.detail,
            "refused_at": self.refused_at.isoformat(),
        }


def list_refusals(engine: Engine) -> list[TransferRefusal]:
    """Every refused receipt, oldest first."""
    table = tables.transfer_refusal
    with engine.connect() as connection:
        rows = connection.execute(
            select(table).order_by(table.c.refused_at, table.c.outlet, table.c.seq)
        ).all()
    return [
        TransferRefusal(
            outlet=row.outlet,
            seq=int(row.seq),
            transfer_id=row.transfer_id,
            number=row.number,
            reason=row.reason,
            detail=json.loads(row.detail),
            refused_at=row.refused_at,
        )
        for row in rows
    ]
