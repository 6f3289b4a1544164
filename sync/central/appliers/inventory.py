"""Appliers of the base layer's documents: catalog changes, stock movements, audit events.

Stock movements and audit events are facts: each becomes one row. Catalog changes meet the
catalog master: a product, producer or category the centre has never seen, or one born at the
sending outlet, is written into the master (and reaches every outlet by the next pull); an
outlet's edit of a row it does not own is kept as a proposal for the admins, never applied over
the master.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Table, bindparam, select, update

from inventory.documents import (
    KIND_AUDIT,
    KIND_CATALOG,
    KIND_STOCK,
    AuditDoc,
    CatalogChange,
    CategoryDoc,
    ProducerDoc,
    ProductDoc,
    StockMovements,
)
from sync.central import tables
from sync.central.registry import Applied, ApplyContext, KindHandler

MOVEMENT_COLUMNS = (
    "id",
    "outlet",
    "seq",
    "product_id",
    "kind",
    "quantity",
    "reason",
    "reference",
    "actor",
    "occurred_at",
    "amount",
)


def movement_rows(entries: Sequence[Applied[StockMovements]]) -> list[tuple[Any, ...]]:
    """The ``central_stock_movement`` rows of ``entries`` in :data:`MOVEMENT_COLUMNS` order."""
    return [
        (
            m.id,
            e.outlet,
            e.seq,
            m.product_id,
            m.kind.value,
            m.quantity,
            m.reason,
            m.reference,
            m.actor,
            m.occurred_at,
            m.amount,
        )
        for e in entries
        for m in e.doc.movements
    ]


def apply_stock(context: ApplyContext, entries: Sequence[Applied[StockMovements]]) -> None:
    """One row per movement: the central stock ledger is the union of the outlets' ledgers."""
    context.insert(tables.stock_movement, MOVEMENT_COLUMNS, movement_rows(entries))


AUDIT_COLUMNS = ("id", "outlet", "seq", "at", "actor", "action", "subject", "before", "after")


def _json_or_none(value: dict[str, object] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def apply_audit(context: ApplyContext, entries: Sequence[Applied[AuditDoc]]) -> None:
    """One row per audit event."""
    rows = [
        (
            e.doc.id,
            e.outlet,
            e.seq,
            e.doc.at,
            e.doc.actor,
            e.doc.action,
            e.doc.subject,
            _json_or_none(e.doc.before),
            _json_or_none(e.doc.after),
        )
        for e in entries
    ]
    context.insert(tables.audit_event, AUDIT_COLUMNS, rows)


def _certifications(doc: ProducerDoc | ProductDoc) -> str:
    return json.dumps([c.model_dump(mode="json") for c in doc.certifications], sort_keys=True)


def producer_values(doc: ProducerDoc) -> dict[str, Any]:
    """Master columns of a producer document."""
    return {
        "name": doc.name,
        "kind": doc.kind.value,
        "program": doc.program.value,
        "kabupaten": doc.kabupaten,
        "kecamatan": doc.kecamatan,
        "desa": doc.desa,
        "phone": doc.phone,
        "commission_bp": doc.commission_bp,
        "version": doc.version,
        "certifications": _certifications(doc),
    }


def category_values(doc: CategoryDoc) -> dict[str, Any]:
    """Master columns of a category document."""
    return {"name": doc.name}


def product_values(doc: ProductDoc) -> dict[str, Any]:
    """Master columns of a product document."""
    return {
        "sku": doc.sku,
        "name": doc.name,
        "unit": doc.unit.value,
        "price": doc.price,
        "cost": doc.cost,
        "producer_id": doc.producer_id,
        "category_id": doc.category_id,
        "min_stock": doc.min_stock,
        "active": doc.active,
        "plu": doc.plu,
        "version": doc.version,
        "barcodes": json.dumps(sorted(doc.barcodes)),
        "certifications": _certifications(doc),
    }


_ENTITIES: tuple[tuple[str, Table, str, Callable[[Any], dict[str, Any]]], ...] = (
    ("producer", tables.producer, "producers", producer_values),
    ("category", tables.category, "categories", category_values),
    ("product", tables.product, "products", product_values),
)


def apply_catalog(context: ApplyContext, entries: Sequence[Applied[CatalogChange]]) -> None:
    """Write new and outlet-owned catalog rows into the master; keep other edits as proposals."""
    connection, outlet = context.connection, context.outlet
    for entity, table, attribute, values_of in _ENTITIES:
        # Documents are whole states: the last one of each id (highest seq) is what counts.
        latest: dict[str, tuple[int, BaseModel]] = {}
        for entry in entries:
            for doc in getattr(entry.doc, attribute):
                latest[doc.id] = (entry.seq, doc)
        if not latest:
            continue
        # Reserve versions first: the counter's row lock orders this against every other
        # catalog writer before anything of the master is read.
        first = context.next_catalog_versions(len(latest))
        masters = {
            row.id: (row.origin_outlet, row.catalog_version)
            for row in connection.execute(
                select(table.c.id, table.c.origin_outlet, table.c.catalog_version).where(
                    table.c.id.in_(list(latest))
                )
            )
        }
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        proposals: list[dict[str, Any]] = []
        for offset, (doc_id, (seq, doc)) in enumerate(latest.items()):
            stamp = {
                "catalog_version": first + offset,
                "changed_by": outlet,
                "updated_at": context.now,
            }
            if doc_id not in masters:
                row = {"id": doc_id, "origin_outlet": outlet, **values_of(doc), **stamp}
                if table is tables.product:
                    row["created_at"] = context.now
                inserts.append(row)
            elif masters[doc_id][0] == outlet:
                changes = {**values_of(doc), **stamp}
                updates.append({"b_id": doc_id, **{f"v_{k}": v for k, v in changes.items()}})
            else:
                proposals.append(
                    {
                        "outlet": outlet,
                        "seq": seq,
                        "entity": entity,
                        "entity_id": doc_id,
                        "doc": doc.model_dump_json(),
                        "received_at": context.now,
                        "base_version": masters[doc_id][1],
                    }
                )
        if inserts:
            connection.execute(table.insert(), inserts)
        if updates:
            # Bind names differ from column names: SQLAlchemy reserves those for SET.
            columns = [key.removeprefix("v_") for key in updates[0] if key != "b_id"]
            statement = (
                update(table)
                .where(table.c.id == bindparam("b_id"))
                .values({key: bindparam(f"v_{key}") for key in columns})
            )
            connection.execute(statement, updates)
        if proposals:
            connection.execute(tables.catalog_proposal.insert(), proposals)


HANDLERS: tuple[KindHandler[Any], ...] = (
    KindHandler(kind=KIND_CATALOG, schema=CatalogChange, apply=apply_catalog),
    KindHandler(kind=KIND_STOCK, schema=StockMovements, apply=apply_stock),
    KindHandler(kind=KIND_AUDIT, schema=AuditDoc, apply=apply_audit),
)
