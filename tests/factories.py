"""Test data in one place: products, barcodes and catalog files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlmodel import Session

from inventory import catalog
from inventory.barcodes import with_check_digit
from inventory.catalog import ProductInput
from inventory.models import Product
from inventory.quantity import Unit
from inventory.stamp import Stamp

KOPI_EAN = with_check_digit("899123456789")  # 8991234567891
MADU_EAN = with_check_digit("899765432101")


def ean(n: int) -> str:
    """A valid EAN-13 under the 899 prefix, distinct for each ``n``."""
    return with_check_digit(f"899{n:09d}")


def make_product(
    session: Session,
    stamp: Stamp,
    *,
    sku: str = "KOP-BJW-250",
    name: str = "Kopi Arabika Flores Bajawa 250g",
    price: int = 65_000,
    unit: Unit = Unit.PIECE,
    barcodes: Sequence[str] = (KOPI_EAN,),
    plu: str | None = None,
    min_stock: int = 0,
) -> Product:
    """Create (or update) a product through the catalog service."""
    return catalog.save_product(
        session,
        stamp,
        ProductInput(
            sku=sku,
            name=name,
            price=price,
            unit=unit,
            barcodes=barcodes,
            plu=plu,
            min_stock=min_stock,
        ),
    )


HEADER = "sku,name,barcode,price,unit,category,producer,kabupaten,program,min_stock"


def write_csv(path: Path, *rows: str, header: str = HEADER, bom: bool = False) -> Path:
    """Write a catalog CSV with ``header`` and ``rows`` (already comma-joined)."""
    text = "\n".join([header, *rows]) + "\n"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def make_catalog(session: Session, stamp: Stamp, count: int = 3) -> list[str]:
    """``count`` products (SKU ``P0001``...) with barcodes; returns their ids."""
    return [
        make_product(
            session, stamp, sku=f"P{n:04d}", name=f"Produk {n}", price=10_000 + n, barcodes=[ean(n)]
        ).id
        for n in range(1, count + 1)
    ]


def record_sale(session: Session, stamp: Stamp, product_ids: Sequence[str], number: int) -> None:
    """A sale-like ``stock.movements`` entry: one sale movement per product, reference SALE-n."""
    from inventory.models import MovementKind
    from inventory.stock import MovementRequest, record_movements

    record_movements(
        session,
        stamp,
        [
            MovementRequest(
                pid, MovementKind.SALE, -(1 + (number + i) % 3), reference=f"SALE-{number}"
            )
            for i, pid in enumerate(product_ids)
        ],
    )
