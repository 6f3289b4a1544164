"""QRIS settlement matching: the payment provider's settlement file against the tills' QRIS
payments.

- :func:`parse_settlement` reads the provider's CSV with the columns named in the config
  (``[qris_settlement]``) and refuses the whole file, naming the column and its mapping key or
  the row and field, at the first problem.
- :func:`import_settlement` stores a parsed file in one transaction, unique on the provider's
  reference: importing a file again adds nothing; a reference already stored with another amount
  or time refuses the file.
- :func:`match_payments` pairs provider rows with unmatched QRIS payments: equal amount, paid
  within the time window of the payment, equal references when both sides have one. Each side is
  used at most once; pairs are taken best first (equal references, then the smallest time gap,
  then ids), so the result does not depend on the order rows were read in. A match marks the
  central payment verified and is delivered to its outlet on the next pull
  (:mod:`sync.central.verifications`).
"""

from __future__ import annotations

import csv
import io
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Engine, and_, select, update

from inventory.clock import WITA
from inventory.errors import InvalidInputError
from inventory.i18n import t
from sync.central import tables
from sync.central.db import insert_rows

SECTION = "[qris_settlement]"
# References looked up per query (PostgreSQL takes at most 65,535 parameters).
LOOKUP_CHUNK = 5_000


class SettlementFileError(InvalidInputError):
    """A settlement file that cannot be imported; nothing of it was stored."""


@dataclass(frozen=True, slots=True)
class SettlementFormat:
    """How to read the provider's file (from the ``[qris_settlement]`` config section)."""

    reference_column: str = "reference"
    amount_column: str = "amount"
    paid_at_column: str = "paid_at"
    merchant_id_column: str = ""
    """Empty: the file has no merchant id column."""
    date_format: str = "%Y-%m-%d %H:%M:%S"
    timezone: str = "Asia/Makassar"
    """Zone of ``paid_at`` values that carry no offset of their own."""
    delimiter: str = ","
    window_minutes: int = 10
    merchant_outlets: Mapping[str, str] = field(default_factory=dict)
    """Merchant id -> outlet code: a row of a known merchant is only matched within that outlet."""

    @property
    def window(self) -> timedelta:
        """How far a provider's ``paid_at`` may be from the till's payment time."""
        return timedelta(minutes=self.window_minutes)


@dataclass(frozen=True, slots=True)
class SettlementRow:
    """One payment as the provider reports it."""

    row_no: int
    reference: str
    amount: int
    paid_at: datetime
    merchant_id: str | None


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did."""

    rows: int
    stored: int
    already: int


@dataclass(frozen=True, slots=True)
class MatchResult:
    """What a matching run did."""

    matched: int
    provider_unmatched: int
    payments_unmatched: int


def _amount(text: str) -> int | None:
    whole, dot, fraction = text.strip().partition(".")
    if not whole.isdigit() or (dot and not (fraction.isdigit() and not fraction.strip("0"))):
        return None
    return int(whole)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettlementFileError(
            "recon.qris_bad_timezone", key=f"{SECTION} timezone", zone=name
        ) from None


def parse_settlement(data: bytes, fmt: SettlementFormat, *, file_name: str) -> list[SettlementRow]:
    """Every row of the provider's file, or :class:`SettlementFileError` at the first problem.

    Row numbers are line numbers of the file (the header is line 1).
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SettlementFileError(
            "recon.qris_not_utf8", file=file_name, position=error.start
        ) from None
    zone = _zone(fmt.timezone)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=fmt.delimiter)
    header = [name.strip() for name in (reader.fieldnames or [])]
    if not header:
        raise SettlementFileError("recon.qris_empty", file=file_name)
    reader.fieldnames = header
    mapping = {
        "reference_column": fmt.reference_column,
        "amount_column": fmt.amount_column,
        "paid_at_column": fmt.paid_at_column,
    }
    if fmt.merchant_id_column:
        mapping["merchant_id_column"] = fmt.merchant_id_column
    for key, column in mapping.items():
        if column not in header:
            raise SettlementFileError(
                "recon.qris_missing_column",
                file=file_name,
                column=column,
                key=f"{SECTION} {key}",
                found=", ".join(header),
            )
    rows: list[SettlementRow] = []
    seen: dict[str, int] = {}
    for record in reader:
        row_no = reader.line_num

        def bad(
            column: str, value: object, problem: str, row_no: int = row_no, **more: object
        ) -> None:
            raise SettlementFileError(
                "recon.qris_bad_row",
                file=file_name,
                row=row_no,
                column=column,
                value=value,
                problem=t(f"recon.problem.{problem}", **more),
            )

        if None in record:
            bad("-", "", "extra_fields")
        reference = (record.get(fmt.reference_column) or "").strip()
        if not reference:
            bad(fmt.reference_column, "", "empty")
        if len(reference) > 120:
            bad(fmt.reference_column, reference[:20] + "...", "too_long")
        if reference in seen:
            bad(fmt.reference_column, reference, "duplicate", other=seen[reference])
        raw_amount = (record.get(fmt.amount_column) or "").strip()
        amount = _amount(raw_amount)
        if amount is None or amount <= 0:
            bad(fmt.amount_column, raw_amount, "amount")
        raw_paid = (record.get(fmt.paid_at_column) or "").strip()
        try:
            paid = datetime.strptime(raw_paid, fmt.date_format)  # noqa: DTZ007 - zone set below
        except ValueError:
            bad(fmt.paid_at_column, raw_paid, "date", format=fmt.date_format)
        paid = paid if paid.tzinfo is not None else paid.replace(tzinfo=zone)
        merchant = (record.get(fmt.merchant_id_column) or "").strip() or None
        if fmt.merchant_id_column and merchant is None:
            bad(fmt.merchant_id_column, "", "empty")
        seen[reference] = row_no
        assert amount is not None
        rows.append(SettlementRow(row_no, reference, amount, paid.astimezone(UTC), merchant))
    if not rows:
        raise SettlementFileError("recon.qris_no_rows", file=file_name)
    return rows


