"""Finding products by barcode and by name, and editing them."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from inventory import catalog
from inventory.barcodes import VariableMeasureLayout, with_check_digit
from inventory.db import Store
from inventory.documents import CatalogChange
from inventory.errors import ConflictError, InvalidInputError, NotFoundError
from inventory.models import AuditEvent, Product
from inventory.quantity import Unit
from inventory.stamp import Stamp
from sync.journal import JournalEntry
from tests.factories import KOPI_EAN, MADU_EAN, ean, make_product

LAYOUTS = [
    VariableMeasureLayout(pattern="28IIIIIWWWWWC"),
    VariableMeasureLayout(pattern="29IIIIIPPPPPC"),
]


@pytest.fixture
def stocked(store: Store, stamp: Stamp) -> Store:
    with store.write() as session:
        make_product(session, stamp)
        make_product(
            session,
            stamp,
            sku="MDU-250",
            name="Madu Hutan Timor Amfoang 250ml",
            price=85_000,
            barcodes=[MADU_EAN, "036000291452"],
        )
        make_product(
            session,
            stamp,
            sku="JRK-KG",
            name="Jeruk Keprok SoE",
            price=35_000,
            unit=Unit.GRAM,
            barcodes=[],
            plu="00401",
        )
        make_product(
            session, stamp, sku="CAF", name="Café Kelimutu Éndé", price=40_000, barcodes=[ean(9)]
        )
    return store


def test_lookup_by_ean13(stocked: Store) -> None:
    with stocked.read() as session:
        result = catalog.lookup_barcode(session, KOPI_EAN)
    assert result.product.sku == "KOP-BJW-250"
    assert result.quantity is None and result.amount is None


def test_upc_a_scans_in_either_form(stocked: Store) -> None:
    with stocked.read() as session:
        assert catalog.lookup_barcode(session, "036000291452").product.sku == "MDU-250"
        assert catalog.lookup_barcode(session, "0036000291452").product.sku == "MDU-250"


def test_weight_barcode_gives_product_and_grams(stocked: Store) -> None:
    code = with_check_digit("280040101234")
    with stocked.read() as session:
        result = catalog.lookup_barcode(session, code, LAYOUTS)
    assert (result.product.sku, result.quantity, result.amount) == ("JRK-KG", 1234, None)


def test_price_barcode_gives_the_amount(stocked: Store) -> None:
    code = with_check_digit("290040143500")
    with stocked.read() as session:
        result = catalog.lookup_barcode(session, code, LAYOUTS)
    assert (result.product.sku, result.amount) == ("JRK-KG", 43_500)


def test_unknown_scale_item(stocked: Store) -> None:
    with stocked.read() as session, pytest.raises(NotFoundError) as raised:
        catalog.lookup_barcode(session, with_check_digit("280999901234"), LAYOUTS)
    assert raised.value.key == "catalog.unknown_plu"


def test_unknown_and_wrong_barcodes_say_so(stocked: Store) -> None:
    with stocked.read() as session:
        with pytest.raises(NotFoundError) as unknown:
            catalog.lookup_barcode(session, ean(12345))
        with pytest.raises(InvalidInputError) as wrong:
            catalog.lookup_barcode(session, KOPI_EAN[:-1] + "0")
    assert "tidak dikenal" in str(unknown.value)
    assert wrong.value.key == "barcode.bad_check"


def test_inactive_products_are_not_sold(store: Store, stamp: Stamp) -> None:
    with store.write() as session:
        product = make_product(session, stamp)
        product.active = False
    with store.read() as session, pytest.raises(NotFoundError) as raised:
        catalog.lookup_barcode(session, KOPI_EAN)
    assert raised.value.key == "catalog.inactive"


@pytest.mark.parametrize(
    ("query", "sku"),
    [
        ("kopi baja", "KOP-BJW-250"),
        ("KOPI BAJAWA", "KOP-BJW-250"),
        ("baja kop", "KOP-BJW-250"),
        ("madu amf", "MDU-250"),
        ("cafe endé", "CAF"),
        ("CAFÉ ende", "CAF"),
        ("kop-bjw", "KOP-BJW-250"),
    ],
)
def test_name_search(stocked: Store, query: str, sku: str) -> None:
    with stocked.read() as session:
        found = catalog.search(session, query)
    assert [p.sku for p in found] == [sku]


@pytest.mark.parametrize(
    "hostile",
    [
        '"',
        "*",
        "kopi OR",
        "NEAR(kopi madu)",
        "'; DROP TABLE product; --",
        "^kopi",
        "{name}: x",
        "\x00",
    ],
)
def test_hostile_search_text_never_errors(stocked: Store, hostile: str) -> None:
    with stocked.read() as session:
        catalog.search(session, hostile)
        assert len(session.exec(select(Product)).all()) == 4


def test_edits_bump_version_journal_and_audit_price(store: Store, stamp: Stamp) -> None:
    with store.write() as session:
        make_product(session, stamp)
    with store.write() as session:
        product = make_product(session, stamp, price=70_000, barcodes=[KOPI_EAN, ean(77)])
    assert product.version == 2
    with store.read() as session:
        entries = session.exec(select(JournalEntry).order_by(JournalEntry.seq)).all()  # type: ignore[arg-type]
        audits = session.exec(select(AuditEvent)).all()
    changes = [
        CatalogChange.model_validate_json(e.payload) for e in entries if e.kind == "catalog.change"
    ]
    assert [c.products[0].price for c in changes] == [65_000, 70_000]
    assert changes[-1].products[0].barcodes == sorted([KOPI_EAN, ean(77)])
    assert [
        (a.action, json.loads(a.before or "{}"), json.loads(a.after or "{}")) for a in audits
    ] == [("product.price", {"price": 65_000}, {"price": 70_000})]


def test_a_barcode_belongs_to_one_product(store: Store, stamp: Stamp) -> None:
    with store.write() as session:
        make_product(session, stamp)
    with pytest.raises(ConflictError) as raised, store.write() as session:
        make_product(session, stamp, sku="OTHER", name="Lain", barcodes=[KOPI_EAN])
    assert "KOP-BJW-250" in str(raised.value)
    with store.read() as session:
        assert [p.sku for p in session.exec(select(Product))] == ["KOP-BJW-250"]


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("name", "Kopi\x1b[31m", "catalog.control_chars"),
        ("name", "Kopi\u202eipok", "catalog.control_chars"),
        ("name", "   ", "catalog.required"),
        ("name", "x" * 201, "catalog.too_long"),
        ("price", -1, "catalog.negative"),
    ],
)
def test_bad_product_input_is_refused(
    store: Store, stamp: Stamp, field: str, value: object, key: str
) -> None:
    with pytest.raises(InvalidInputError) as raised, store.write() as session:
        make_product(session, stamp, **{field: value})  # type: ignore[arg-type]
    assert raised.value.key == key


def test_instore_barcodes_are_unique_and_scannable(store: Store, stamp: Stamp) -> None:
    with store.write() as session:
        make_product(session, stamp, sku="TEN-1", name="Selendang Belu", barcodes=[])
        make_product(session, stamp, sku="TEN-2", name="Tais Feto Belu", barcodes=[])
        first = catalog.assign_instore_barcode(
            session, stamp, sku="TEN-1", prefix="20", outlet_number=3
        )
        second = catalog.assign_instore_barcode(
            session, stamp, sku="TEN-2", prefix="20", outlet_number=3
        )
    assert first != second and first.startswith("20003") and second.startswith("20003")
    with store.read() as session:
        assert catalog.lookup_barcode(session, second).product.sku == "TEN-2"
