"""A month of the province in the central database, for the regional reports' figures.

22 outlets (one per kabupaten/kota of NTT) x 300 sales a day x 30 days, about 200,000 sales of
about three lines each, with their payments, stock movements (opening stock on consignment),
shifts and their Z summaries per tender, a few refunds, a tenth of the sales tagged for a
campaign, and the raw journal rows they came from, written straight into the central tables with
``COPY`` (the appliers' own rows, in the appliers' column formats). On request, consignment
settlements of the first half of the month with their payouts (``settled_producers`` producers
per outlet) and transfers still on the road at the end (``transfers``). Deterministic for a seed.

Every bench that needs a central month (``central_reports``, ``reports``, ``console``, ``recon``)
builds it here.

``python -m bench.central_month --dsn postgresql://... [--sales-per-day N]`` fills an existing,
migrated central database; :func:`build_month` is what the benches call, on a database made
by :func:`fresh_central`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg
from sqlalchemy import Engine

from inventory.money import percent_of
from sync.central import migrate
from sync.central.appliers.inventory import MOVEMENT_COLUMNS
from sync.central.db import make_engine

ADMIN_DSN = os.environ.get("NTTMART_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")

KABUPATEN = (
    ("KPG", "Kota Kupang"),
    ("KUP", "Kupang"),
    ("SOE", "Timor Tengah Selatan"),
    ("KFM", "Timor Tengah Utara"),
    ("ATB", "Belu"),
    ("BTN", "Malaka"),
    ("ALR", "Alor"),
    ("LBT", "Lembata"),
    ("LRT", "Flores Timur"),
    ("MME", "Sikka"),
    ("END", "Ende"),
    ("MBY", "Nagekeo"),
    ("BJW", "Ngada"),
    ("BRG", "Manggarai Timur"),
    ("RTG", "Manggarai"),
    ("LBJ", "Manggarai Barat"),
    ("WGP", "Sumba Timur"),
    ("WBL", "Sumba Tengah"),
    ("WKB", "Sumba Barat"),
    ("TBK", "Sumba Barat Daya"),
    ("SBU", "Sabu Raijua"),
    ("BAA", "Rote Ndao"),
)
PROGRAMS = ("ovop", "osop", "ocop", "none")
TENDERS = (("cash", 70), ("qris", 20), ("card", 5), ("transfer", 5))
WITA = timedelta(hours=8)


@dataclass(frozen=True)
class Month:
    """What was written, for the bench's report."""

    outlets: int
    producers: int
    products: int
    sales: int
    lines: int
    refunds: int
    first_day: date
    last_day: date
    seconds: float
    settlements: int = 0
    transfers: int = 0