def import_settlement(
    engine: Engine, path: Path, fmt: SettlementFormat, *, now: datetime
) -> ImportResult:
    """Parse ``path`` and store its new rows in one transaction (all or nothing)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SettlementFileError(
            "recon.qris_unreadable", file=str(path), detail=error.strerror or str(error)
        ) from None
    rows = parse_settlement(data, fmt, file_name=path.name)
    settlement = tables.qris_settlement
    with engine.begin() as connection:
        known: dict[str, tuple[int, datetime]] = {}
        references = [r.reference for r in rows]
        for first in range(0, len(references), LOOKUP_CHUNK):
            chunk = references[first : first + LOOKUP_CHUNK]
            for reference, amount, paid_at in connection.execute(
                select(settlement.c.provider_ref, settlement.c.amount, settlement.c.paid_at).where(
                    settlement.c.provider_ref.in_(chunk)
                )
            ):
                known[reference] = (amount, paid_at)
        new = []
        for row in rows:
            stored = known.get(row.reference)
            if stored is None:
                new.append(row)
            elif stored != (row.amount, row.paid_at):
                raise SettlementFileError(
                    "recon.qris_changed_row",
                    file=path.name,
                    row=row.row_no,
                    reference=row.reference,
                )
        insert_rows(
            connection,
            settlement,
            ("provider_ref", "merchant_id", "amount", "paid_at", "file_name", "row_no",
             "imported_at"),
            [(r.reference, r.merchant_id, r.amount, r.paid_at, path.name, r.row_no, now)
             for r in new],
        )  # fmt: skip
    return ImportResult(rows=len(rows), stored=len(new), already=len(rows) - len(new))


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The UTC instants from the start of ``first`` to the end of ``last`` (WITA days)."""
    start = datetime.combine(first, time(0), WITA).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), WITA).astimezone(UTC)
    return start, end


@dataclass(frozen=True, slots=True)
class _Payment:
    sale_id: str
    line_no: int
    outlet: str
    payment_id: str | None
    amount: int
    reference: str | None
    at: datetime


def _unmatched_payments(
    engine: Engine, since: datetime | None, until: datetime | None
) -> list[_Payment]:
    payment, sale, match = tables.payment, tables.sale, tables.qris_match
    query = (
        select(
            payment.c.sale_id,
            payment.c.line_no,
            sale.c.outlet,
            payment.c.payment_id,
            payment.c.amount,
            payment.c.reference,
            sale.c.occurred_at,
        )
        .join(sale, sale.c.id == payment.c.sale_id)
        .outerjoin(
            match, and_(match.c.sale_id == payment.c.sale_id, match.c.line_no == payment.c.line_no)
        )
        .where(payment.c.tender == "qris", sale.c.status == "completed", match.c.id.is_(None))
    )
    if since is not None:
        query = query.where(sale.c.occurred_at >= since)
    if until is not None:
        query = query.where(sale.c.occurred_at < until)
    with engine.connect() as connection:
        return [_Payment(*row) for row in connection.execute(query)]


