"""Catalog files: importing products from CSV or XLSX and exporting them again.

An import is all-or-nothing by default: every row is checked first, and if any row is invalid
nothing is written and every problem is reported by line and column. With ``skip_invalid`` the
valid rows are imported and the rest reported. Rows update existing products by SKU. The whole
import is one write transaction, journaled in chunks of products.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from inventory import audit, barcodes
from inventory.catalog import MAX_NAME, MAX_SKU, clean_text
from inventory.documents import KIND_CATALOG
from inventory.errors import InvalidInputError, NttMartError
from inventory.i18n import t
from inventory.ids import new_id
from inventory.models import (
    Barcode,
    Category,
    Certification,
    CertificationKind,
    Producer,
    ProducerKind,
    Product,
    Program,
)
from inventory.money import parse_rupiah
from inventory.quantity import Unit
from inventory.stamp import Stamp
from sync import journal

REQUIRED_COLUMNS = (
    "sku",
    "name",
    "barcode",
    "price",
    "unit",
    "category",
    "producer",
    "kabupaten",
    "program",
    "min_stock",
)
OPTIONAL_COLUMNS = ("cost", "desa", "halal_no", "pirt_no", "bpom_no")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
JOURNAL_CHUNK = 500
_CERT_COLUMNS = (
    ("halal_no", CertificationKind.HALAL),
    ("pirt_no", CertificationKind.PIRT),
    ("bpom_no", CertificationKind.BPOM),
)
_PROGRAMS = {p.value: p for p in Program} | {"": Program.NONE, "-": Program.NONE}
_UNITS = {u.value: u for u in Unit} | {"pc": Unit.PIECE, "gram": Unit.GRAM}


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why one row (or the file) cannot be imported."""

    line: int
    column: str | None
    error: NttMartError

    def __str__(self) -> str:
        where = t("import.where_line", line=self.line)
        if self.column:
            where = t("import.where_cell", line=self.line, column=self.column)
        return f"{where}: {self.error}"


@dataclass(slots=True)
class ImportRow:
    """One valid row, parsed."""

    line: int
    sku: str
    name: str
    codes: tuple[str, ...]
    price: int
    unit: Unit
    category: str
    producer: str
    kabupaten: str
    program: Program
    min_stock: int
    cost: int | None
    desa: str
    certificates: dict[CertificationKind, str]


@dataclass(slots=True)
class ImportReport:
    """What an import did (or, refused, would not do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RowProblem] = field(default_factory=list)
    applied: bool = False

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly summary."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [
                {"line": p.line, "column": p.column, "error": str(p.error)} for p in self.rejected
            ],
            "applied": self.applied,
        }


class ImportRefusedError(NttMartError):
    """Invalid rows in an all-or-nothing import: nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("import.refused", count=len(report.rejected))
        self.report = report


# ---------------------------------------------------------------- reading files


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)


