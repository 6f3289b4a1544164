"""Shelf labels: what a label says about a product (or one tenun cloth) and sticker sheet layouts.

A label carries the name, the price (per kg or litre for weighed goods), an EAN-13 (or EAN-8)
barcode, the producer's kabupaten and programme (OVOP, OSOP, OCOP), and the halal, PIRT and
BPOM numbers where there are any: the product's own certificate, else its producer's. The PDF
sheets are drawn by :mod:`inventory.pdf.labels`; single labels for the receipt printer by the
application.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, select

from inventory import barcodes
from inventory.catalog import barcodes_of
from inventory.errors import InvalidInputError
from inventory.manager_common import check_quantity, product_by_id, resolve_product
from inventory.manager_models import ProductUnit
from inventory.models import Certification, CertificationKind, Producer, Product, Program
from inventory.money import format_rupiah
from inventory.quantity import Unit, price_unit_label

MAX_COPIES = 500
A4_MM = (210.0, 297.0)


@dataclass(frozen=True, slots=True)
class LabelInfo:
    """Everything printed on one label."""

    sku: str
    name: str
    price: int
    unit: Unit
    barcode: str | None
    kabupaten: str | None = None
    program: Program | None = None
    certificates: dict[CertificationKind, str] = field(default_factory=dict)
    detail: str | None = None
    """For one unit of a tenun: its motif, weaver and village."""

    @property
    def price_text(self) -> str:
        """``Rp65.000``, or ``Rp180.000/kg`` for weighed goods."""
        text = format_rupiah(self.price)
        return text if self.unit is Unit.PIECE else f"{text}/{price_unit_label(self.unit)}"

    @property
    def origin_text(self) -> str:
        """``Ngada · OVOP`` (what is known of it)."""
        program = None if self.program in (None, Program.NONE) else self.program
        parts = [self.kabupaten, program.value.upper() if program else None]
        return " · ".join(part for part in parts if part)

    @property
    def certificate_text(self) -> str:
        """``Halal ID3311... · PIRT 2065... · BPOM MD...`` in a fixed order."""
        names = {
            CertificationKind.HALAL: "Halal",
            CertificationKind.PIRT: "PIRT",
            CertificationKind.BPOM: "BPOM",
        }
        parts = []
        for kind, name in names.items():
            number = self.certificates.get(kind)
            if number is None:
                continue
            # Numbers are often written with their scheme already ("BPOM RI MD 2511...").
            prefixed = number.casefold().replace("-", "").startswith(name.casefold())
            parts.append(number if prefixed else f"{name} {number}")
        return " · ".join(parts)


def _certificates(session: Session, product: Product) -> dict[CertificationKind, str]:
    found: dict[CertificationKind, str] = {}
    if product.producer_id:
        for cert in session.exec(
            select(Certification).where(Certification.producer_id == product.producer_id)
        ):
            found[cert.kind] = cert.number
    for cert in session.exec(select(Certification).where(Certification.product_id == product.id)):
        found[cert.kind] = cert.number  # the product's own number wins
    return found


def _label(
    session: Session, product: Product, *, code: str | None, detail: str | None
) -> LabelInfo:
    producer = session.get(Producer, product.producer_id) if product.producer_id else None
    return LabelInfo(
        sku=product.sku,
        name=product.name,
        price=product.price,
        unit=product.unit,
        barcode=code,
        kabupaten=producer.kabupaten if producer else None,
        program=producer.program if producer else None,
        certificates=_certificates(session, product),
        detail=detail,
    )


def product_label(session: Session, code: str) -> LabelInfo:
    """The label of the product with barcode or SKU ``code``, or of the tenun unit ``code``."""
    text = code.strip()
    if barcodes.is_valid(text):
        unit = session.exec(
            select(ProductUnit).where(ProductUnit.code == barcodes.normalize(text))
        ).one_or_none()
        if unit is not None:
            product = product_by_id(session, unit.product_id)
            parts = [unit.motif, unit.weaver, unit.village]
            detail = " · ".join(part for part in parts if part) or None
            return _label(session, product, code=unit.code, detail=detail)
    product = resolve_product(session, text)
    unit_codes = set(
        session.exec(select(ProductUnit.code).where(ProductUnit.product_id == product.id)).all()
    )
    codes = [c for c in barcodes_of(session, product.id) if c not in unit_codes]
    chosen = next((c for c in codes if len(c) == 13), None) or next(iter(codes), None)
    return _label(session, product, code=chosen, detail=None)


def labels_for(session: Session, requests: Sequence[tuple[str, int]]) -> list[LabelInfo]:
    """Labels for ``(barcode, SKU or unit code, copies)`` requests, copies repeated in order."""
    if not requests:
        raise InvalidInputError("labels.none")
    result: list[LabelInfo] = []
    for code, copies in requests:
        check_quantity(copies, where=code)
        if copies > MAX_COPIES:
            raise InvalidInputError("labels.too_many", code=code, copies=copies, max=MAX_COPIES)
        result.extend([product_label(session, code)] * copies)
    return result


@dataclass(frozen=True, slots=True)
class SheetLayout:
    """An A4 sticker sheet: columns x rows of equal labels inside margins, in millimetres."""

    columns: int
    rows: int
    margin_top: float = 0.0
    margin_bottom: float = 0.0
    margin_left: float = 0.0
    margin_right: float = 0.0
    gap_x: float = 0.0
    gap_y: float = 0.0

    def __post_init__(self) -> None:
        if not (1 <= self.columns <= 10 and 1 <= self.rows <= 30):
            raise InvalidInputError("labels.bad_grid", columns=self.columns, rows=self.rows)
        values = (self.margin_top, self.margin_bottom, self.margin_left, self.margin_right)
        if min(*values, self.gap_x, self.gap_y) < 0:
            raise InvalidInputError("labels.negative_margin")
        if self.label_width < 20 or self.label_height < 12:
            raise InvalidInputError(
                "labels.too_small",
                width=f"{self.label_width:.1f}",
                height=f"{self.label_height:.1f}",
            )

    @property
    def per_sheet(self) -> int:
        """Labels on one sheet."""
        return self.columns * self.rows

    @property
    def label_width(self) -> float:
        """Width of one label in mm."""
        usable = A4_MM[0] - self.margin_left - self.margin_right - self.gap_x * (self.columns - 1)
        return usable / self.columns

    @property
    def label_height(self) -> float:
        """Height of one label in mm."""
        usable = A4_MM[1] - self.margin_top - self.margin_bottom - self.gap_y * (self.rows - 1)
        return usable / self.rows

    def origin(self, position: int) -> tuple[float, float]:
        """Top-left corner (mm from the page's top-left) of label ``position`` on its sheet,
        filled row by row."""
        row, column = divmod(position % self.per_sheet, self.columns)
        x = self.margin_left + column * (self.label_width + self.gap_x)
        y = self.margin_top + row * (self.label_height + self.gap_y)
        return x, y


PRESETS: dict[str, SheetLayout] = {
    # 24 labels of 70 x 36 mm (the common "3 x 8" A4 sheet), no side margins.
    "3x8": SheetLayout(columns=3, rows=8, margin_top=4.5, margin_bottom=4.5),
    # 65 labels of 38.1 x 21.2 mm (the common "5 x 13" A4 sheet).
    "5x13": SheetLayout(
        columns=5,
        rows=13,
        margin_top=10.7,
        margin_bottom=10.7,
        margin_left=4.75,
        margin_right=4.75,
        gap_x=2.5,
    ),
}


def preset(name: str) -> SheetLayout:
    """The sheet layout called ``name`` (``3x8`` or ``5x13``)."""
    try:
        return PRESETS[name]
    except KeyError:
        raise InvalidInputError(
            "labels.unknown_preset", name=name, known=", ".join(PRESETS)
        ) from None