def match_payments(
    engine: Engine,
    fmt: SettlementFormat,
    *,
    now: datetime,
    date_from: date | None = None,
    date_to: date | None = None,
) -> MatchResult:
    """Match unmatched provider rows (paid in the period, WITA days) with unmatched QRIS
    payments; store the matches and mark those payments verified. Running it again changes
    nothing unless new rows or payments arrived."""
    if date_from is not None and date_to is not None and date_to < date_from:
        raise InvalidInputError(
            "recon.backwards", date_from=date_from.isoformat(), date_to=date_to.isoformat()
        )
    start = day_bounds(date_from, date_from)[0] if date_from is not None else None
    end = day_bounds(date_to, date_to)[1] if date_to is not None else None
    settlement, match = tables.qris_settlement, tables.qris_match
    query = (
        select(
            settlement.c.id,
            settlement.c.provider_ref,
            settlement.c.amount,
            settlement.c.paid_at,
            settlement.c.merchant_id,
        )
        .outerjoin(match, match.c.settlement_id == settlement.c.id)
        .where(match.c.id.is_(None))
    )
    if start is not None:
        query = query.where(settlement.c.paid_at >= start)
    if end is not None:
        query = query.where(settlement.c.paid_at < end)
    with engine.connect() as connection:
        provider = connection.execute(query).all()
    payments = _unmatched_payments(
        engine,
        start - fmt.window if start is not None else None,
        end + fmt.window if end is not None else None,
    )
    by_amount: dict[int, list[_Payment]] = defaultdict(list)
    for p in sorted(payments, key=lambda p: p.at):
        by_amount[p.amount].append(p)
    times = {amount: [p.at for p in found] for amount, found in by_amount.items()}
    pairs: list[tuple[tuple[int, float, int, str, int], int, _Payment]] = []
    for s in provider:
        outlet = fmt.merchant_outlets.get(s.merchant_id or "")
        found = by_amount.get(s.amount, [])
        moments = times.get(s.amount, [])
        first = bisect_left(moments, s.paid_at - fmt.window)
        last = bisect_right(moments, s.paid_at + fmt.window)
        for p in found[first:last]:
            if outlet is not None and p.outlet != outlet:
                continue
            gap = abs((p.at - s.paid_at).total_seconds())
            if gap > fmt.window.total_seconds():
                continue
            if p.reference and p.reference != s.provider_ref:
                continue
            rank = (0 if p.reference == s.provider_ref else 1, gap, s.id, p.sale_id, p.line_no)
            pairs.append((rank, s.id, p))
    pairs.sort(key=lambda pair: pair[0])
    used_rows: set[int] = set()
    used_payments: set[tuple[str, int]] = set()
    chosen: list[tuple[int, _Payment]] = []
    for _, settlement_id, p in pairs:
        if settlement_id in used_rows or (p.sale_id, p.line_no) in used_payments:
            continue
        used_rows.add(settlement_id)
        used_payments.add((p.sale_id, p.line_no))
        chosen.append((settlement_id, p))
    references = {s.id: s.provider_ref for s in provider}
    if chosen:
        with engine.begin() as connection:
            insert_rows(
                connection,
                match,
                ("settlement_id", "outlet", "sale_id", "line_no", "payment_id", "provider_ref",
                 "amount", "matched_at"),
                [(settlement_id, p.outlet, p.sale_id, p.line_no, p.payment_id,
                  references[settlement_id], p.amount, now)
                 for settlement_id, p in chosen],
            )  # fmt: skip
            # Every matched payment is verified: one statement, whatever the number of matches.
            payment = tables.payment
            matched_payment = (
                select(match.c.id)
                .where(match.c.sale_id == payment.c.sale_id, match.c.line_no == payment.c.line_no)
                .exists()
            )
            connection.execute(
                update(payment)
                .where(payment.c.tender == "qris", payment.c.verified.is_(False), matched_payment)
                .values(verified=True)
            )
    return MatchResult(
        matched=len(chosen),
        provider_unmatched=len(provider) - len(chosen),
        payments_unmatched=len(payments) - len(chosen),
    )