def read_table(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header and the ``(line, cells)`` rows of a CSV (``,`` or ``;``) or XLSX file."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path)
    raw = path.read_bytes()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InvalidInputError("import.not_utf8", line=line) from None
    first = content.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidInputError("import.empty_file") from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        line = reader.line_num
        for cells in reader:
            yield line + 1, cells
            line = reader.line_num

    return header, rows()


def _read_xlsx(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise InvalidInputError("import.bad_xlsx", detail=str(error)) from None
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        header = [_cell(v) for v in next(iterator)]
    except StopIteration:
        raise InvalidInputError("import.empty_file") from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, values in enumerate(iterator, start=2):
            yield number, [_cell(v) for v in values]
        workbook.close()

    return header, rows()


def _header_index(header: Sequence[str]) -> dict[str, int]:
    names = [name.strip().lower() for name in header]
    unknown = [name for name in names if name and name not in COLUMNS]
    if unknown:
        raise InvalidInputError(
            "import.unknown_columns", columns=", ".join(unknown), allowed=", ".join(COLUMNS)
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        raise InvalidInputError("import.missing_columns", columns=", ".join(missing))
    return {name: index for index, name in enumerate(names) if name}


# ---------------------------------------------------------------- checking rows


def _integer(text: str, column: str) -> int:
    text = text.replace(".", "") if text else "0"
    if not text.isdigit():
        raise InvalidInputError("import.not_whole_number", column=column, value=text)
    return int(text)


def _price(text: str, column: str) -> int:
    if not text:
        raise InvalidInputError("catalog.required", field=column)
    value = parse_rupiah(text)
    if value <= 0:
        raise InvalidInputError("import.price_not_positive", value=text)
    return value


def _cost(text: str, column: str) -> int | None:
    return parse_rupiah(text) if text else None


def _codes(text: str, column: str) -> tuple[str, ...]:
    found = (barcodes.normalize(code) for code in text.split("|") if code.strip())
    return tuple(dict.fromkeys(found))


def _choice(choices: dict[str, Any], default: str = "") -> Callable[[str, str], Any]:
    def parse(text: str, column: str) -> Any:
        try:
            return choices[text.lower() or default]
        except KeyError:
            allowed = ", ".join(sorted(k for k in choices if k not in ("", "-")))
            raise InvalidInputError(
                "import.bad_choice", column=column, value=text, allowed=allowed
            ) from None

    return parse


def _text(max_length: int, *, required: bool = False) -> Callable[[str, str], str]:
    def parse(text: str, column: str) -> str:
        return clean_text(text, field_name=column, max_length=max_length, required=required)

    return parse


# How each column is read; every parser gets the trimmed cell and the column name.
_PARSERS: dict[str, Callable[[str, str], Any]] = {
    "sku": _text(MAX_SKU, required=True),
    "name": _text(MAX_NAME, required=True),
    "barcode": _codes,
    "price": _price,
    "unit": _choice(_UNITS, default="pcs"),
    "category": _text(120),
    "producer": _text(200),
    "kabupaten": _text(80),
    "program": _choice(_PROGRAMS),
    "min_stock": _integer,
    "cost": _cost,
    "desa": _text(80),
    "halal_no": _text(80),
    "pirt_no": _text(80),
    "bpom_no": _text(80),
}


def parse_row(line: int, cells: list[str], index: dict[str, int]) -> ImportRow | list[RowProblem]:
    """Check one row; return it parsed, or every problem found in it."""
    problems: list[RowProblem] = []
    if len(cells) > len(index) and any(c.strip() for c in cells[len(index) :]):
        problems.append(RowProblem(line, None, InvalidInputError("import.extra_cells")))
    size = len(cells)
    values: dict[str, Any] = {}
    for column, parse in _PARSERS.items():
        position = index.get(column)
        text = cells[position].strip() if position is not None and position < size else ""
        try:
            values[column] = parse(text, column)
        except InvalidInputError as error:
            problems.append(RowProblem(line, column, error))
    if problems:
        return problems
    return ImportRow(
        line=line,
        sku=values["sku"],
        name=values["name"],
        codes=values["barcode"],
        price=values["price"],
        unit=values["unit"],
        category=values["category"],
        producer=values["producer"],
        kabupaten=values["kabupaten"],
        program=values["program"],
        min_stock=values["min_stock"],
        cost=values["cost"],
        desa=values["desa"],
        certificates={kind: values[column] for column, kind in _CERT_COLUMNS if values[column]},
    )


def check_rows(
    session: Session, header: list[str], rows: Iterator[tuple[int, list[str]]]
) -> tuple[list[ImportRow], list[RowProblem]]:
    """Parse every row and check them against each other and against the stored catalog."""
    index = _header_index(header)
    good: list[ImportRow] = []
    problems: list[RowProblem] = []
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        parsed = parse_row(line, cells, index)
        if isinstance(parsed, list):
            problems.extend(parsed)
        else:
            good.append(parsed)
    # Rows against each other and the stored catalog.
    seen_sku: dict[str, int] = {}
    seen_code: dict[str, str] = {}
    producer_seen: dict[str, ImportRow] = {}
    stored_codes: dict[str, str] = {
        code: sku
        for code, sku in session.exec(
            select(Barcode.code, Product.sku).join(
                Product, col(Product.id) == col(Barcode.product_id)
            )
        ).all()
    }
    kept: list[ImportRow] = []
    for row in good:
        row_problems = []
        if row.sku in seen_sku:
            row_problems.append(
                RowProblem(
                    row.line,
                    "sku",
                    InvalidInputError("import.duplicate_sku", sku=row.sku, first=seen_sku[row.sku]),
                )
            )
        for code in row.codes:
            owner = seen_code.get(code) or stored_codes.get(code)
            if owner is not None and owner != row.sku:
                row_problems.append(
                    RowProblem(
                        row.line,
                        "barcode",
                        InvalidInputError("import.barcode_taken", code=code, sku=owner),
                    )
                )
        if row.producer:
            first = producer_seen.get(row.producer.casefold())
            if first is not None and (first.kabupaten, first.program, first.desa) != (
                row.kabupaten or first.kabupaten,
                row.program if row.program is not Program.NONE else first.program,
                row.desa or first.desa,
            ):
                row_problems.append(
                    RowProblem(
                        row.line,
                        "producer",
                        InvalidInputError(
                            "import.producer_disagrees", producer=row.producer, first=first.line
                        ),
                    )
                )
        if row_problems:
            problems.extend(row_problems)
            continue
        seen_sku[row.sku] = row.line
        for code in row.codes:
            seen_code[code] = row.sku
        if row.producer and row.producer.casefold() not in producer_seen:
            producer_seen[row.producer.casefold()] = row
        kept.append(row)
    problems.sort(key=lambda p: p.line)
    return kept, problems


# ---------------------------------------------------------------- writing


_PRODUCT_FIELDS = ("name", "unit", "price", "cost", "producer_id", "category_id", "min_stock")


def import_catalog(
    session: Session,
    stamp: Stamp,
    path: Path,
    *,
    skip_invalid: bool = False,
    source_name: str | None = None,
) -> ImportReport:
    """Import the catalog file at ``path`` in the caller's write transaction.

    Raises :class:`ImportRefusedError` (nothing written) when a row is invalid and
    ``skip_invalid`` is false, and :class:`InvalidInputError` for an unreadable file.
    """
    header, rows = read_table(path)
    good, problems = check_rows(session, header, rows)
    report = ImportReport(rejected=problems)
    if problems and not skip_invalid:
        raise ImportRefusedError(report)
    _apply(session, stamp, good, report)
    report.applied = True
    audit.record(
        session,
        stamp,
        action="catalog.import",
        subject=source_name or Path(path).name,
        after={"created": report.created, "updated": report.updated, "rejected": len(problems)},
    )
    return report


def apply_rows(session: Session, stamp: Stamp, rows: list[ImportRow]) -> ImportReport:
    """Write already checked rows (from :func:`check_rows` or a generator such as the demo)."""
    report = ImportReport()
    _apply(session, stamp, rows, report)
    report.applied = True
    return report


def _apply(session: Session, stamp: Stamp, rows: list[ImportRow], report: ImportReport) -> None:
    producers = _ensure_producers(session, stamp, rows)
    categories = _ensure_categories(session, rows)
    existing = {
        row.sku: row
        for row in session.execute(
            sa_select(
                col(Product.id),
                col(Product.sku),
                col(Product.version),
                col(Product.local),
                col(Product.active),
                col(Product.plu),
                *[getattr(Product, f) for f in _PRODUCT_FIELDS],
            )
        ).all()
    }
    code_owner = dict(session.execute(select(Barcode.code, Barcode.product_id)).all())
    stored_certs: dict[str, dict[CertificationKind, str]] = {}
    for product_id, kind, number in session.execute(
        select(Certification.product_id, Certification.kind, Certification.number).where(
            col(Certification.product_id).is_not(None)
        )
    ).all():
        stored_certs.setdefault(product_id, {})[kind] = number
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    new_codes: list[dict[str, Any]] = []
    docs: list[dict[str, Any]] = []
    cert_rows: list[dict[str, Any]] = []
    replaced_certs: list[tuple[str, CertificationKind]] = []
    for row in rows:
        values = {
            "name": row.name,
            "unit": row.unit,
            "price": row.price,
            "cost": row.cost,
            "producer_id": producers.get(row.producer.casefold()) if row.producer else None,
            "category_id": categories.get(row.category.casefold()) if row.category else None,
            "min_stock": row.min_stock,
        }
        old = existing.get(row.sku)
        added = [code for code in row.codes if code not in code_owner]
        certs_before = stored_certs.get(old.id, {}) if old is not None else {}
        new_certs = {k: v for k, v in row.certificates.items() if certs_before.get(k) != v}
        if old is None:
            product_id, version, local, active, plu = new_id(), 1, True, True, None
            inserts.append(
                {
                    "id": product_id,
                    "sku": row.sku,
                    "version": 1,
                    "local": True,
                    "active": True,
                    "created_at": stamp.at,
                    "updated_at": stamp.at,
                    **values,
                }
            )
            report.created += 1
        else:
            product_id, local, active, plu = old.id, old.local, old.active, old.plu
            changed = any(getattr(old, f) != values[f] for f in _PRODUCT_FIELDS)
            if not changed and not added and not new_certs:
                report.unchanged += 1
                continue
            version = old.version + 1
            updates.append(
                {"b_id": product_id, "version": version, "updated_at": stamp.at, **values}
            )
            report.updated += 1
        for code in added:
            code_owner[code] = product_id
            new_codes.append(
                {"code": code, "product_id": product_id, "instore": code.startswith("2")}
            )
        for kind, number in new_certs.items():
            if kind in certs_before:
                replaced_certs.append((product_id, kind))
            cert_rows.append(
                {
                    "id": new_id(),
                    "product_id": product_id,
                    "producer_id": None,
                    "kind": kind,
                    "number": number,
                    "expires_on": None,
                }
            )
        docs.append(
            {
                "id": product_id,
                "sku": row.sku,
                "name": row.name,
                "unit": row.unit.value,
                "price": row.price,
                "cost": row.cost,
                "producer_id": values["producer_id"],
                "category_id": values["category_id"],
                "min_stock": row.min_stock,
                "active": active,
                "local": local,
                "plu": plu,
                "version": version,
                "barcodes": [],
                "certifications": _certification_docs(certs_before | new_certs),
            }
        )
    products = Product.__table__  # type: ignore[attr-defined]
    if inserts:
        _insert_many(session, products, inserts)
    if updates:
        statement = (
            update(products)
            .where(products.c.id == bindparam("b_id"))
            .values({k: bindparam(k) for k in ("version", "updated_at", *_PRODUCT_FIELDS)})
        )
        session.connection().execute(statement, updates)
    if new_codes:
        _insert_many(session, Barcode.__table__, new_codes)  # type: ignore[attr-defined]
    certs = Certification.__table__  # type: ignore[attr-defined]
    for product_id, kind in replaced_certs:
        session.execute(delete(certs).where(certs.c.product_id == product_id, certs.c.kind == kind))
    if cert_rows:
        session.execute(insert(certs), cert_rows)
    codes_by_product: dict[str, list[str]] = {}
    for code, owner in code_owner.items():
        codes_by_product.setdefault(owner, []).append(code)
    for start in range(0, len(docs), JOURNAL_CHUNK):
        chunk = docs[start : start + JOURNAL_CHUNK]
        for doc in chunk:
            codes = codes_by_product.get(doc["id"], [])
            doc["barcodes"] = sorted(codes) if len(codes) > 1 else codes
        journal.append(
            session,
            outlet=stamp.outlet,
            kind=KIND_CATALOG,
            payload={"products": chunk, "producers": [], "categories": []},
            at=stamp.at,
        )


def _certification_docs(certificates: dict[CertificationKind, str]) -> list[dict[str, Any]]:
    if not certificates:
        return []
    return [
        {"kind": kind.value, "number": number, "expires_on": None}
        for kind, number in sorted(certificates.items())
    ]


def _insert_many(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` with the driver's ``executemany``, converting values once per column.

    Large imports spend most of their time in per-row parameter processing; converting with
    each column's own bind processor keeps the stored values identical to an ORM insert.
    """
    connection = session.connection()
    dialect = connection.dialect
    columns = list(rows[0])
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns
    ]
    # Columns with a processor (times, enums) repeat a handful of values: convert each once.
    caches: list[dict[Any, Any]] = [{} for _ in columns]

    def convert(position: int, value: Any) -> Any:
        processor = processors[position]
        if processor is None or value is None:
            return value
        cache = caches[position]
        if value not in cache:
            cache[value] = processor(value)
        return cache[value]

    plain = [i for i, processor in enumerate(processors) if processor is None]
    placeholders = ", ".join("?" for _ in columns)
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({placeholders})"
    if len(plain) == len(columns):
        converted = [tuple(row[name] for name in columns) for row in rows]
    else:
        converted = [tuple(convert(i, row[name]) for i, name in enumerate(columns)) for row in rows]
    connection.exec_driver_sql(sql, converted)


def _ensure_producers(session: Session, stamp: Stamp, rows: list[ImportRow]) -> dict[str, str]:
    known = {
        name.casefold(): pid
        for pid, name in session.execute(select(Producer.id, Producer.name)).all()
    }
    new: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = row.producer.casefold()
        if not row.producer or key in known or key in new:
            continue
        new[key] = {
            "id": new_id(),
            "name": row.producer,
            "kind": ProducerKind.UMKM,
            "program": row.program,
            "kabupaten": row.kabupaten or None,
            "kecamatan": None,
            "desa": row.desa or None,
            "phone": None,
            "commission_bp": 2000,
            "version": 1,
            "created_at": stamp.at,
            "updated_at": stamp.at,
        }
    if new:
        session.execute(insert(Producer.__table__), list(new.values()))  # type: ignore[attr-defined]
        docs = [
            {
                k: (v.value if hasattr(v, "value") else v)
                for k, v in p.items()
                if k not in ("created_at", "updated_at")
            }
            | {"certifications": []}
            for p in new.values()
        ]
        journal.append(
            session,
            outlet=stamp.outlet,
            kind=KIND_CATALOG,
            payload={"producers": docs, "products": [], "categories": []},
            at=stamp.at,
        )
    known.update({key: p["id"] for key, p in new.items()})
    return known


def _ensure_categories(session: Session, rows: list[ImportRow]) -> dict[str, str]:
    known = {
        name.casefold(): cid
        for cid, name in session.execute(select(Category.id, Category.name)).all()
    }
    new: dict[str, dict[str, str]] = {}
    for row in rows:
        key = row.category.casefold()
        if row.category and key not in known and key not in new:
            new[key] = {"id": new_id(), "name": row.category}
    if new:
        session.execute(insert(Category.__table__), list(new.values()))  # type: ignore[attr-defined]
    known.update({key: c["id"] for key, c in new.items()})
    return known


# ---------------------------------------------------------------- exporting


def export_rows(session: Session) -> Iterator[list[str]]:
    """The catalog as rows of :data:`COLUMNS` (header first), ready for CSV or XLSX."""
    yield list(COLUMNS)
    producers = {p.id: p for p in session.execute(select(Producer)).scalars()}
    categories = dict(session.execute(select(Category.id, Category.name)).all())
    codes: dict[str, list[str]] = {}
    for code, owner in session.execute(
        select(Barcode.code, Barcode.product_id).order_by(Barcode.code)
    ).all():
        codes.setdefault(owner, []).append(code)
    certs: dict[tuple[str, CertificationKind], str] = {
        (pid, kind): number
        for pid, kind, number in session.execute(
            select(Certification.product_id, Certification.kind, Certification.number).where(
                Certification.product_id.is_not(None)  # type: ignore[union-attr]
            )
        ).all()
    }
    for product in session.execute(select(Product).order_by(Product.sku)).scalars():
        producer = producers.get(product.producer_id or "")
        yield [
            product.sku,
            product.name,
            "|".join(codes.get(product.id, [])),
            str(product.price),
            product.unit.value,
            categories.get(product.category_id or "", ""),
            producer.name if producer else "",
            (producer.kabupaten or "") if producer else "",
            producer.program.value if producer else "none",
            str(product.min_stock),
            "" if product.cost is None else str(product.cost),
            (producer.desa or "") if producer else "",
            certs.get((product.id, CertificationKind.HALAL), ""),
            certs.get((product.id, CertificationKind.PIRT), ""),
            certs.get((product.id, CertificationKind.BPOM), ""),
        ]


def write_csv(rows: Iterator[list[str]], out: io.TextIOBase | Any) -> int:
    """Write rows as CSV (comma separated); returns the number of data rows."""
    writer = csv.writer(out)
    count = -1
    for row in rows:
        writer.writerow(row)
        count += 1
    return max(count, 0)


def write_xlsx(rows: Iterator[list[str]], path: Path) -> int:
    """Write rows to an XLSX workbook, every cell as text so barcodes keep leading zeros."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("catalog")
    count = -1
    for row in rows:
        sheet.append(row)
        count += 1
    workbook.save(path)
    return max(count, 0)
