"""Importing catalog files (CSV and XLSX) all-or-nothing, and exporting them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import select

from inventory import catalog
from inventory.catalog_io import (
    ImportRefusedError,
    export_rows,
    import_catalog,
    write_csv,
    write_xlsx,
)
from inventory.db import Store
from inventory.documents import CatalogChange
from inventory.errors import InvalidInputError
from inventory.models import Barcode, Certification, Producer, Product, Program
from inventory.stamp import Stamp
from sync.journal import JournalEntry
from tests.factories import HEADER, KOPI_EAN, MADU_EAN, ean
from tests.factories import write_csv as csv_file

KOPI = f"KOP-BJW-250,Kopi Arabika Flores Bajawa 250g,{KOPI_EAN},Rp65.000,pcs,Kopi,Koperasi Fa Masa,Ngada,OVOP,10"
MADU = f"MDU-250,Madu Hutan Timor 250ml,{MADU_EAN}|{ean(5)},85.000,pcs,Madu,KSU Madu Amfoang,Kupang,ovop,5"


def snapshot(store: Store) -> tuple[object, ...]:
    """Everything an import may touch, to prove a refused import changed nothing."""
    with store.read() as session:
        return (
            sorted((p.sku, p.name, p.price, p.version) for p in session.exec(select(Product))),
            sorted((b.code, b.product_id) for b in session.exec(select(Barcode))),
            sorted(p.name for p in session.exec(select(Producer))),
            len(session.exec(select(JournalEntry)).all()),
        )


def run_import(store: Store, stamp: Stamp, path: Path, **options: bool):  # type: ignore[no-untyped-def]
    with store.write() as session:
        return import_catalog(session, stamp, path, **options)


def test_import_creates_products_producers_and_barcodes(
    store: Store, stamp: Stamp, tmp_path: Path
) -> None:
    report = run_import(store, stamp, csv_file(tmp_path / "c.csv", KOPI, MADU))
    assert (report.created, report.updated, report.rejected) == (2, 0, [])
    with store.read() as session:
        madu = catalog.get_by_sku(session, "MDU-250")
        assert madu.price == 85_000
        assert catalog.barcodes_of(session, madu.id) == sorted([MADU_EAN, ean(5)])
        producer = catalog.producer_of(session, madu)
        assert producer is not None
        assert (producer.name, producer.kabupaten, producer.program) == (
            "KSU Madu Amfoang",
            "Kupang",
            Program.OVOP,
        )
        assert [p.sku for p in catalog.search(session, "kopi baja")] == ["KOP-BJW-250"]
        changes = [
            CatalogChange.model_validate_json(e.payload)
            for e in session.exec(select(JournalEntry).where(JournalEntry.kind == "catalog.change"))
        ]
    assert sorted(p.sku for c in changes for p in c.products) == ["KOP-BJW-250", "MDU-250"]
    assert sorted(p.name for c in changes for p in c.producers) == [
        "KSU Madu Amfoang",
        "Koperasi Fa Masa",
    ]


def test_semicolons_bom_and_crlf_as_excel_writes(
    store: Store, stamp: Stamp, tmp_path: Path
) -> None:
    text = (
        HEADER.replace(",", ";")
        + "\r\n"
        + KOPI.replace(",", ";").replace("Rp65.000", "Rp 65.000")
        + "\r\n"
    )
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    report = run_import(store, stamp, path)
    assert report.created == 1
    with store.read() as session:
        assert catalog.get_by_sku(session, "KOP-BJW-250").price == 65_000


def test_optional_columns_and_certificates(store: Store, stamp: Stamp, tmp_path: Path) -> None:
    header = HEADER + ",cost,desa,halal_no,pirt_no,bpom_no"
    row = KOPI + ",40.000,Were,ID00410000123450323,2065309010123-27,"
    run_import(store, stamp, csv_file(tmp_path / "c.csv", row, header=header))
    with store.read() as session:
        product = catalog.get_by_sku(session, "KOP-BJW-250")
        certs = sorted((c.kind.value, c.number) for c in session.exec(select(Certification)))
        producer = catalog.producer_of(session, product)
    assert product.cost == 40_000
    assert producer is not None and producer.desa == "Were"
    assert certs == [("halal", "ID00410000123450323"), ("pirt", "2065309010123-27")]


def test_xlsx_import_with_numeric_cells(store: Store, stamp: Stamp, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            "KOP-1",
            "Kopi Colol 250g",
            int(KOPI_EAN),
            70000,
            "pcs",
            "Kopi",
            "Koperasi Colol",
            "Manggarai Timur",
            "OVOP",
            4,
        ]
    )
    path = tmp_path / "catalog.xlsx"
    workbook.save(path)
    report = run_import(store, stamp, path)
    assert report.created == 1
    with store.read() as session:
        assert catalog.lookup_barcode(session, KOPI_EAN).product.price == 70_000


def test_reimport_updates_by_sku(store: Store, stamp: Stamp, tmp_path: Path) -> None:
    run_import(store, stamp, csv_file(tmp_path / "a.csv", KOPI, MADU))
    changed = KOPI.replace("Rp65.000", "Rp70.000")
    report = run_import(store, stamp, csv_file(tmp_path / "b.csv", changed, MADU))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    with store.read() as session:
        product = catalog.get_by_sku(session, "KOP-BJW-250")
    assert (product.price, product.version) == (70_000, 2)


def test_all_or_nothing_lists_every_bad_row(store: Store, stamp: Stamp, tmp_path: Path) -> None:
    run_import(store, stamp, csv_file(tmp_path / "a.csv", MADU))
    before = snapshot(store)
    rows = [
        KOPI,
        "BAD-1,Kopi Rusak,8991234567895,65000,pcs,Kopi,,,,0",  # wrong check digit
        "BAD-2,Teh,,enam puluh,pcs,Teh,,,,0",  # price
        "BAD-3,Garam,,8000,kg,Bumbu,,,,x",  # unit and min_stock
        f"BAD-4,Madu Palsu,{MADU_EAN},9000,pcs,Madu,,,,0",  # barcode of another product
        "KOP-BJW-250,Duplikat,,1000,pcs,Kopi,,,,0",  # duplicate sku in the file
        ",Tanpa SKU,,1000,pcs,,,,,0",
    ]
    with pytest.raises(ImportRefusedError) as refused:
        run_import(store, stamp, csv_file(tmp_path / "b.csv", *rows))
    problems = [(p.line, p.column, p.error.key) for p in refused.value.report.rejected]
    assert problems == [
        (3, "barcode", "barcode.bad_check"),
        (4, "price", "money.invalid_amount"),
        (5, "unit", "import.bad_choice"),
        (5, "min_stock", "import.not_whole_number"),
        (6, "barcode", "import.barcode_taken"),
        (7, "sku", "import.duplicate_sku"),
        (8, "sku", "catalog.required"),
    ]
    messages = [str(p) for p in refused.value.report.rejected]
    assert messages[0].startswith("baris 3, kolom barcode:")
    assert "MDU-250" in messages[4]
    assert snapshot(store) == before


def test_skip_invalid_imports_the_rest(store: Store, stamp: Stamp, tmp_path: Path) -> None:
    rows = [KOPI, "BAD,Rusak,123,1000,pcs,,,,,0", MADU]
    report = run_import(store, stamp, csv_file(tmp_path / "c.csv", *rows), skip_invalid=True)
    assert (report.created, [p.line for p in report.rejected]) == (2, [3])


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b"", "import.empty_file"),
        (b"sku,name,price\nA,B,1\n", "import.missing_columns"),
        ((HEADER + ",prise\n").encode(), "import.unknown_columns"),
        (
            (HEADER + "\n").encode()
            + "KOP,Kopi Bajawa,,1000,pcs,,,,,0\n".encode("cp1252")
            + b"\xff\n",
            "import.not_utf8",
        ),
    ],
)
def test_unusable_files_are_refused_whole(
    store: Store, stamp: Stamp, tmp_path: Path, content: bytes, key: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    before = snapshot(store)
    with pytest.raises(InvalidInputError) as raised:
        run_import(store, stamp, path)
    assert raised.value.key == key
    assert snapshot(store) == before


def test_broken_xlsx(store: Store, stamp: Stamp, tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(InvalidInputError) as raised:
        run_import(store, stamp, path)
    assert raised.value.key == "import.bad_xlsx"


@pytest.mark.parametrize(
    "name",
    [
        '=HYPERLINK("http://x")',
        "Kopi <script>alert(1)</script>",
        "Robert'); DROP TABLE product;--",
        "☕ Kopi 🇮🇩",
    ],
)
def test_hostile_but_printable_names_are_stored_verbatim(
    store: Store, stamp: Stamp, tmp_path: Path, name: str
) -> None:
    path = tmp_path / "c.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        write_csv(
            iter([HEADER.split(","), ["X-1", name, "", "1000", "pcs", "", "", "", "", "0"]]), handle
        )
    run_import(store, stamp, path)
    with store.read() as session:
        assert catalog.get_by_sku(session, "X-1").name == name


def test_export_then_import_changes_nothing(store: Store, stamp: Stamp, tmp_path: Path) -> None:
    header = HEADER + ",cost,desa,halal_no,pirt_no,bpom_no"
    run_import(
        store,
        stamp,
        csv_file(
            tmp_path / "a.csv",
            KOPI + ",40000,Were,ID001,,",
            MADU + ",,,,,BPOM RI MD 1",
            header=header,
        ),
    )
    out = io.StringIO()
    with store.read() as session:
        assert write_csv(export_rows(session), out) == 2
        assert write_xlsx(export_rows(session), tmp_path / "export.xlsx") == 2
    exported = tmp_path / "export.csv"
    exported.write_text(out.getvalue(), encoding="utf-8")
    for path in (exported, tmp_path / "export.xlsx"):
        report = run_import(store, stamp, path)
        assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    with store.read() as session:
        assert catalog.get_by_sku(session, "KOP-BJW-250").price == 65_000