@dataclass(frozen=True, slots=True)
class MatchedLine:
    outlet: str
    receipt_no: str
    paid_at_till: datetime
    amount: int
    till_reference: str | None
    provider_reference: str
    provider_paid_at: datetime
    delivered: bool
    """The outlet's books took the verification (its ``payment.verified`` entry arrived)."""


@dataclass(frozen=True, slots=True)
class ProviderLine:
    reference: str
    merchant_id: str | None
    amount: int
    paid_at: datetime
    file_name: str
    row_no: int


@dataclass(frozen=True, slots=True)
class PaymentLine:
    outlet: str
    receipt_no: str
    paid_at: datetime
    amount: int
    reference: str | None


@dataclass(frozen=True, slots=True)
class SettlementStatus:
    """Matched pairs and what is unmatched on each side, for a period (WITA days)."""

    matched: list[MatchedLine]
    provider_unmatched: list[ProviderLine]
    payments_unmatched: list[PaymentLine]


def settlement_status(
    engine: Engine, first: date, last: date, *, outlet: str | None = None
) -> SettlementStatus:
    """Matches and unmatched rows of both sides with their times in the period.

    Provider rows are per ``paid_at``; payments per the sale's payment time. Restricted to one
    outlet, provider rows are those matched with it (an unmatched row belongs to no outlet yet)
    plus unmatched rows of its merchant ids, which the caller cannot know here: none are listed.
    """
    start, end = day_bounds(first, last)
    settlement, match, payment, sale = (
        tables.qris_settlement,
        tables.qris_match,
        tables.payment,
        tables.sale,
    )
    matched_query = (
        select(
            match.c.outlet,
            sale.c.receipt_no,
            sale.c.occurred_at,
            match.c.amount,
            payment.c.reference,
            match.c.provider_ref,
            settlement.c.paid_at,
            match.c.applied_seq,
        )
        .join(settlement, settlement.c.id == match.c.settlement_id)
        .join(sale, sale.c.id == match.c.sale_id)
        .join(
            payment,
            and_(payment.c.sale_id == match.c.sale_id, payment.c.line_no == match.c.line_no),
        )
        .where(sale.c.occurred_at >= start, sale.c.occurred_at < end)
        .order_by(match.c.outlet, sale.c.occurred_at, sale.c.receipt_no)
    )
    provider_query = (
        select(settlement)
        .outerjoin(match, match.c.settlement_id == settlement.c.id)
        .where(match.c.id.is_(None), settlement.c.paid_at >= start, settlement.c.paid_at < end)
        .order_by(settlement.c.paid_at, settlement.c.provider_ref)
    )
    payment_query = (
        select(sale.c.outlet, sale.c.receipt_no, sale.c.occurred_at, payment.c.amount,
               payment.c.reference)
        .join(sale, sale.c.id == payment.c.sale_id)
        .outerjoin(
            match, and_(match.c.sale_id == payment.c.sale_id, match.c.line_no == payment.c.line_no)
        )
        .where(
            payment.c.tender == "qris",
            sale.c.status == "completed",
            match.c.id.is_(None),
            sale.c.occurred_at >= start,
            sale.c.occurred_at < end,
        )
        .order_by(sale.c.outlet, sale.c.occurred_at, sale.c.receipt_no)
    )  # fmt: skip
    if outlet is not None:
        matched_query = matched_query.where(match.c.outlet == outlet)
        payment_query = payment_query.where(sale.c.outlet == outlet)
    with engine.connect() as connection:
        matched = [
            MatchedLine(o, r, at, amount, ref, pref, paid, applied is not None)
            for o, r, at, amount, ref, pref, paid, applied in connection.execute(matched_query)
        ]
        provider = (
            []
            if outlet is not None
            else [
                ProviderLine(
                    row.provider_ref, row.merchant_id, row.amount, row.paid_at, row.file_name,
                    row.row_no
                )
                for row in connection.execute(provider_query)
            ]
        )  # fmt: skip
        payments = [PaymentLine(*row) for row in connection.execute(payment_query)]
    return SettlementStatus(matched, provider, payments)