@contextmanager
def fresh_central(prefix: str) -> Iterator[tuple[Engine, str]]:
    """A new, migrated central database on the bench's PostgreSQL server (``NTTMART_BENCH_PG``),
    dropped afterwards: its engine and its plain ``postgresql://`` DSN (for psycopg and
    :func:`build_month`)."""
    name = f"{prefix}_{os.getpid()}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    dsn = ADMIN_DSN.rsplit("/", 1)[0] + f"/{name}"
    engine = make_engine(dsn.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        migrate.upgrade(engine)
        yield engine, dsn
    finally:
        engine.dispose()
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _copy(
    cursor: psycopg.Cursor[Any], table: str, columns: Sequence[str], rows: Iterator[Any]
) -> int:
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def build_month(
    dsn: str,
    *,
    outlets: int = 22,
    sales_per_day: int = 300,
    days: int = 30,
    first_day: date = date(2026, 11, 1),
    producers: int = 400,
    products: int = 4_000,
    settled_producers: int = 0,
    transfers: int = 0,
    seed: int = 1,
) -> Month:
    """Fill the migrated, empty central database at ``dsn`` with a month of sales.

    ``settled_producers``: at each outlet, the first that many producers are settled for the
    first half of the month (what they sold there, less refunds and their commission) and paid
    four days after. ``transfers``: that many transfers of 5 pieces, each from one outlet to the
    next, sent two days before the last day and not yet received.
    """
    started = time.perf_counter()
    rng = random.Random(seed)
    created = datetime(2026, 1, 5, tzinfo=UTC)
    codes = KABUPATEN[:outlets]
    producer_rows = []
    for n in range(producers):
        kab = KABUPATEN[n % len(KABUPATEN)][1]
        producer_rows.append(
            (
                _id(rng),
                f"Produsen {n + 1:03d}",
                ("umkm", "koperasi", "bumdes", "school")[n % 4],
                PROGRAMS[n % 4],
                kab,
                1_500 + 500 * (n % 3),
                1,
                n + 1,
                created,
            )
        )
    product_rows = []
    for n in range(products):
        producer = producer_rows[n % producers]
        listed = created + timedelta(days=(n * 317) % 320)
        product_rows.append(
            (
                _id(rng),
                f"SKU{n + 1:05d}",
                f"Produk NTT {n + 1:05d}",
                "pcs",
                rng.randrange(5, 300) * 1_000,
                producer[0],
                5,
                True,
                1,
                f'["899{n:010d}"]',
                producers + n + 1,
                listed,
            )
        )
    catalog_version = producers + products
    sales = lines_written = refunds = 0
    last_day = first_day + timedelta(days=days - 1)
    half = max(days // 2, 1)
    # Producers settled at every outlet: id -> commission in basis points.
    rates = {row[0]: int(row[5]) for row in producer_rows[:settled_producers]}
    with psycopg.connect(dsn, autocommit=False) as connection, connection.cursor() as cursor:
        _copy(
            cursor,
            "central_outlet",
            (
                "code",
                "name",
                "kabupaten",
                "token_hash",
                "export_key",
                "enabled",
                "created_at",
                "token_rotated_at",
            ),
            (
                (code, f"NTT Mart {kab}", kab, f"{i:064x}", "0" * 64, True, created, created)
                for i, (code, kab) in enumerate(codes)
            ),
        )
        _copy(
            cursor,
            "central_producer",
            (
                "id",
                "name",
                "kind",
                "program",
                "kabupaten",
                "commission_bp",
                "version",
                "catalog_version",
                "updated_at",
            ),
            iter(producer_rows),
        )
        _copy(
            cursor,
            "central_product",
            (
                "id",
                "sku",
                "name",
                "unit",
                "price",
                "producer_id",
                "min_stock",
                "active",
                "version",
                "barcodes",
                "catalog_version",
                "updated_at",
            ),
            iter(product_rows),
        )
        journal: list[tuple[Any, ...]] = []
        sale_rows: list[tuple[Any, ...]] = []
        line_rows: list[tuple[Any, ...]] = []
        payment_rows: list[tuple[Any, ...]] = []
        movement_rows: list[tuple[Any, ...]] = []
        shift_rows: list[tuple[Any, ...]] = []
        refund_rows: list[tuple[Any, ...]] = []
        refund_line_rows: list[tuple[Any, ...]] = []
        # A tenth of the sales count for the year-end drive, among 2,000 civil servants.
        campaign_rows: list[tuple[Any, ...]] = []
        settlement_rows: list[tuple[Any, ...]] = []
        payout_rows: list[tuple[Any, ...]] = []
        transfer_rows: list[tuple[Any, ...]] = []
        transfer_line_rows: list[tuple[Any, ...]] = []
        buyers = [
            f"19{70 + n % 30:02d}0{1 + n % 9}1520100{1 + n % 2}1{n % 1000:03d}"
            for n in range(2_000)
        ]
        for index, (code, _kab) in enumerate(codes):
            seq = 0
            owed: dict[str, list[int]] = {}  # producer id -> [quantity, gross] of the first half
            # Opening stock: a receipt of every product this outlet carries.
            carried = rng.sample(product_rows, k=min(600, len(product_rows)))
            opening = datetime.combine(first_day, datetime.min.time(), UTC) - timedelta(days=1)
            seq += 1
            journal.append((code, seq, _id(rng), "stock.movements", 1, opening, opening))
            for product in carried:
                movement_rows.append(
                    (
                        _id(rng),
                        code,
                        seq,
                        product[0],
                        "consign_in",
                        200,
                        None,
                        None,
                        "mgr",
                        opening,
                        None,
                    )
                )
            for day_index in range(days):
                day = first_day + timedelta(days=day_index)
                day_start = datetime.combine(day, datetime.min.time(), UTC) - WITA
                shift_ids = [_id(rng), _id(rng)]
                shift_totals = [[0, 0, 0], [0, 0, 0]]  # count, net, cash
                shift_tenders: list[dict[str, int]] = [{}, {}]  # tender -> net
                for n in range(sales_per_day):
                    seq += 1
                    at = day_start + timedelta(hours=8, seconds=n * 43_200 // sales_per_day)
                    shift = 0 if n < sales_per_day // 2 else 1
                    sale_id = _id(rng)
                    receipt = f"{code}-{day:%Y%m%d}-{n + 1:04d}"
                    total = 0
                    for line_no in range(1, rng.choice((1, 2, 3, 3, 4, 5)) + 1):
                        product = carried[rng.randrange(len(carried))]
                        quantity = rng.choice((1, 1, 1, 2, 3))
                        amount = product[4] * quantity
                        total += amount
                        line_rows.append(
                            (
                                sale_id,
                                line_no,
                                product[0],
                                product[1],
                                product[2],
                                "pcs",
                                quantity,
                                product[4],
                                amount,
                                product[5],
                                product[4],
                                amount,
                            )
                        )
                        movement_rows.append(
                            (
                                _id(rng),
                                code,
                                seq,
                                product[0],
                                "sale",
                                -quantity,
                                None,
                                receipt,
                                "kasir",
                                at,
                                amount,
                            )
                        )
                        lines_written += 1
                        if day_index < half and product[5] in rates:
                            due = owed.setdefault(product[5], [0, 0])
                            due[0] += quantity
                            due[1] += amount
                    pick = rng.randrange(100)
                    tender = "cash"
                    for name, weight in TENDERS:
                        if pick < weight:
                            tender = name
                            break
                        pick -= weight
                    sale_rows.append(
                        (
                            sale_id,
                            code,
                            seq,
                            receipt,
                            shift_ids[shift],
                            "kasir",
                            day,
                            at,
                            total,
                            total,
                            "completed",
                            total,
                            total,
                        )
                    )
                    payment_rows.append(
                        (
                            sale_id,
                            1,
                            tender,
                            total,
                            None if tender == "cash" else f"REF{code}{seq:08d}",
                            tender != "qris",
                        )
                    )
                    journal.append((code, seq, _id(rng), "sale.completed", 1, at, at))
                    if n % 10 == 0:
                        campaign_rows.append(
                            (
                                sale_id,
                                code,
                                seq,
                                "BELI-NTT",
                                "Belanja Produk NTT",
                                "NIP",
                                buyers[rng.randrange(len(buyers))],
                                100_000,
                            )
                        )
                    shift_totals[shift][0] += 1
                    shift_totals[shift][1] += total
                    tenders = shift_tenders[shift]
                    tenders[tender] = tenders.get(tender, 0) + total
                    if tender == "cash":
                        shift_totals[shift][2] += total
                    sales += 1
                    if rng.randrange(200) == 0:
                        seq += 1
                        refund_id = _id(rng)
                        first = line_rows[-1]
                        later = at + timedelta(minutes=30)
                        refund_rows.append(
                            (
                                refund_id,
                                code,
                                seq,
                                sale_id,
                                receipt,
                                shift_ids[shift],
                                later,
                                day,
                                first[8],
                                "rusak",
                                "kasir",
                                first[8],
                                "cash",
                            )
                        )
                        refund_line_rows.append((refund_id, 1, first[2], first[6], first[8]))
                        movement_rows.append(
                            (
                                _id(rng),
                                code,
                                seq,
                                first[2],
                                "refund",
                                first[6],
                                None,
                                receipt,
                                "kasir",
                                later,
                                -first[8],
                            )
                        )
                        journal.append((code, seq, _id(rng), "refund.completed", 1, later, later))
                        shift_totals[shift][1] -= first[8]
                        shift_totals[shift][2] -= first[8]
                        cash_net = shift_tenders[shift].get("cash", 0)
                        shift_tenders[shift]["cash"] = cash_net - first[8]
                        if day_index < half and first[9] in rates:
                            owed[first[9]][0] -= first[6]
                            owed[first[9]][1] -= first[8]
                        refunds += 1
                for shift, shift_id in enumerate(shift_ids):
                    opened = day_start + timedelta(hours=7 + 6 * shift)
                    closed = opened + timedelta(hours=6, minutes=30)
                    count, net, cash = shift_totals[shift]
                    summary = {
                        "per_tender": [
                            {"tender": name, "net": value}
                            for name, value in sorted(shift_tenders[shift].items())
                        ]
                    }
                    expected = 500_000 + cash
                    seq += 1
                    journal.append((code, seq, _id(rng), "shift.closed", 1, closed, closed))
                    shift_rows.append(
                        (
                            shift_id,
                            code,
                            seq,
                            "kasir",
                            opened,
                            closed,
                            500_000,
                            expected,
                            expected,
                            0,
                            count,
                            net,
                            json.dumps(summary),
                        )
                    )
            # 00:00 UTC of the first day of the second half
            settled_on = opening + timedelta(days=half + 1)
            paid_on = min(first_day + timedelta(days=half + 4), last_day)
            for producer_id, (quantity, gross) in sorted(owed.items()):
                seq += 1
                settlement_id = _id(rng)
                number = f"{code}-STL-{seq:06d}"
                commission = percent_of(gross, rates[producer_id])
                settlement_rows.append(
                    (settlement_id, code, seq, number, producer_id, first_day,
                     first_day + timedelta(days=half - 1), rates[producer_id], quantity, gross,
                     commission, gross - commission, "mgr", settled_on)
                )  # fmt: skip
                journal.append(
                    (code, seq, _id(rng), "consignment.settlement", 1, settled_on, settled_on)
                )
                seq += 1
                paid_at = datetime.combine(paid_on, datetime.min.time(), UTC) + timedelta(hours=2)
                payout_rows.append(
                    (code, seq, settlement_id, number, gross - commission, paid_on, "transfer",
                     f"BRI {code}{seq:07d}", "mgr", paid_at)
                )  # fmt: skip
                journal.append((code, seq, _id(rng), "consignment.payout", 1, paid_at, paid_at))
            sent_at = datetime.combine(last_day, datetime.min.time(), UTC) - timedelta(days=2)
            for transfer_no in range(index, transfers, len(codes)):
                seq += 1
                transfer_id = _id(rng)
                product = carried[transfer_no % len(carried)]
                transfer_rows.append(
                    (transfer_id, f"{code}-TRF-{transfer_no + 1:04d}", code,
                     codes[(index + 1) % len(codes)][0], "in_transit", code, seq, "mgr", sent_at)
                )  # fmt: skip
                transfer_line_rows.append((transfer_id, 1, product[0], product[1], product[2], 5))
                movement_rows.append(
                    (_id(rng), code, seq, product[0], "transfer_out", -5, None, None, "mgr",
                     sent_at, None)
                )  # fmt: skip
                journal.append((code, seq, _id(rng), "transfer.sent", 1, sent_at, sent_at))
            cursor.execute(
                "UPDATE central_outlet SET contiguous_seq = %s, last_seq = %s, entry_count = %s, "
                "last_heard_at = %s WHERE code = %s",
                (seq, seq, seq, journal[-1][5], code),
            )
        _copy(
            cursor,
            "central_journal",
            (
                "outlet",
                "seq",
                "id",
                "kind",
                "schema_version",
                "created_at",
                "received_at",
                "content_hash",
                "payload",
            ),
            ((*row, "0" * 64, "{}") for row in journal),
        )
        _copy(
            cursor,
            "central_sale",
            (
                "id",
                "outlet",
                "seq",
                "receipt_no",
                "shift_id",
                "cashier",
                "business_day",
                "occurred_at",
                "subtotal",
                "total",
                "status",
                "gross",
                "goods_total",
            ),
            iter(sale_rows),
        )
        _copy(
            cursor,
            "central_sale_line",
            (
                "sale_id",
                "line_no",
                "product_id",
                "sku",
                "name",
                "unit",
                "quantity",
                "unit_price",
                "total",
                "producer_id",
                "list_price",
                "gross",
            ),
            iter(line_rows),
        )
        _copy(
            cursor,
            "central_payment",
            ("sale_id", "line_no", "tender", "amount", "reference", "verified"),
            iter(payment_rows),
        )
        _copy(
            cursor,
            "central_stock_movement",
            MOVEMENT_COLUMNS,
            iter(movement_rows),
        )
        _copy(
            cursor,
            "central_refund",
            (
                "id",
                "outlet",
                "seq",
                "sale_id",
                "receipt_no",
                "shift_id",
                "occurred_at",
                "business_day",
                "total",
                "reason",
                "actor",
                "goods_amount",
                "tender",
            ),
            iter(refund_rows),
        )
        _copy(
            cursor,
            "central_refund_line",
            ("refund_id", "line_no", "product_id", "quantity", "amount"),
            iter(refund_line_rows),
        )
        _copy(
            cursor,
            "central_sale_campaign",
            (
                "sale_id",
                "outlet",
                "seq",
                "campaign",
                "campaign_name",
                "buyer_label",
                "buyer_id",
                "minimum",
            ),
            iter(campaign_rows),
        )
        _copy(
            cursor,
            "central_shift",
            (
                "id",
                "outlet",
                "closed_seq",
                "cashier",
                "opened_at",
                "closed_at",
                "opening_float",
                "expected_cash",
                "counted_cash",
                "difference",
                "sales_count",
                "net",
                "summary",
            ),
            iter(shift_rows),
        )
        _copy(
            cursor,
            "central_settlement",
            ("id", "outlet", "seq", "number", "producer_id", "period_start", "period_end",
             "commission_bp", "quantity", "gross", "commission", "payable", "actor", "settled_at"),
            iter(settlement_rows),
        )  # fmt: skip
        _copy(
            cursor,
            "central_payout",
            ("outlet", "seq", "settlement_id", "number", "amount", "paid_on", "method",
             "reference", "actor", "at"),
            iter(payout_rows),
        )  # fmt: skip
        _copy(
            cursor,
            "central_transfer",
            ("id", "number", "from_outlet", "to_outlet", "status", "sent_outlet", "sent_seq",
             "sent_by", "sent_at"),
            iter(transfer_rows),
        )  # fmt: skip
        _copy(
            cursor,
            "central_transfer_line",
            ("transfer_id", "line_no", "product_id", "sku", "name", "sent"),
            iter(transfer_line_rows),
        )
        cursor.execute(
            "INSERT INTO central_counter (name, value) VALUES ('catalog_version', %s) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (catalog_version,),
        )
        connection.commit()
        cursor.execute("ANALYZE")
    return Month(
        outlets=len(codes),
        producers=producers,
        products=products,
        sales=sales,
        lines=lines_written,
        refunds=refunds,
        first_day=first_day,
        last_day=last_day,
        seconds=time.perf_counter() - started,
        settlements=len(settlement_rows),
        transfers=len(transfer_rows),
    )


def main() -> None:
    """Command-line entry: fill a migrated central database."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dsn", required=True, help="postgresql://... of a migrated database")
    parser.add_argument("--sales-per-day", type=int, default=300)
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    month = build_month(args.dsn, sales_per_day=args.sales_per_day, days=args.days)
    print(month)


if __name__ == "__main__":
    main()
