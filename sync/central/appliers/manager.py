"""Appliers of the store manager's documents: goods in and out, consignment, counts, transfers.

Each business event is one row (with its lines), and the stock movements it carried go into
the one central stock ledger, ``central_stock_movement``, so the centre's on-hand is always the
union of the outlets' ledgers. Transfers are one row written by two outlets: the sender's
``transfer.sent`` and the receiver's ``transfer.received``, in either order; the transfer is in
transit until received. Units and shelf places are states: the newest (highest ``seq``) wins.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select, tuple_, update

from inventory.documents import (
    KIND_ADJUSTMENT,
    KIND_COUNT,
    KIND_PAYOUT,
    KIND_PRODUCER_RETURN,
    KIND_RECEIVING,
    KIND_SETTLEMENT,
    KIND_SHELF,
    KIND_TRANSFER_IN,
    KIND_TRANSFER_OUT,
    KIND_UNITS,
    AdjustmentDoc,
    PayoutDoc,
    ProducerReturnDoc,
    ProductUnitsDoc,
    ReceivingDoc,
    SettlementDoc,
    ShelfDoc,
    StockCountDoc,
    TransferDoc,
    TransferReceiptDoc,
)
from sync.central import outlet_tables as books
from sync.central import tables
from sync.central.appliers.rows import Row, insert_movements, upsert
from sync.central.registry import Applied, ApplyContext, KindHandler

RECEIVING_COLUMNS = (
    "id",
    "outlet",
    "seq",
    "number",
    "mode",
    "producer_id",
    "note",
    "actor",
    "received_at",
    "quantity",
    "value",
)
RECEIVING_LINE_COLUMNS = (
    "receiving_id",
    "line_no",
    "product_id",
    "quantity",
    "unit_price",
    "expiry_date",
    "batch",
    "movement_id",
)


def apply_receiving(context: ApplyContext, entries: Sequence[Applied[ReceivingDoc]]) -> None:
    """Goods received, bought or on consignment: the receiving, its lines, its movements."""
    rows: list[Row] = []
    lines: list[Row] = []
    for e in entries:
        r = e.doc
        value = sum(line.quantity * line.unit_price for line in r.lines if line.unit_price)
        rows.append(
            (r.id, e.outlet, e.seq, r.number, r.mode.value, r.producer_id, r.note, r.actor,
             r.received_at, sum(line.quantity for line in r.lines), value)
        )  # fmt: skip
        lines.extend(
            (r.id, number, line.product_id, line.quantity, line.unit_price, line.expiry_date,
             line.batch, line.movement_id)
            for number, line in enumerate(r.lines, start=1)
        )  # fmt: skip
    context.insert(books.receiving, RECEIVING_COLUMNS, rows)
    context.insert(books.receiving_line, RECEIVING_LINE_COLUMNS, lines)
    insert_movements(context, entries, lambda doc: doc.movements)


RETURN_COLUMNS = (
    "id",
    "outlet",
    "seq",
    "number",
    "producer_id",
    "reason",
    "note",
    "actor",
    "returned_at",
    "quantity",
)


def apply_returns(context: ApplyContext, entries: Sequence[Applied[ProducerReturnDoc]]) -> None:
    """Consignment goods given back to their producer, and the movements out of stock."""
    rows = [
        (e.doc.id, e.outlet, e.seq, e.doc.number, e.doc.producer_id, e.doc.reason.value,
         e.doc.note, e.doc.actor, e.doc.returned_at, -sum(m.quantity for m in e.doc.movements))
        for e in entries
    ]  # fmt: skip
    context.insert(books.producer_return, RETURN_COLUMNS, rows)
    insert_movements(context, entries, lambda doc: doc.movements)


SETTLEMENT_COLUMNS = (
    "id",
    "outlet",
    "seq",
    "number",
    "producer_id",
    "period_start",
    "period_end",
    "commission_bp",
    "quantity",
    "gross",
    "commission",
    "payable",
    "actor",
    "settled_at",
)


def apply_settlements(context: ApplyContext, entries: Sequence[Applied[SettlementDoc]]) -> None:
    """What a producer is owed for a period, its lines, and the movements it settles."""
    rows: list[Row] = []
    lines: list[Row] = []
    settled: list[Row] = []
    for e in entries:
        s = e.doc
        rows.append(
            (s.id, e.outlet, e.seq, s.number, s.producer_id, s.period_start, s.period_end,
             s.commission_bp, s.quantity, s.gross, s.commission, s.payable, s.actor, s.settled_at)
        )  # fmt: skip
        lines.extend(
            (s.id, number, line.product_id, line.quantity, line.gross, line.estimated)
            for number, line in enumerate(s.lines, start=1)
        )
        settled.extend((s.id, movement_id) for movement_id in dict.fromkeys(s.movement_ids))
    context.insert(books.settlement, SETTLEMENT_COLUMNS, rows)
    context.insert(
        books.settlement_line,
        ("settlement_id", "line_no", "product_id", "quantity", "gross", "estimated"),
        lines,
    )
    context.insert(books.settlement_movement, ("settlement_id", "movement_id"), settled)


PAYOUT_COLUMNS = (
    "outlet",
    "seq",
    "settlement_id",
    "number",
    "amount",
    "paid_on",
    "method",
    "reference",
    "actor",
    "at",
)


def apply_payouts(context: ApplyContext, entries: Sequence[Applied[PayoutDoc]]) -> None:
    """The payment that closes a settlement (one row per entry)."""
    rows = [
        (e.outlet, e.seq, p.settlement_id, p.number, p.amount, p.paid_on, p.method.value,
         p.reference, p.actor, p.at)
        for e in entries
        for p in (e.doc,)
    ]  # fmt: skip
    context.insert(books.payout, PAYOUT_COLUMNS, rows)


COUNT_COLUMNS = (
    "id",
    "outlet",
    "seq",
    "number",
    "scope",
    "scope_value",
    "started_by",
    "started_at",
    "approver",
    "approved_at",
    "line_count",
    "variance",
    "variance_value",
)
COUNT_LINE_COLUMNS = (
    "count_id",
    "line_no",
    "product_id",
    "expected",
    "moved_since_start",
    "counted",
    "variance",
    "value",
    "valued_at",
)


def apply_counts(context: ApplyContext, entries: Sequence[Applied[StockCountDoc]]) -> None:
    """An approved stock count, its lines, and the count corrections it made."""
    rows: list[Row] = []
    lines: list[Row] = []
    for e in entries:
        c = e.doc
        rows.append(
            (c.id, e.outlet, e.seq, c.number, c.scope.value, c.scope_value, c.started_by,
             c.started_at, c.approver, c.approved_at, len(c.lines),
             sum(line.variance for line in c.lines), sum(line.value for line in c.lines))
        )  # fmt: skip
        lines.extend(
            (c.id, number, line.product_id, line.expected, line.moved_since_start, line.counted,
             line.variance, line.value, line.valued_at)
            for number, line in enumerate(c.lines, start=1)
        )  # fmt: skip
    context.insert(books.stock_count, COUNT_COLUMNS, rows)
    context.insert(books.stock_count_line, COUNT_LINE_COLUMNS, lines)
    insert_movements(context, entries, lambda doc: doc.movements)


ADJUSTMENT_COLUMNS = (
    "id",
    "outlet",
    "seq",
    "number",
    "reason",
    "note",
    "value",
    "approver",
    "movement_id",
    "product_id",
    "quantity",
    "actor",
    "occurred_at",
)


def apply_adjustments(context: ApplyContext, entries: Sequence[Applied[AdjustmentDoc]]) -> None:
    """A manual adjustment (one movement, by its schema) with reason, value and approver."""
    rows = []
    for e in entries:
        a, m = e.doc, e.doc.movements[0]
        rows.append(
            (a.id, e.outlet, e.seq, a.number, a.reason.value, a.note, a.value, a.approver, m.id,
             m.product_id, m.quantity, m.actor, m.occurred_at)
        )  # fmt: skip
    context.insert(books.stock_adjustment, ADJUSTMENT_COLUMNS, rows)
    insert_movements(context, entries, lambda doc: doc.movements)


def apply_transfers_sent(context: ApplyContext, entries: Sequence[Applied[TransferDoc]]) -> None:
    """The sender's side of a transfer: in transit unless the receipt is already here."""
    transfers: dict[str, dict[str, Any]] = {}
    lines: list[dict[str, Any]] = []
    for e in entries:
        t = e.doc
        transfers[t.id] = {
            "id": t.id,
            "number": t.number,
            "from_outlet": t.from_outlet,
            "to_outlet": t.to_outlet,
            "status": "in_transit",
            "note": t.note,
            "sent_outlet": e.outlet,
            "sent_seq": e.seq,
            "sent_by": t.actor,
            "sent_at": t.sent_at,
        }
        lines.extend(
            {
                "transfer_id": t.id,
                "line_no": number,
                "product_id": line.product_id,
                "sku": line.sku,
                "name": line.name,
                "sent": line.quantity,
            }
            for number, line in enumerate(t.lines, start=1)
        )
    upsert(
        context,
        books.transfer,
        list(transfers.values()),
        keys=["id"],
        # The sender's document is authoritative for where the goods go.
        update=["number", "from_outlet", "to_outlet", "note", "sent_outlet", "sent_seq",
                "sent_by", "sent_at"],
    )  # fmt: skip
    upsert(
        context,
        books.transfer_line,
        lines,
        keys=["transfer_id", "line_no"],
        update=["product_id", "sku", "name", "sent"],
    )
    _recheck_receipts(context, [e.doc for e in entries])
    insert_movements(context, entries, lambda doc: doc.movements)


