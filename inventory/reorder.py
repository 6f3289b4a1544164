"""The reorder list: products under their minimum stock, per producer, with what to order.

For each active product whose on-hand is below its ``min_stock``, the list shows how much sold
over the last ``history_days`` (movements of kind ``sale``), the days the stock on hand will
last at that pace, and a suggested quantity: enough to cover ``cover_days`` of sales, and at
least enough to get back to the minimum. Products are grouped per producer, the manager's call
list for restocking. All arithmetic is on integers (days are whole days, rounded down; the
suggestion is rounded up).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TextIO

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from inventory.models import MovementKind, Producer, Product, StockLevel, StockMovement
from inventory.quantity import Unit


@dataclass(frozen=True, slots=True)
class ReorderLine:
    """A product to reorder."""

    product_id: str
    sku: str
    name: str
    unit: Unit
    on_hand: int
    min_stock: int
    sold: int
    """Quantity sold in the history window."""
    days_of_cover: int | None
    """Whole days the stock lasts at the recent pace; ``None`` when nothing sold."""
    suggested: int
    cost: int | None


@dataclass(frozen=True, slots=True)
class ReorderGroup:
    """The products of one producer (or of none) to reorder."""

    producer_id: str | None
    producer_name: str | None
    phone: str | None
    kabupaten: str | None
    lines: tuple[ReorderLine, ...]


def suggest(*, on_hand: int, min_stock: int, sold: int, history_days: int, cover_days: int) -> int:
    """Quantity to order so the stock covers ``cover_days`` at the recent pace and is back at
    its minimum at least (never negative)."""
    pace_target = -(-sold * cover_days // history_days)  # ceiling division
    return max(max(min_stock, pace_target) - on_hand, 0)


def days_of_cover(*, on_hand: int, sold: int, history_days: int) -> int | None:
    """Whole days ``on_hand`` lasts when ``sold`` went in ``history_days``."""
    if sold <= 0:
        return None
    return max(on_hand, 0) * history_days // sold


def reorder_list(
    session: Session, *, now: datetime, cover_days: int = 14, history_days: int = 30
) -> list[ReorderGroup]:
    """Products under their minimum stock, grouped by producer (by name; no producer last)."""
    since = now - timedelta(days=history_days)
    level = func.coalesce(col(StockLevel.on_hand), 0)
    low = session.execute(
        sa_select(Product, level)
        .outerjoin(StockLevel, col(StockLevel.product_id) == col(Product.id))
        .where(col(Product.active), level < col(Product.min_stock))
    ).all()
    ids = [product.id for product, _ in low]
    sold = dict(
        session.execute(
            sa_select(col(StockMovement.product_id), -func.sum(col(StockMovement.quantity)))
            .where(
                col(StockMovement.product_id).in_(ids),
                col(StockMovement.kind) == MovementKind.SALE,
                col(StockMovement.occurred_at) >= since,
                col(StockMovement.occurred_at) < now,
            )
            .group_by(col(StockMovement.product_id))
        ).all()
    )
    groups: dict[str | None, list[ReorderLine]] = {}
    for product, on_hand in low:
        quantity_sold = int(sold.get(product.id, 0))
        groups.setdefault(product.producer_id, []).append(
            ReorderLine(
                product_id=product.id,
                sku=product.sku,
                name=product.name,
                unit=product.unit,
                on_hand=on_hand,
                min_stock=product.min_stock,
                sold=quantity_sold,
                days_of_cover=days_of_cover(
                    on_hand=on_hand, sold=quantity_sold, history_days=history_days
                ),
                suggested=suggest(
                    on_hand=on_hand,
                    min_stock=product.min_stock,
                    sold=quantity_sold,
                    history_days=history_days,
                    cover_days=cover_days,
                ),
                cost=product.cost,
            )
        )
    producers = {
        p.id: p
        for p in session.exec(
            select(Producer).where(col(Producer.id).in_([k for k in groups if k]))
        ).all()
    }
    result = []
    for producer_id, lines in groups.items():
        producer = producers.get(producer_id) if producer_id else None
        lines.sort(
            key=lambda line: (line.days_of_cover is None, line.days_of_cover or 0, line.name)
        )
        result.append(
            ReorderGroup(
                producer_id=producer_id,
                producer_name=producer.name if producer else None,
                phone=producer.phone if producer else None,
                kabupaten=producer.kabupaten if producer else None,
                lines=tuple(lines),
            )
        )
    result.sort(
        key=lambda group: (group.producer_name is None, (group.producer_name or "").casefold())
    )
    return result


CSV_COLUMNS = (
    "producer",
    "phone",
    "sku",
    "name",
    "unit",
    "on_hand",
    "min_stock",
    "sold",
    "days_of_cover",
    "suggested",
)


def write_reorder_csv(groups: list[ReorderGroup], out: TextIO) -> int:
    """Write the list as CSV (one row per product, producer repeated); returns the rows."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    rows = 0
    for group in groups:
        for line in group.lines:
            writer.writerow(
                [
                    group.producer_name or "",
                    group.phone or "",
                    line.sku,
                    line.name,
                    line.unit.value,
                    line.on_hand,
                    line.min_stock,
                    line.sold,
                    "" if line.days_of_cover is None else line.days_of_cover,
                    line.suggested,
                ]
            )
            rows += 1
    return rows
