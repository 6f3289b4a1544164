"""The catalog master as outlets see it: changes after a version, one page at a time."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Engine, Table, select, text, update

from inventory.documents import CategoryDoc, ProducerDoc, ProductDoc
from sync.central import tables
from sync.wire import CatalogDelta, CatalogItem


def _producer_doc(row: Any) -> dict[str, Any]:
    return ProducerDoc(
        id=row.id,
        name=row.name,
        kind=row.kind,
        program=row.program,
        kabupaten=row.kabupaten,
        kecamatan=row.kecamatan,
        desa=row.desa,
        phone=row.phone,
        commission_bp=row.commission_bp,
        version=row.version,
        certifications=json.loads(row.certifications),
    ).model_dump(mode="json")


def _category_doc(row: Any) -> dict[str, Any]:
    return CategoryDoc(id=row.id, name=row.name).model_dump(mode="json")


def _product_doc(row: Any) -> dict[str, Any]:
    return ProductDoc(
        id=row.id,
        sku=row.sku,
        name=row.name,
        unit=row.unit,
        price=row.price,
        cost=row.cost,
        producer_id=row.producer_id,
        category_id=row.category_id,
        min_stock=row.min_stock,
        active=row.active,
        local=False,
        plu=row.plu,
        version=row.version,
        barcodes=json.loads(row.barcodes),
        certifications=json.loads(row.certifications),
    ).model_dump(mode="json")


_SOURCES: tuple[tuple[Literal["producer", "category", "product"], Table, Any], ...] = (
    ("producer", tables.producer, _producer_doc),
    ("category", tables.category, _category_doc),
    ("product", tables.product, _product_doc),
)


def latest_version(engine: Engine) -> int:
    """The newest catalog version."""
    with engine.connect() as connection:
        return int(
            connection.execute(
                text("SELECT value FROM central_counter WHERE name = 'catalog_version'")
            ).scalar_one()
        )


def changes_since(engine: Engine, since: int, limit: int) -> CatalogDelta:
    """Up to ``limit`` master changes with a version above ``since``, oldest first."""
    items: list[CatalogItem] = []
    with engine.connect() as connection:
        latest = int(
            connection.execute(
                text("SELECT value FROM central_counter WHERE name = 'catalog_version'")
            ).scalar_one()
        )
        for entity, table, to_doc in _SOURCES:
            rows = connection.execute(
                select(table)
                .where(table.c.catalog_version > since, table.c.catalog_version <= latest)
                .order_by(table.c.catalog_version)
                .limit(limit + 1)
            )
            items.extend(
                CatalogItem(
                    version=row.catalog_version,
                    entity=entity,
                    origin=row.origin_outlet,
                    changed_by=row.changed_by,
                    doc=to_doc(row),
                )
                for row in rows
            )
    items.sort(key=lambda item: item.version)
    more = len(items) > limit
    items = items[:limit]
    return CatalogDelta(
        since=since,
        items=items,
        next_since=items[-1].version if items else since,
        more=more,
        latest=latest,
    )


def set_product_price(engine: Engine, *, product_id: str, price: int, now: datetime) -> int:
    """Change a master product's price at the centre; returns the new catalog version."""
    with engine.begin() as connection:
        version = int(
            connection.execute(
                text(
                    "UPDATE central_counter SET value = value + 1 "
                    "WHERE name = 'catalog_version' RETURNING value"
                )
            ).scalar_one()
        )
        connection.execute(
            update(tables.product)
            .where(tables.product.c.id == product_id)
            .values(
                price=price,
                version=tables.product.c.version + 1,
                changed_by=None,
                catalog_version=version,
                updated_at=now,
            )
        )
    return version