def _refuse_receipts(context: ApplyContext, refusals: Sequence[dict[str, Any]]) -> None:
    if refusals:
        context.connection.execute(insert(tables.transfer_refusal), list(refusals))


def _refusal(
    context: ApplyContext,
    outlet: str,
    seq: int,
    receipt: TransferReceiptDoc,
    reason: str,
    detail: dict[str, Any],
) -> dict[str, Any]:
    return {
        "outlet": outlet,
        "seq": seq,
        "transfer_id": receipt.transfer_id,
        "number": receipt.number,
        "reason": reason,
        "detail": json.dumps(detail, sort_keys=True),
        "refused_at": context.now,
    }


def _receipt_problem(
    outlet: str,
    receipt: TransferReceiptDoc,
    destination: str,
    sent: dict[int, int],
) -> tuple[str, dict[str, Any]] | None:
    """Why ``outlet``'s receipt cannot end the transfer, or ``None`` when it can.

    ``destination`` and ``sent`` (per line number) are the sender's when the centre holds the
    sent document, else the receipt's own figures.
    """
    if outlet != destination:
        return "not_destination", {"receiver": outlet, "destination": destination}
    for number, line in enumerate(receipt.lines, start=1):
        limit = sent.get(number, line.sent)
        if line.received > limit or line.received > line.sent:
            return "more_than_sent", {"line": number, "sent": limit, "received": line.received}
    return None


