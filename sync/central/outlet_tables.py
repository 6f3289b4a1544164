"""Central tables of the till's and the store manager's documents beyond the base books.

Sales, refunds, shifts and cash movements live in :mod:`sync.central.tables`; this module adds
what else an outlet journals: approvals, voided lines and cancelled carts (audit), receiving,
returns to producers, consignment settlements and payouts, stock counts and adjustments,
transfers between outlets, one-of-a-kind units and shelf places. Stock movements embedded in
any of these documents go to ``central_stock_movement``, the one central stock ledger.

Like every derived row, each carries the ``(outlet, seq)`` of the entry that made it. Money is
integer Rupiah (``BIGINT``), quantities integers in the product's base unit. Primary keys are
only what the outlet guarantees unique (its own ids, or the entry's ``(outlet, seq)``), so a
well-formed entry can never clash with another one.

The tables join :data:`sync.central.tables.metadata`; the package imports this module, so the
metadata is whole wherever it is used.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, Index, Integer, String, Table, Text

from sync.central.tables import Code, Id, Money, metadata
from sync.central.types import Timestamp

Number = String(40)
# Free text the outlet does not bound (names, usernames) is TEXT: a long value must never
# make a valid entry unstorable.
Actor = Text

# --- the till: approvals, voided lines, cancelled carts ---------------------------------------

approval = Table(
    "central_approval",
    metadata,
    Column("outlet", Code, primary_key=True),
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("id", Id, primary_key=True),
    # ``void_line``, ``cancel_sale``, ``discount``, ``refund``, ``open_drawer``, ``price_override``
    Column("action", String(24), nullable=False),
    Column("approver", Actor, nullable=False),
    Column("requested_by", Actor, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", Timestamp, nullable=False),
    # The document the approval came with: its journal kind and id.
    Column("document_kind", String(64), nullable=False),
    Column("document_id", Id, nullable=False),
    Index("ix_central_approval_outlet_at", "outlet", "at"),
)

sale_voided_line = Table(
    "central_sale_voided_line",
    metadata,
    Column("sale_id", Id, primary_key=True),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("outlet", Code, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("product_id", Id, nullable=False),
    Column("sku", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("quantity", BigInteger, nullable=False),
    Column("unit_price", Money, nullable=False),
    Column("amount", Money, nullable=False),
    Column("approval_id", Id, nullable=False),
)

sale_cancelled = Table(
    "central_sale_cancelled",
    metadata,
    Column("id", Id, primary_key=True),
    Column("outlet", Code, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("shift_id", Id, nullable=True),
    Column("cashier", Actor, nullable=False),
    Column("started_at", Timestamp, nullable=False),
    Column("cancelled_at", Timestamp, nullable=False),
    Column("line_count", Integer, nullable=False),
    Column("goods_total", Money, nullable=False),
    Column("approval_id", Id, nullable=False),
    Column("approver", Actor, nullable=False),
    Column("reason", Text, nullable=False),
    # The abandoned cart's lines as JSON (product_id, sku, name, quantity, unit_price, amount).
    Column("lines", Text, nullable=False),
    Index("ix_central_sale_cancelled_outlet_at", "outlet", "cancelled_at"),
)

# --- the store manager: goods in and out ------------------------------------------------------

receiving = Table(
    "central_receiving",
    metadata,
    Column("id", Id, primary_key=True),
    Column("outlet", Code, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("number", Number, nullable=False),
    # ``purchase`` or ``consignment``
    Column("mode", String(16), nullable=False),
    Column("producer_id", Id, nullable=True),
    Column("note", Text, nullable=True),
    Column("actor", Actor, nullable=False),
    Column("received_at", Timestamp, nullable=False),
    Column("quantity", BigInteger, nullable=False),
    # Sum of quantity x unit price over the lines that carry a price.
    Column("value", Money, nullable=False),
    Index("ix_central_receiving_outlet_at", "outlet", "received_at"),
)

receiving_line = Table(
    "central_receiving_line",
    metadata,
    Column("receiving_id", Id, primary_key=True),
    Column("line_no", Integer, primary_key=True, autoincrement=False),
    Column("product_id", Id, nullable=False),
    Column("quantity", BigInteger, nullable=False),
    Column("unit_price", Money, nullable=True),
    Column("expiry_date", Date, nullable=True),
    Column("batch", Text, nullable=True),
    Column("movement_id", Id, nullable=False),
)

producer_return = Table(
    "central_producer_return",
    metadata,
    Column("id", Id, primary_key=True),
    Column("outlet", Code, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("number", Number, nullable=False),
    Column("producer_id", Id, nullable=False),
    # ``unsold``, ``damaged`` or ``expired``
    Column("reason", String(16), nullable=False),
    Column("note", Text, nullable=True),
    Column("actor", Actor, nullable=False),
    Column("returned_at", Timestamp, nullable=False),
    # Pieces (base units) given back, a positive number.
    Column("quantity", BigInteger, nullable=False),
)

# --- consignment: settlements and payouts -----------------------------------------------------

settlement = Table(
    "central_settlement",
    metadata,
    Column("id", Id, primary_key=True),
    Column("outlet", Code, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("number", Number, nullable=False),
    Column("producer_id", Id, nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("commission_bp", Integer, nullable=False),
    Column("quantity", BigInteger, nullable=False),
    Column("gross", Money, nullable=False),
    Column("commission", Money, nullable=False),
    Column("payable", Money, nullable=False),
    Column("actor", Actor, nullable=False),
    Column("settled_at", Timestamp, nullable=False),
    Index("ix_central_settlement_producer", "producer_id"),
)

settlement_line = Table(
    "central_settlement_line",
    metadata,
    Column("settlement_id", Id, primary_key=True),
    Column("line_no", Integer, primary_key=True, autoincrement=False),
    Column("product_id", Id, nullable=False),
    Column("quantity", BigInteger, nullable=False),
    Column("gross", Money, nullable=False),
    Column("estimated", BigInteger, nullable=False, server_default="0"),
)

settlement_movement = Table(
    "central_settlement_movement",
    metadata,
    # The sale and refund movements a settlement settles (each settled once at the outlet).
    Column("settlement_id", Id, primary_key=True),
    Column("movement_id", Id, primary_key=True),
    Index("ix_central_settlement_movement_movement", "movement_id"),
)

payout = Table(
    "central_payout",
    metadata,
    Column("outlet", Code, primary_key=True),
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("settlement_id", Id, nullable=False),
    Column("number", Number, nullable=False),
    Column("amount", Money, nullable=False),
    Column("paid_on", Date, nullable=False),
    # ``cash``, ``transfer``, ``qris`` or ``other``
    Column("method", String(16), nullable=False),
    Column("reference", Text, nullable=True),
    Column("actor", Actor, nullable=False),
    Column("at", Timestamp, nullable=False),
    Index("ix_central_payout_settlement", "settlement_id"),
)

# --- counts and adjustments -------------------------------------------------------------------

stock_count = Table(
    "central_stock_count",
    metadata,
    Column("id", Id, primary_key=True),
    Column("outlet", Code, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("number", Number, nullable=False),
    # ``full``, ``category``, ``producer`` or ``shelf``
    Column("scope", String(16), nullable=False),
    Column("scope_value", Text, nullable=True),
    Column("started_by", Actor, nullable=False),
    Column("started_at", Timestamp, nullable=False),
    Column("approver", Actor, nullable=False),
    Column("approved_at", Timestamp, nullable=False),
    Column("line_count", Integer, nullable=False),
    # Sums over the lines: pieces off (counted - expected) and their value in Rupiah.
    Column("variance", BigInteger, nullable=False),
    Column("variance_value", Money, nullable=False),
)

stock_count_line = Table(
    "central_stock_count_line",
    metadata,
    Column("count_id", Id, primary_key=True),
    Column("line_no", Integer, primary_key=True, autoincrement=False),
    Column("product_id", Id, nullable=False),
    Column("expected", BigInteger, nullable=False),
    Column("moved_since_start", BigInteger, nullable=False),
    Column("counted", BigInteger, nullable=False),
    Column("variance", BigInteger, nullable=False),
    Column("value", Money, nullable=False),
    # ``cost`` or ``price``
    Column("valued_at", String(8), nullable=False),
)

stock_adjustment = Table(
    "central_stock_adjustment",
    metadata,
    Column("id", Id, primary_key=True),
    Column("outlet", Code, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("number", Number, nullable=False),
    # ``damaged``, ``lost``, ``expired``, ``sample`` or ``found``
    Column("reason", String(16), nullable=False),
    Column("note", Text, nullable=True),
    Column("value", Money, nullable=False),
    Column("approver", Actor, nullable=True),
    Column("movement_id", Id, nullable=False),
    Column("product_id", Id, nullable=False),
    Column("quantity", BigInteger, nullable=False),
    Column("actor", Actor, nullable=False),
    Column("occurred_at", Timestamp, nullable=False),
    Index("ix_central_stock_adjustment_outlet_at", "outlet", "occurred_at"),
)

# --- transfers between outlets ----------------------------------------------------------------
# One row per transfer, written by two outlets: the sender's ``transfer.sent`` and the
# receiver's ``transfer.received``, in either order. In transit until received.

transfer = Table(
    "central_transfer",
    metadata,
    Column("id", Id, primary_key=True),
    Column("number", Number, nullable=False),
    Column("from_outlet", Code, nullable=False),
    Column("to_outlet", Code, nullable=False),
    # ``in_transit`` (sent, not yet confirmed) or ``received``
    Column("status", String(16), nullable=False),
    Column("note", Text, nullable=True),
    # The entries that told the centre: which outlet sent each, at which seq.
    Column("sent_outlet", Code, nullable=True),
    Column("sent_seq", BigInteger, nullable=True),
    Column("sent_by", Actor, nullable=True),
    Column("sent_at", Timestamp, nullable=True),
    Column("received_outlet", Code, nullable=True),
    Column("received_seq", BigInteger, nullable=True),
    Column("received_by", Actor, nullable=True),
    Column("received_at", Timestamp, nullable=True),
    Index("ix_central_transfer_status", "status"),
)

transfer_line = Table(
    "central_transfer_line",
    metadata,
    Column("transfer_id", Id, primary_key=True),
    # Position in the sent document; the receipt lists the same lines in the same order.
    Column("line_no", Integer, primary_key=True, autoincrement=False),
    # Each outlet names the product by its own id (a product may be local to one of them).
    Column("product_id", Id, nullable=True),
    Column("received_product_id", Id, nullable=True),
    Column("sku", String(64), nullable=True),
    Column("name", String(200), nullable=True),
    Column("sent", BigInteger, nullable=True),
    Column("received", BigInteger, nullable=True),
    # ``sent - received`` as the receiving outlet confirmed it (lost or broken on the way).
    Column("difference", BigInteger, nullable=True),
)

# --- catalog facts of one outlet --------------------------------------------------------------
# Documents are states: the row holds the latest (highest seq) state the outlet sent.

product_unit = Table(
    "central_product_unit",
    metadata,
    Column("outlet", Code, primary_key=True),
    Column("id", Id, primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("product_id", Id, nullable=False),
    Column("code", String(14), nullable=False),
    Column("motif", Text, nullable=True),
    Column("weaver", Text, nullable=True),
    Column("village", Text, nullable=True),
    # ``in_stock`` or ``sold``
    Column("status", String(16), nullable=False),
    Column("sold_reference", Text, nullable=True),
    Column("updated_at", Timestamp, nullable=False),
    Index("ix_central_product_unit_product", "product_id"),
)

shelf = Table(
    "central_shelf",
    metadata,
    Column("outlet", Code, primary_key=True),
    Column("product_id", Id, primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("shelf", String(40), nullable=True),
    Column("updated_at", Timestamp, nullable=False),
)

# Tables the appliers of this module's documents write (see ``tables.BOOKS``).
OUTLET_BOOKS = (
    approval,
    sale_voided_line,
    sale_cancelled,
    receiving_line,
    receiving,
    producer_return,
    settlement_movement,
    settlement_line,
    settlement,
    payout,
    stock_count_line,
    stock_count,
    stock_adjustment,
    transfer_line,
    transfer,
    product_unit,
    shelf,
)
