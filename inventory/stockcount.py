"""Stock counts (stok opname): full or by category, producer or shelf, while the till sells on.

Starting a count freezes each product's on-hand as ``expected`` and remembers the ledger's
last row. Counters then scan (each scan +1) or type quantities; several counters may count the
same product and their entries add up. The variance of a product is

    counted - (expected + movements recorded since the count started)

so sales made during the count do not show up as losses. Variances are valued at cost, or at
the selling price for products without a cost. A manager's approval turns them into
``count_correction`` movements and one ``stock.count`` journal entry, in one transaction.
Products in scope that nobody counted are listed as uncounted and left alone, unless the
approval says to treat them as counted zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import delete, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from inventory.catalog import clean_text
from inventory.documents import KIND_COUNT, KIND_SHELF, CountLineDoc, ShelfDoc, StockCountDoc
from inventory.errors import ConflictError, InvalidInputError, NotFoundError
from inventory.manager_common import (
    COUNT,
    ROWID,
    Basis,
    check_quantity,
    document_number,
    movement_watermark,
    resolve_product,
    value_at,
)
from inventory.manager_models import (
    CountScope,
    CountStatus,
    StockCount,
    StockCountEntry,
    StockCountItem,
)
from inventory.models import (
    Barcode,
    Category,
    MovementKind,
    Producer,
    Product,
    StockLevel,
    StockMovement,
)
from inventory.quantity import Unit
from inventory.stamp import Stamp
from inventory.stock import MovementRequest, record_movements
from sync import journal

MAX_COUNTER = 80
MAX_SHELF = 40


def set_shelf(session: Session, stamp: Stamp, *, code: str, shelf: str | None) -> Product:
    """Put the product ``code`` on ``shelf`` (``None`` or blank clears it); journaled."""
    product = resolve_product(session, code)
    cleaned = clean_text(shelf or "", field_name="shelf", max_length=MAX_SHELF, required=False)
    product.shelf = cleaned or None
    session.add(product)
    session.flush()
    journal.append(
        session,
        outlet=stamp.outlet,
        kind=KIND_SHELF,
        payload=ShelfDoc(product_id=product.id, shelf=product.shelf),
        at=stamp.at,
    )
    return product


def _scope_products(
    session: Session, scope: CountScope, value: str | None
) -> tuple[list[str], str | None, str | None]:
    """The ids of a scope's active products, the stored scope value (an id or shelf) and its
    label."""
    query = select(Product.id).where(col(Product.active))
    if scope is CountScope.FULL:
        return list(session.exec(query).all()), None, None
    text = (value or "").strip()
    if not text:
        raise InvalidInputError("stockcount.scope_value_required", scope=scope.value)
    if scope is CountScope.CATEGORY:
        category = session.exec(select(Category).where(Category.name == text)).one_or_none()
        if category is None:
            raise NotFoundError("stockcount.unknown_category", name=text)
        query = query.where(Product.category_id == category.id)
        return list(session.exec(query).all()), category.id, category.name
    if scope is CountScope.PRODUCER:
        producer = session.exec(select(Producer).where(Producer.name == text)).one_or_none()
        if producer is None:
            raise NotFoundError("manager.unknown_producer", producer=text)
        query = query.where(Product.producer_id == producer.id)
        return list(session.exec(query).all()), producer.id, producer.name
    query = query.where(Product.shelf == text)
    return list(session.exec(query).all()), text, text


def _find(session: Session, number: str, *, open_only: bool = False) -> StockCount:
    count = session.exec(select(StockCount).where(StockCount.number == number)).one_or_none()
    if count is None:
        raise NotFoundError("stockcount.unknown", number=number)
    if open_only and count.status is not CountStatus.OPEN:
        raise ConflictError("stockcount.closed", number=number, status=count.status.value)
    return count


def start_count(
    session: Session, stamp: Stamp, *, scope: CountScope = CountScope.FULL, value: str | None = None
) -> StockCount:
    """Start a count of ``scope`` (``value`` names the category, producer or shelf).

    Refuses an empty scope and a scope sharing products with a count still open, since both
    would correct the same stock.
    """
    ids, scope_value, label = _scope_products(session, scope, value)
    if not ids:
        raise InvalidInputError("stockcount.empty_scope", scope=label or scope.value)
    clash = session.exec(
        select(StockCount.number)
        .join(StockCountItem, col(StockCountItem.count_id) == col(StockCount.id))
        .where(StockCount.status == CountStatus.OPEN, col(StockCountItem.product_id).in_(ids))
        .limit(1)
    ).first()
    if clash is not None:
        raise ConflictError("stockcount.overlaps_open", number=clash)
    levels = dict(
        session.execute(
            sa_select(col(StockLevel.product_id), col(StockLevel.on_hand)).where(
                col(StockLevel.product_id).in_(ids)
            )
        ).all()
    )
    count = StockCount(
        number=document_number(session, stamp, COUNT),
        scope=scope,
        scope_value=scope_value,
        scope_label=label,
        status=CountStatus.OPEN,
        watermark=movement_watermark(session),
        started_by=stamp.actor,
        started_at=stamp.at,
    )
    session.add(count)
    session.flush()
    session.execute(
        StockCountItem.__table__.insert(),  # type: ignore[attr-defined]
        [{"count_id": count.id, "product_id": pid, "expected": levels.get(pid, 0)} for pid in ids],
    )
    return count


@dataclass(frozen=True, slots=True)
class CountProgress:
    """What a counter sees after an entry: the product and the count of it so far."""

    product_id: str
    sku: str
    name: str
    unit: Unit
    counted: int
    """All counters together."""
    by_counter: int
    """This counter alone."""


def _entry(
    session: Session,
    stamp: Stamp,
    *,
    number: str,
    code: str,
    counter: str,
    quantity: int,
    scanned: bool,
) -> CountProgress:
    count = _find(session, number, open_only=True)
    name = clean_text(counter, field_name="counter", max_length=MAX_COUNTER)
    product = resolve_product(session, code)
    if session.get(StockCountItem, (count.id, product.id)) is None:
        raise InvalidInputError(
            "stockcount.not_in_scope", name=product.name, number=number, scope=_scope_text(count)
        )
    if scanned and product.unit is not Unit.PIECE:
        # One scan is one piece; weighed and measured goods are weighed and typed in.
        raise InvalidInputError(
            "stockcount.scan_weighed", name=product.name, unit=product.unit.value
        )
    session.add(
        StockCountEntry(
            count_id=count.id,
            product_id=product.id,
            counter=name,
            quantity=quantity,
            scanned=scanned,
            entered_at=stamp.at,
        )
    )
    session.flush()
    totals = session.execute(
        sa_select(
            func.sum(col(StockCountEntry.quantity)),
            func.sum(col(StockCountEntry.quantity)).filter(col(StockCountEntry.counter) == name),
        ).where(
            col(StockCountEntry.count_id) == count.id,
            col(StockCountEntry.product_id) == product.id,
        )
    ).one()
    return CountProgress(
        product_id=product.id,
        sku=product.sku,
        name=product.name,
        unit=product.unit,
        counted=int(totals[0] or 0),
        by_counter=int(totals[1] or 0),
    )


def _scope_text(count: StockCount) -> str:
    return count.scope_label or count.scope.value


def scan(session: Session, stamp: Stamp, *, number: str, code: str, counter: str) -> CountProgress:
    """One scanned item: +1 of the product with barcode (or SKU) ``code``."""
    return _entry(
        session, stamp, number=number, code=code, counter=counter, quantity=1, scanned=True
    )


def enter_quantity(
    session: Session, stamp: Stamp, *, number: str, code: str, counter: str, quantity: int
) -> CountProgress:
    """A typed quantity (0 records "counted, none here"); adds to the product's count."""
    check_quantity(quantity, where=code, allow_zero=True)
    return _entry(
        session, stamp, number=number, code=code, counter=counter, quantity=quantity, scanned=False
    )


