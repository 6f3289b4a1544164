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
