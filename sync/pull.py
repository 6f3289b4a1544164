"""Catalog pull: the centre's catalog changes applied at the outlet, local edits never lost.

For every changed row the outlet remembers the central version and the local version they last
agreed on (``sync_catalog_base``). A central change is applied when the local row is new, equal,
or unchanged since that agreement. If the row was edited here since (its local ``version``
moved), or the change would clash with another local row (SKU, barcode, PLU, name), the change
is kept as a conflict (``sync_catalog_conflict``) for the manager and the local row stays as it
is. A change the centre received *from this outlet* (an echo) only records the agreement.

Each page is applied in one short write transaction, so a checkout waits at most for one page.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

from inventory.clock import Clock
from inventory.db import Store
from inventory.documents import CategoryDoc, ProducerDoc, ProductDoc
from inventory.errors import ConflictError, NotFoundError, NttMartError
from inventory.models import Barcode, Category, Producer, Product
from sync.outlet_state import CatalogBase, CatalogConflict, CatalogPullState
from sync.wire import CatalogItem, dumps

if TYPE_CHECKING:
    from sync.transport import CentralClient

PAGE = 200
_PRODUCT_FIELDS = ("sku", "name", "unit", "price", "cost", "min_stock", "active", "plu")
_PRODUCER_FIELDS = (
    "name",
    "kind",
    "program",
    "kabupaten",
    "kecamatan",
    "desa",
    "phone",
    "commission_bp",
)


@dataclass(frozen=True, slots=True)
class PullReport:
    """What one pull did."""

    applied: int
    unchanged: int
    conflicts: int
    catalog_version: int


@dataclass
class _Tally:
    applied: int = 0
    unchanged: int = 0
    conflicts: int = 0


def _agree(
    session: Session, entity: str, entity_id: str, central: int, local: int, now: datetime
) -> None:
    base = session.get(CatalogBase, (entity, entity_id))
    if base is None:
        base = CatalogBase(entity=entity, entity_id=entity_id, central_version=0, local_version=0)
        session.add(base)
    base.central_version, base.local_version = central, local
    conflict = session.get(CatalogConflict, (entity, entity_id))
    if (
        conflict is not None
        and conflict.resolved_at is None
        and conflict.central_version <= central
    ):
        conflict.resolved_at = now
        conflict.resolution = "superseded"


def _conflict(
    session: Session, item: CatalogItem, local_version: int, reason: str, now: datetime
) -> None:
    found = session.get(CatalogConflict, (item.entity, str(item.doc["id"])))
    if found is None:
        found = CatalogConflict(
            entity=item.entity,
            entity_id=str(item.doc["id"]),
            central_version=item.version,
            central_doc=dumps(item.doc),
            local_version=local_version,
            reason=reason,
            detected_at=now,
        )
        session.add(found)
        return
    found.central_version = item.version
    found.central_doc = dumps(item.doc)
    found.local_version = local_version
    found.reason = reason
    found.detected_at = now
    found.resolved_at = None
    found.resolution = None


def _edited_here(session: Session, entity: str, entity_id: str, local_version: int) -> bool:
    base = session.get(CatalogBase, (entity, entity_id))
    return base is None or base.local_version != local_version


def _known(session: Session, model: Any, key: str | None) -> str | None:
    return key if key is not None and session.get(model, key) is not None else None


def _product_clash(session: Session, doc: ProductDoc) -> str | None:
    same_sku = session.exec(select(Product).where(Product.sku == doc.sku)).first()
    if same_sku is not None and same_sku.id != doc.id:
        return "sku_taken"
    if doc.plu is not None:
        same_plu = session.exec(select(Product).where(Product.plu == doc.plu)).first()
        if same_plu is not None and same_plu.id != doc.id:
            return "plu_taken"
    for code in doc.barcodes:
        owner = session.get(Barcode, code)
        if owner is not None and owner.product_id != doc.id:
            return "barcode_taken"
    return None


def _product_matches(session: Session, local: Product, doc: ProductDoc) -> bool:
    if any(getattr(local, name) != getattr(doc, name) for name in _PRODUCT_FIELDS):
        return False
    if local.producer_id != _known(session, Producer, doc.producer_id):
        return False
    if local.category_id != _known(session, Category, doc.category_id):
        return False
    codes = set(session.exec(select(Barcode.code).where(Barcode.product_id == local.id)).all())
    return set(doc.barcodes) <= codes


def _write_product(
    session: Session, local: Product | None, doc: ProductDoc, now: datetime
) -> Product:
    values = {name: getattr(doc, name) for name in _PRODUCT_FIELDS}
    values["producer_id"] = _known(session, Producer, doc.producer_id)
    values["category_id"] = _known(session, Category, doc.category_id)
    if local is None:
        local = Product(id=doc.id, local=False, version=1, created_at=now, updated_at=now, **values)
        session.add(local)
    else:
        for name, value in values.items():
            setattr(local, name, value)
        local.version += 1
        local.updated_at = now
    session.flush()
    for code in doc.barcodes:
        if session.get(Barcode, code) is None:
            session.add(Barcode(code=code, product_id=doc.id))
    session.flush()
    return local


def _apply_product(
    session: Session, item: CatalogItem, outlet: str, now: datetime, tally: _Tally, force: bool
) -> None:
    doc = ProductDoc.model_validate(item.doc)
    local = session.exec(select(Product).where(Product.id == doc.id)).first()
    if item.changed_by == outlet and not force:
        # Our own edit coming back: the local row is that edit or newer.
        _agree(session, "product", doc.id, item.version, doc.version, now)
        tally.unchanged += 1
        return
    if local is not None and _product_matches(session, local, doc):
        _agree(session, "product", doc.id, item.version, local.version, now)
        tally.unchanged += 1
        return
    local_version = local.version if local is not None else 0
    if local is not None and not force and _edited_here(session, "product", doc.id, local.version):
        _conflict(session, item, local_version, "local_edit", now)
        tally.conflicts += 1
        return
    clash = _product_clash(session, doc)
    if clash is not None:
        _conflict(session, item, local_version, clash, now)
        tally.conflicts += 1
        return
    written = _write_product(session, local, doc, now)
    _agree(session, "product", doc.id, item.version, written.version, now)
    tally.applied += 1


def _apply_producer(
    session: Session, item: CatalogItem, outlet: str, now: datetime, tally: _Tally, force: bool
) -> None:
    doc = ProducerDoc.model_validate(item.doc)
    local = session.get(Producer, doc.id)
    if item.changed_by == outlet and not force:
        _agree(session, "producer", doc.id, item.version, doc.version, now)
        tally.unchanged += 1
        return
    values = {name: getattr(doc, name) for name in _PRODUCER_FIELDS}
    if local is not None and all(getattr(local, k) == v for k, v in values.items()):
        _agree(session, "producer", doc.id, item.version, local.version, now)
        tally.unchanged += 1
        return
    local_version = local.version if local is not None else 0
    if local is not None and not force and _edited_here(session, "producer", doc.id, local.version):
        _conflict(session, item, local_version, "local_edit", now)
        tally.conflicts += 1
        return
    namesake = session.exec(select(Producer).where(Producer.name == doc.name)).first()
    if namesake is not None and namesake.id != doc.id:
        _conflict(session, item, local_version, "name_taken", now)
        tally.conflicts += 1
        return
    if local is None:
        local = Producer(id=doc.id, version=1, created_at=now, updated_at=now, **values)
        session.add(local)
    else:
        for name, value in values.items():
            setattr(local, name, value)
        local.version += 1
        local.updated_at = now
    session.flush()
    _agree(session, "producer", doc.id, item.version, local.version, now)
    tally.applied += 1


def _apply_category(
    session: Session, item: CatalogItem, outlet: str, now: datetime, tally: _Tally, force: bool
) -> None:
    doc = CategoryDoc.model_validate(item.doc)
    local = session.get(Category, doc.id)
    if local is not None and local.name == doc.name:
        tally.unchanged += 1
        return
    namesake = session.exec(select(Category).where(Category.name == doc.name)).first()
    if namesake is not None and namesake.id != doc.id:
        _conflict(session, item, 0, "name_taken", now)
        tally.conflicts += 1
        return
    if local is None:
        session.add(Category(id=doc.id, name=doc.name))
    else:
        local.name = doc.name
    session.flush()
    tally.applied += 1


_APPLY: dict[str, Callable[[Session, CatalogItem, str, datetime, _Tally, bool], None]] = {
    "producer": _apply_producer,
    "category": _apply_category,
    "product": _apply_product,
}


def apply_items(
    session: Session, items: list[CatalogItem], *, outlet: str, now: datetime
) -> tuple[int, int, int]:
    """Apply changes in the caller's write transaction; ``(applied, unchanged, conflicts)``."""
    tally = _Tally()
    for item in items:
        _APPLY[item.entity](session, item, outlet, now, tally, False)
    return tally.applied, tally.unchanged, tally.conflicts