def clear_entries(session: Session, stamp: Stamp, *, number: str, code: str, counter: str) -> int:
    """Forget what ``counter`` counted of product ``code`` (to count it again); how many
    entries were removed. Entries are working data of an open count and are not journaled."""
    count = _find(session, number, open_only=True)
    product = resolve_product(session, code)
    result = session.execute(
        delete(StockCountEntry).where(
            col(StockCountEntry.count_id) == count.id,
            col(StockCountEntry.product_id) == product.id,
            col(StockCountEntry.counter) == counter.strip(),
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class VarianceLine:
    """A product of a count: expected, moved since the start, counted and the difference."""

    product_id: str
    sku: str
    name: str
    unit: Unit
    shelf: str | None
    barcode: str | None
    expected: int
    moved_since_start: int
    counted: int | None
    """``None`` when nobody counted it."""
    variance: int
    value: int
    valued_at: Basis
    """``cost`` or ``price``: what the value was computed at."""
    counters: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class VarianceReport:
    """A count's variance list with its totals in Rupiah."""

    number: str
    status: CountStatus
    scope: CountScope
    scope_label: str | None
    started_by: str
    started_at: datetime
    approver: str | None
    lines: tuple[VarianceLine, ...]

    @property
    def differences(self) -> tuple[VarianceLine, ...]:
        """Lines whose variance is not zero."""
        return tuple(line for line in self.lines if line.variance)

    @property
    def uncounted(self) -> tuple[VarianceLine, ...]:
        """Products in scope nobody counted."""
        return tuple(line for line in self.lines if line.counted is None)

    @property
    def shortage_value(self) -> int:
        """Value of what is missing (a negative number or zero)."""
        return sum(line.value for line in self.lines if line.value < 0)

    @property
    def surplus_value(self) -> int:
        """Value of what was found beyond the records."""
        return sum(line.value for line in self.lines if line.value > 0)

    @property
    def net_value(self) -> int:
        """Surplus plus shortage."""
        return self.shortage_value + self.surplus_value


def variance_report(
    session: Session, number: str, *, uncounted_as_zero: bool = False
) -> VarianceReport:
    """The variance list of count ``number``, by shelf then name."""
    count = _find(session, number)
    # Plain rows rather than ORM objects: a full count lists every product of the outlet.
    in_count = sa_select(col(StockCountItem.product_id)).where(
        col(StockCountItem.count_id) == count.id
    )
    items = session.execute(
        sa_select(
            col(Product.id),
            col(Product.sku),
            col(Product.name),
            col(Product.unit),
            col(Product.shelf),
            col(Product.cost),
            col(Product.price),
            col(StockCountItem.expected),
        )
        .join(StockCountItem, col(StockCountItem.product_id) == col(Product.id))
        .where(col(StockCountItem.count_id) == count.id)
    ).all()
    upper = count.closed_watermark
    moved = dict(
        session.execute(
            sa_select(col(StockMovement.product_id), func.sum(col(StockMovement.quantity)))
            .where(
                col(StockMovement.product_id).in_(in_count),
                count.watermark < ROWID,
                # A closed count measured up to its close, before its own corrections.
                (upper if upper is not None else ROWID) >= ROWID,
            )
            .group_by(col(StockMovement.product_id))
        ).all()
    )
    counted: dict[str, dict[str, int]] = {}
    for product_id, counter, quantity in session.execute(
        sa_select(
            col(StockCountEntry.product_id),
            col(StockCountEntry.counter),
            func.sum(col(StockCountEntry.quantity)),
        )
        .where(col(StockCountEntry.count_id) == count.id)
        .group_by(col(StockCountEntry.product_id), col(StockCountEntry.counter))
    ).all():
        counted.setdefault(product_id, {})[counter] = int(quantity)
    first_code: dict[str, str] = {}
    for product_id, code in session.execute(
        sa_select(col(Barcode.product_id), col(Barcode.code))
        .where(col(Barcode.product_id).in_(in_count))
        .order_by(col(Barcode.instore).desc(), col(Barcode.code).desc())
    ).all():
        first_code[product_id] = code  # the last one written wins: the first in order
    lines = []
    for product_id, sku, name, unit, shelf, cost, price, expected in items:
        since = int(moved.get(product_id, 0))
        by_counter = counted.get(product_id)
        total = sum(by_counter.values()) if by_counter is not None else None
        if total is None and uncounted_as_zero:
            total = 0
        variance = 0 if total is None else total - (expected + since)
        value, basis = value_at(cost=cost, price=price, unit=unit, quantity=variance)
        lines.append(
            VarianceLine(
                product_id=product_id,
                sku=sku,
                name=name,
                unit=unit,
                shelf=shelf,
                barcode=first_code.get(product_id),
                expected=expected,
                moved_since_start=since,
                counted=total,
                variance=variance,
                value=value,
                valued_at=basis,
                counters=by_counter or {},
            )
        )
    lines.sort(key=lambda line: (line.shelf or "", line.name.casefold(), line.sku))
    return VarianceReport(
        number=count.number,
        status=count.status,
        scope=count.scope,
        scope_label=count.scope_label,
        started_by=count.started_by,
        started_at=count.started_at,
        approver=count.approver,
        lines=tuple(lines),
    )


def approve_count(
    session: Session,
    stamp: Stamp,
    *,
    number: str,
    approver: str,
    uncounted_as_zero: bool = False,
) -> VarianceReport:
    """Approve count ``number``: its variances become ``count_correction`` movements.

    ``approver`` is the manager who approved (their PIN is checked by the application before
    calling). Refuses a count that is closed or in which nothing was counted.
    """
    name = clean_text(approver, field_name="approver", max_length=MAX_COUNTER)
    count = _find(session, number, open_only=True)
    watermark = movement_watermark(session)
    report = variance_report(session, number, uncounted_as_zero=uncounted_as_zero)
    if all(not line.counters for line in report.lines):
        raise InvalidInputError("stockcount.nothing_counted", number=number)
    movements = record_movements(
        session,
        stamp,
        [
            MovementRequest(
                line.product_id,
                MovementKind.COUNT_CORRECTION,
                line.variance,
                reason="stok opname",
                reference=number,
            )
            for line in report.differences
        ],
        write_journal=False,
    )
    count.status = CountStatus.APPROVED
    count.closed_watermark = watermark
    count.approver = name
    count.closed_by = stamp.actor
    count.closed_at = stamp.at
    session.add(count)
    session.flush()
    journal.append(
        session,
        outlet=stamp.outlet,
        kind=KIND_COUNT,
        payload=StockCountDoc(
            id=count.id,
            number=number,
            scope=count.scope,
            scope_value=count.scope_value,
            started_by=count.started_by,
            started_at=count.started_at,
            approver=name,
            approved_at=stamp.at,
            lines=[
                CountLineDoc(
                    product_id=line.product_id,
                    expected=line.expected,
                    moved_since_start=line.moved_since_start,
                    counted=line.counted,
                    variance=line.variance,
                    value=line.value,
                    valued_at=line.valued_at,
                )
                for line in report.lines
                if line.counted is not None
            ],
            movements=movements,
        ),
        at=stamp.at,
    )
    # What the count measured is fixed now: the report before the corrections, approved.
    return replace(report, status=CountStatus.APPROVED, approver=name)


def cancel_count(session: Session, stamp: Stamp, *, number: str) -> StockCount:
    """Abandon an open count; nothing in stock changes."""
    count = _find(session, number, open_only=True)
    count.status = CountStatus.CANCELLED
    count.closed_watermark = movement_watermark(session)
    count.closed_by = stamp.actor
    count.closed_at = stamp.at
    session.add(count)
    session.flush()
    return count


def list_counts(session: Session, *, status: CountStatus | None = None) -> Sequence[StockCount]:
    """Counts, newest first."""
    query = select(StockCount)
    if status is not None:
        query = query.where(StockCount.status == status)
    return session.exec(query.order_by(col(StockCount.started_at).desc())).all()


def get_count(session: Session, number: str) -> StockCount:
    """The count ``number``."""
    return _find(session, number)
