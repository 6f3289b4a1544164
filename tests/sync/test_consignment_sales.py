"""Which movements count as consignment sales, and at what value, straight from ledger rows.

One cooperative (10% commission) at KPG, November. Coffee (Rp20.000 a piece) was first
received on the 10th: the 2 sold on the 5th are not consignment sales; after it, 3 sold
without an amount (Rp60.000 at the catalog price), 1 refunded without one (-Rp20.000) and 1
sold at Rp19.000: 3 pieces, Rp59.000. Honey is weighed (Rp85.500 a kg), received in October:
333 g sold without an amount (Rp28.471,5, half up to Rp28.472) and 500 g for Rp43.000. Moringa
was received only in December and salt never: neither counts. At BLU the coffee's only sale
came before its receipt, so BLU has no line at all.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Engine, insert

from inventory.clock import WITA
from sync.central import tables
from sync.central.reports import payouts
from sync.central.reports.base import ReportParams

CREATED = datetime(2026, 1, 5, tzinfo=WITA)
COOPERATIVE = "Koperasi Serba Usaha Kupang"


def _at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 10, 0, tzinfo=WITA)


def _fill(central: Engine) -> None:
    movements = [
        # outlet, product, kind, quantity, amount, when
        ("KPG", "coffee", "consign_in", 50, None, _at(11, 10)),
        ("KPG", "coffee", "sale", -2, 40_000, _at(11, 5)),
        ("KPG", "coffee", "sale", -3, None, _at(11, 12)),
        ("KPG", "coffee", "refund", 1, None, _at(11, 13)),
        ("KPG", "coffee", "sale", -1, 19_000, _at(11, 14)),
        ("KPG", "honey", "consign_in", 5_000, None, _at(10, 20)),
        ("KPG", "honey", "sale", -333, None, _at(11, 3)),
        ("KPG", "honey", "sale", -500, 43_000, _at(11, 20)),
        ("KPG", "moringa", "consign_in", 20, None, _at(12, 5)),
        ("KPG", "moringa", "sale", -1, 15_000, _at(11, 20)),
        ("KPG", "salt", "sale", -4, 40_000, _at(11, 20)),
        ("BLU", "coffee", "consign_in", 10, None, _at(11, 25)),
        ("BLU", "coffee", "sale", -1, 20_000, _at(11, 20)),
    ]
    with central.begin() as connection:
        connection.execute(
            insert(tables.outlet),
            [
                {
                    "code": code,
                    "name": f"NTT Mart {code}",
                    "kabupaten": "Kota Kupang",
                    "token_hash": str(n) * 64,
                    "export_key": "0" * 64,
                    "created_at": CREATED,
                    "token_rotated_at": CREATED,
                }
                for n, code in enumerate(("KPG", "BLU"))
            ],
        )
        connection.execute(
            insert(tables.producer).values(
                id="ksu",
                name=COOPERATIVE,
                kind="koperasi",
                program="ocop",
                commission_bp=1_000,
                version=1,
                catalog_version=1,
                updated_at=CREATED,
            )
        )
        connection.execute(
            insert(tables.product),
            [
                {
                    "id": product_id,
                    "sku": product_id.upper(),
                    "name": product_id,
                    "unit": unit,
                    "price": price,
                    "producer_id": producer,
                    "min_stock": 0,
                    "active": True,
                    "version": 1,
                    "catalog_version": n + 2,
                    "updated_at": CREATED,
                }
                for n, (product_id, unit, price, producer) in enumerate(
                    (
                        ("coffee", "pcs", 20_000, "ksu"),
                        ("honey", "g", 85_500, "ksu"),
                        ("moringa", "pcs", 15_000, "ksu"),
                        ("salt", "pcs", 10_000, None),
                    )
                )
            ],
        )
        connection.execute(
            insert(tables.stock_movement),
            [
                {
                    "id": f"m{n}",
                    "outlet": outlet,
                    "seq": n,
                    "product_id": product_id,
                    "kind": kind,
                    "quantity": quantity,
                    "actor": "kasir",
                    "occurred_at": when,
                    "amount": amount,
                }
                for n, (outlet, product_id, kind, quantity, amount, when) in enumerate(movements)
            ],
        )


def test_consignment_sales_by_the_rule(central: Engine) -> None:
    _fill(central)
    november = ReportParams(date(2026, 11, 1), date(2026, 11, 30))
    with central.connect() as connection:
        by_product = payouts.consignment_sales(connection, november, by_product=True)
        first_days = payouts.consignment_sales(
            connection, ReportParams(date(2026, 11, 1), date(2026, 11, 9))
        )
        twelfth = payouts.consignment_sales(
            connection, ReportParams(date(2026, 11, 12), date(2026, 11, 12), outlet="KPG")
        )
    assert sorted(tuple(row) for row in by_product) == [
        ("ksu", "KPG", "coffee", 3, 59_000, 2),
        ("ksu", "KPG", "honey", 833, 71_472, 1),
    ]
    assert [tuple(row) for row in first_days] == [("ksu", "KPG", 333, 28_472, 1)]
    assert [tuple(row) for row in twelfth] == [("ksu", "KPG", 3, 60_000, 1)]

    report = payouts.build(central, november)
    per_outlet = report.tables[1]
    assert [list(row) for row in per_outlet.rows] == [
        [COOPERATIVE, "KPG", 836, 130_472, 1_000, 13_047, 117_425, 0, 117_425]
    ]
    assert per_outlet.note is not None and "3" in per_outlet.note