def pull_catalog(store: Store, client: CentralClient, *, outlet: str, clock: Clock) -> PullReport:
    """Fetch and apply every catalog change after the version this outlet holds."""
    tally = _Tally()
    while True:
        with store.read() as session:
            state = session.get(CatalogPullState, outlet)
            since = state.catalog_version if state is not None else 0
        try:
            delta = client.catalog(since, PAGE)
        except NttMartError as failure:
            _record_pull_failure(store, outlet, str(failure))
            raise
        with store.write() as session:
            applied, unchanged, conflicts = apply_items(
                session, delta.items, outlet=outlet, now=clock.now()
            )
            state = session.get(CatalogPullState, outlet)
            if state is None:
                state = CatalogPullState(outlet=outlet)
                session.add(state)
            state.catalog_version = max(state.catalog_version, delta.next_since)
            state.last_pull_at = clock.now()
            state.last_error = None
        tally.applied += applied
        tally.unchanged += unchanged
        tally.conflicts += conflicts
        if not delta.more:
            return PullReport(tally.applied, tally.unchanged, tally.conflicts, delta.next_since)


def _record_pull_failure(store: Store, outlet: str, error: str) -> None:
    with store.write() as session:
        state = session.get(CatalogPullState, outlet)
        if state is None:
            state = CatalogPullState(outlet=outlet)
            session.add(state)
        state.last_error = error[:500]


