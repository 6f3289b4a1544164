"""Test data and checks for the manager's services: producers, products and database snapshots."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from datetime import datetime

from pypdf import PdfReader
from sqlmodel import Session

from inventory import catalog
from inventory.catalog import ProductInput
from inventory.db import Store
from inventory.models import (
    Category,
    Certification,
    CertificationKind,
    MovementKind,
    Producer,
    Product,
    Program,
)
from inventory.quantity import Unit
from inventory.stamp import Stamp
from inventory.stock import MovementRequest, record_movements


def db_state(store: Store) -> list[str]:
    """Every row of every table, as SQL text: compare before and after a refused operation."""
    with closing(sqlite3.connect(store.path)) as connection:
        return list(connection.iterdump())


def make_producer(
    session: Session,
    stamp: Stamp,
    name: str = "Koperasi Kopi Fa Masa Bajawa",
    *,
    commission_bp: int = 1500,
    kabupaten: str | None = "Ngada",
    program: Program = Program.OVOP,
    desa: str | None = "Were",
) -> Producer:
    """A producer, stored."""
    producer = Producer(
        name=name,
        commission_bp=commission_bp,
        kabupaten=kabupaten,
        program=program,
        desa=desa,
        kecamatan="Golewa",
        created_at=stamp.at,
        updated_at=stamp.at,
    )
    session.add(producer)
    session.flush()
    return producer


def make_category(session: Session, name: str) -> Category:
    """A category, stored."""
    category = Category(name=name)
    session.add(category)
    session.flush()
    return category


def make_item(
    session: Session,
    stamp: Stamp,
    sku: str,
    *,
    name: str | None = None,
    price: int = 65_000,
    cost: int | None = None,
    producer: Producer | None = None,
    category: Category | None = None,
    barcodes: Sequence[str] = (),
    min_stock: int = 0,
    unit: Unit = Unit.PIECE,
) -> Product:
    """A product through the catalog service."""
    return catalog.save_product(
        session,
        stamp,
        ProductInput(
            sku=sku,
            name=name or f"Produk {sku}",
            price=price,
            cost=cost,
            unit=unit,
            producer_id=producer.id if producer else None,
            category_id=category.id if category else None,
            barcodes=barcodes,
            min_stock=min_stock,
        ),
    )


def certify(
    session: Session,
    kind: CertificationKind,
    number: str,
    *,
    product: Product | None = None,
    producer: Producer | None = None,
    expires_on: object = None,
) -> None:
    """Attach a certificate to a product or a producer."""
    session.add(
        Certification(
            kind=kind,
            number=number,
            product_id=product.id if product else None,
            producer_id=producer.id if producer else None,
            expires_on=expires_on,  # type: ignore[arg-type]
        )
    )
    session.flush()


def sell(
    session: Session,
    stamp: Stamp,
    product: Product,
    quantity: int,
    amount: int | None,
    *,
    refund: bool = False,
    reference: str = "BLU-20261122-0001",
) -> str:
    """Record a sale (or refund) movement with its amount, as the checkout will; its id."""
    kind = MovementKind.REFUND if refund else MovementKind.SALE
    signed = quantity if refund else -quantity
    request = MovementRequest(product.id, kind, signed, reference=reference, amount=amount)
    return record_movements(session, stamp, [request])[0].id


def at(stamp: Stamp, moment: datetime) -> Stamp:
    """``stamp`` moved to ``moment``."""
    return Stamp(outlet=stamp.outlet, actor=stamp.actor, at=moment)


def pdf_text(data: bytes) -> str:
    """All text of a PDF, pages joined."""
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)