def apply_transfers_received(
    context: ApplyContext, entries: Sequence[Applied[TransferReceiptDoc]]
) -> None:
    """The receiver's confirmation: the transfer is received, with what arrived of each line.

    Only the transfer's destination may confirm it, once, and never more than was sent. A
    receipt that breaks this is kept as raw journal (the outlet's ledger keeps its movements,
    and so does the central ledger) but does not touch the transfer: it is recorded in
    ``central_transfer_refusal`` for the admins instead.
    """
    connection = context.connection
    ids = list({e.doc.transfer_id for e in entries})
    known = {
        row.id: row
        for row in connection.execute(
            select(
                books.transfer.c.id,
                books.transfer.c.to_outlet,
                books.transfer.c.sent_seq,
                books.transfer.c.received_outlet,
                books.transfer.c.received_seq,
            ).where(books.transfer.c.id.in_(ids))
        ).all()
    }
    sent_lines: dict[str, dict[int, int]] = {}
    for row in connection.execute(
        select(
            books.transfer_line.c.transfer_id,
            books.transfer_line.c.line_no,
            books.transfer_line.c.sent,
        ).where(books.transfer_line.c.transfer_id.in_(ids))
    ).all():
        if known[row.transfer_id].sent_seq is not None and row.sent is not None:
            sent_lines.setdefault(row.transfer_id, {})[row.line_no] = int(row.sent)
    transfers: dict[str, dict[str, Any]] = {}
    lines: list[dict[str, Any]] = []
    refusals: list[dict[str, Any]] = []
    for e in entries:
        r = e.doc
        found = known.get(r.transfer_id)
        sender_known = found is not None and found.sent_seq is not None
        destination = found.to_outlet if found is not None and sender_known else r.to_outlet
        problem = _receipt_problem(e.outlet, r, destination, sent_lines.get(r.transfer_id, {}))
        if problem is None and (
            r.transfer_id in transfers or (found is not None and found.received_seq is not None)
        ):
            problem = ("already_received", {"receiver": e.outlet})
        if problem is not None:
            refusals.append(_refusal(context, e.outlet, e.seq, r, *problem))
            continue
        transfers[r.transfer_id] = {
            "id": r.transfer_id,
            "number": r.number,
            "from_outlet": r.from_outlet,
            "to_outlet": r.to_outlet,
            "status": "received",
            "received_outlet": e.outlet,
            "received_seq": e.seq,
            "received_by": r.actor,
            "received_at": r.confirmed_at,
        }
        lines.extend(
            {
                "transfer_id": r.transfer_id,
                "line_no": number,
                "received_product_id": line.product_id,
                "sent": line.sent,
                "received": line.received,
                "difference": line.difference,
            }
            for number, line in enumerate(r.lines, start=1)
        )
    upsert(
        context,
        books.transfer,
        list(transfers.values()),
        keys=["id"],
        update=["status", "received_outlet", "received_seq", "received_by", "received_at"],
    )
    upsert(
        context,
        books.transfer_line,
        lines,
        keys=["transfer_id", "line_no"],
        update=["received_product_id", "received", "difference"],
    )
    _refuse_receipts(context, refusals)
    insert_movements(context, entries, lambda doc: doc.movements)