def open_conflicts(store: Store) -> list[CatalogConflict]:
    """Unresolved catalog conflicts, oldest first."""
    with store.read() as session:
        rows = session.exec(
            select(CatalogConflict)
            .where(CatalogConflict.resolved_at.is_(None))  # type: ignore[union-attr]
            .order_by(CatalogConflict.detected_at)  # type: ignore[arg-type]
        ).all()
    return list(rows)


def resolve_conflict(store: Store, *, entity_id: str, keep: str, now: datetime) -> CatalogConflict:
    """Settle the open conflict of row ``entity_id``: ``keep`` ``"local"`` or ``"central"``.

    Keeping the central version applies it over the local row; keeping the local one records
    that the central version was seen, so the next pull does not raise the conflict again.
    """
    with store.write() as session:
        conflict = session.exec(
            select(CatalogConflict).where(
                CatalogConflict.entity_id == entity_id,
                CatalogConflict.resolved_at.is_(None),  # type: ignore[union-attr]
            )
        ).first()
        if conflict is None:
            raise NotFoundError("sync.no_conflict", id=entity_id)
        if keep == "central":
            item = CatalogItem(
                version=conflict.central_version,
                entity=conflict.entity,
                origin=None,
                changed_by=None,
                doc=json.loads(conflict.central_doc),
            )
            tally = _Tally()
            _APPLY[item.entity](session, item, "", now, tally, True)
            if tally.conflicts:
                raise ConflictError("sync.cannot_apply", id=entity_id, reason=conflict.reason)
        else:
            local: Product | Producer | None
            if conflict.entity == "product":
                local = session.exec(select(Product).where(Product.id == entity_id)).first()
            else:
                local = session.get(Producer, entity_id)
            version = local.version if local is not None else 0
            _agree(session, conflict.entity, entity_id, conflict.central_version, version, now)
        conflict.resolved_at = now
        conflict.resolution = keep
        return conflict