def _recheck_receipts(context: ApplyContext, sent: Sequence[TransferDoc]) -> None:
    """A sent document arriving after its receipt: undo a receipt the sender's document shows
    was not the destination's or claimed more than was sent (it becomes a refusal)."""
    connection = context.connection
    by_id = {t.id: t for t in sent}
    rows = connection.execute(
        select(books.transfer.c.id, books.transfer.c.received_outlet, books.transfer.c.received_seq)
        .where(books.transfer.c.id.in_(list(by_id)))
        .where(books.transfer.c.received_seq.is_not(None))
    ).all()
    if not rows:
        return
    received = {
        (row.outlet, int(row.seq)): row.payload
        for row in connection.execute(
            select(tables.journal.c.outlet, tables.journal.c.seq, tables.journal.c.payload).where(
                tuple_(tables.journal.c.outlet, tables.journal.c.seq).in_(
                    [(row.received_outlet, row.received_seq) for row in rows]
                )
            )
        ).all()
    }
    refusals: list[dict[str, Any]] = []
    for row in rows:
        t = by_id[row.id]
        payload = received[(row.received_outlet, int(row.received_seq))]
        receipt = TransferReceiptDoc.model_validate_json(
            payload if isinstance(payload, str) else json.dumps(payload)
        )
        sent_lines = {number: line.quantity for number, line in enumerate(t.lines, start=1)}
        problem = _receipt_problem(row.received_outlet, receipt, t.to_outlet, sent_lines)
        if problem is None:
            continue
        refusals.append(
            _refusal(context, row.received_outlet, int(row.received_seq), receipt, *problem)
        )
        connection.execute(
            update(books.transfer)
            .where(books.transfer.c.id == row.id)
            .values(
                status="in_transit",
                received_outlet=None,
                received_seq=None,
                received_by=None,
                received_at=None,
            )
        )
        connection.execute(
            update(books.transfer_line)
            .where(books.transfer_line.c.transfer_id == row.id)
            .values(received_product_id=None, received=None, difference=None)
        )
    _refuse_receipts(context, refusals)


def apply_units(context: ApplyContext, entries: Sequence[Applied[ProductUnitsDoc]]) -> None:
    """One-of-a-kind units as they are now at the sending outlet (newest state wins)."""
    latest: dict[str, dict[str, Any]] = {}
    for e in entries:
        for u in e.doc.units:
            latest[u.id] = {
                "outlet": e.outlet,
                "id": u.id,
                "seq": e.seq,
                "product_id": u.product_id,
                "code": u.code,
                "motif": u.motif,
                "weaver": u.weaver,
                "village": u.village,
                "status": u.status.value,
                "sold_reference": u.sold_reference,
                "updated_at": e.created_at,
            }
    table = books.product_unit
    upsert(
        context,
        table,
        list(latest.values()),
        keys=["outlet", "id"],
        update=[c for c in next(iter(latest.values()), {}) if c not in {"outlet", "id"}],
        where=lambda excluded: table.c.seq < excluded.seq,
    )


def apply_shelves(context: ApplyContext, entries: Sequence[Applied[ShelfDoc]]) -> None:
    """Where each product stands in the sending outlet (newest state wins)."""
    latest = {
        e.doc.product_id: {
            "outlet": e.outlet,
            "product_id": e.doc.product_id,
            "seq": e.seq,
            "shelf": e.doc.shelf,
            "updated_at": e.created_at,
        }
        for e in entries
    }
    table = books.shelf
    upsert(
        context,
        table,
        list(latest.values()),
        keys=["outlet", "product_id"],
        update=["seq", "shelf", "updated_at"],
        where=lambda excluded: table.c.seq < excluded.seq,
    )


HANDLERS: tuple[KindHandler[Any], ...] = (
    KindHandler(kind=KIND_RECEIVING, schema=ReceivingDoc, apply=apply_receiving),
    KindHandler(kind=KIND_PRODUCER_RETURN, schema=ProducerReturnDoc, apply=apply_returns),
    KindHandler(kind=KIND_SETTLEMENT, schema=SettlementDoc, apply=apply_settlements),
    KindHandler(kind=KIND_PAYOUT, schema=PayoutDoc, apply=apply_payouts),
    KindHandler(kind=KIND_COUNT, schema=StockCountDoc, apply=apply_counts),
    KindHandler(kind=KIND_ADJUSTMENT, schema=AdjustmentDoc, apply=apply_adjustments),
    KindHandler(kind=KIND_TRANSFER_OUT, schema=TransferDoc, apply=apply_transfers_sent),
    KindHandler(kind=KIND_TRANSFER_IN, schema=TransferReceiptDoc, apply=apply_transfers_received),
    KindHandler(kind=KIND_UNITS, schema=ProductUnitsDoc, apply=apply_units),
    KindHandler(kind=KIND_SHELF, schema=ShelfDoc, apply=apply_shelves),
)
