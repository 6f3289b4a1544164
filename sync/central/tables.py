"""Tables of the central database: outlets, the raw journal, and the normalized books.

The raw journal keeps every entry exactly as the outlet sent it, unique on ``(outlet, seq)``;
appliers (:mod:`sync.central.appliers`) turn entries into the normalized tables in the same
transaction. Rows derived from an entry carry its ``(outlet, seq)`` so any figure can be traced
back to the entry that made it. Money and quantities are integers (Rupiah, base units).

The sales, refund, shift and cash tables are filled by appliers of the cashier app's documents;
their columns follow what a sale, a refund, a shift and a cash movement carry at the outlet.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from sync.central.types import Timestamp

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

Id = String(36)
Code = String(8)
Money = BigInteger

outlet = Table(
    "central_outlet",
    metadata,
    Column("code", Code, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kabupaten", String(120), nullable=False, server_default=""),
    # SHA-256 (hex) of the bearer token; the token itself is shown once and never stored.
    Column("token_hash", String(64), nullable=False, unique=True),
    # HMAC key of offline export files, derived from the token (see sync.tokens).
    Column("export_key", String(64), nullable=False),
    Column("enabled", Boolean, nullable=False, server_default="true"),
    Column("created_at", Timestamp, nullable=False),
    Column("token_rotated_at", Timestamp, nullable=False),
    # Kept by ingest under the outlet's row lock: 1..contiguous_seq are all present.
    Column("contiguous_seq", BigInteger, nullable=False, server_default="0"),
    Column("last_seq", BigInteger, nullable=False, server_default="0"),
    Column("entry_count", BigInteger, nullable=False, server_default="0"),
    Column("last_heard_at", Timestamp, nullable=True),
)

journal = Table(
    "central_journal",
    metadata,
    Column("outlet", Code, ForeignKey("central_outlet.code"), primary_key=True),
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("id", Id, nullable=False),
    Column("kind", String(64), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("created_at", Timestamp, nullable=False),
    Column("received_at", Timestamp, nullable=False),
    Column("content_hash", String(64), nullable=False),
    # The canonical JSON text of the payload, exactly what the content hash covers.
    Column("payload", Text, nullable=False),
)

conflict = Table(
    "central_conflict",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), Identity(), primary_key=True),
    Column("outlet", Code, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("stored_hash", String(64), nullable=False),
    Column("offered_hash", String(64), nullable=False),
    Column("offered_entry", Text, nullable=False),
    Column("first_seen_at", Timestamp, nullable=False),
    Column("last_seen_at", Timestamp, nullable=False),
    Column("times", Integer, nullable=False, server_default="1"),
    UniqueConstraint("outlet", "seq", "offered_hash"),
)

counter = Table(
    "central_counter",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

# --- catalog master --------------------------------------------------------------------------
# Every row carries the catalog version of its last change; outlets pull rows above the version
# they hold. ``origin_outlet`` is the outlet a row was born at (NULL: made at the centre) and
# ``changed_by`` the outlet whose entry made the last change (NULL: the centre).

producer = Table(
    "central_producer",
    metadata,
    Column("id", Id, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(24), nullable=False),
    Column("program", String(24), nullable=False),
    Column("kabupaten", String(120), nullable=True),
    Column("kecamatan", String(120), nullable=True),
    Column("desa", String(120), nullable=True),
    Column("phone", String(40), nullable=True),
    Column("commission_bp", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("certifications", Text, nullable=False, server_default="[]"),
    Column("origin_outlet", Code, nullable=True),
    Column("changed_by", Code, nullable=True),
    Column("catalog_version", BigInteger, nullable=False, index=True),
    Column("updated_at", Timestamp, nullable=False),
)

category = Table(
    "central_category",
    metadata,
    Column("id", Id, primary_key=True),
    Column("name", String(120), nullable=False),
    Column("origin_outlet", Code, nullable=True),
    Column("changed_by", Code, nullable=True),
    Column("catalog_version", BigInteger, nullable=False, index=True),
    Column("updated_at", Timestamp, nullable=False),
)

product = Table(
    "central_product",
    metadata,
    Column("id", Id, primary_key=True),
    Column("sku", String(64), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("unit", String(24), nullable=False),
    Column("price", Money, nullable=False),
    Column("cost", Money, nullable=True),
    Column("producer_id", Id, nullable=True),
    Column("category_id", Id, nullable=True),
    Column("min_stock", BigInteger, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("plu", String(8), nullable=True),
    Column("version", Integer, nullable=False),
    Column("barcodes", Text, nullable=False, server_default="[]"),
    Column("certifications", Text, nullable=False, server_default="[]"),
    Column("origin_outlet", Code, nullable=True),
    Column("changed_by", Code, nullable=True),
    Column("catalog_version", BigInteger, nullable=False, index=True),
    Column("updated_at", Timestamp, nullable=False),
    # When the product first reached the central catalog (new-listing reports). Rows from
    # before migration c0003 carry their updated_at; NULL only if written outside the applier.
    Column("created_at", Timestamp, nullable=True),
)

catalog_proposal = Table(
    "central_catalog_proposal",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), Identity(), primary_key=True),
    Column("outlet", Code, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("entity", String(16), nullable=False),
    Column("entity_id", Id, nullable=False),
    Column("doc", Text, nullable=False),
    Column("received_at", Timestamp, nullable=False),
    # The master row's catalog_version when the proposal arrived (NULL before migration c0009):
    # adoption refuses, unless forced, a proposal whose master row changed since.
    Column("base_version", BigInteger, nullable=True),
    Index("ix_central_catalog_proposal_entity", "entity", "entity_id"),
)

# --- stock and audit (inventory documents) ---------------------------------------------------

CONSIGN_IN = "kind = 'consign_in'"
UNPRICED = "amount IS NULL AND kind IN ('sale', 'refund')"
stock_movement = Table(
    "central_stock_movement",
    metadata,
    Column("id", Id, primary_key=True),
    Column("outlet", Code, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("product_id", Id, nullable=False),
    Column("kind", String(24), nullable=False),
    Column("quantity", BigInteger, nullable=False),
    Column("reason", Text, nullable=True),
    Column("reference", String(64), nullable=True),
    Column("actor", String(120), nullable=False),
    Column("occurred_at", Timestamp, nullable=False),
    # Net Rupiah of a sale or refund line (what consignment settlements add up).
    Column("amount", Money, nullable=True),
    Index("ix_central_stock_movement_outlet_seq", "outlet", "seq"),
    Index("ix_central_stock_movement_outlet_product", "outlet", "product_id"),
    # Migration c0008: the few rows the payouts report reads apart from the month's sales (each
    # product's first consignment receipt, movements without a Rupiah amount).
    Index(
        "ix_central_stock_movement_consign_in",
        "outlet",
        "product_id",
        "occurred_at",
        postgresql_where=text(CONSIGN_IN),
        sqlite_where=text(CONSIGN_IN),
    ),
    Index(
        "ix_central_stock_movement_unpriced",
        "outlet",
        "product_id",
        "occurred_at",
        postgresql_where=text(UNPRICED),
        sqlite_where=text(UNPRICED),
    ),
)

audit_event = Table(
    "central_audit_event",
    metadata,
    Column("id", Id, primary_key=True),
    Column("outlet", Code, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("at", Timestamp, nullable=False),
    Column("actor", String(120), nullable=False),
    Column("action", String(64), nullable=False),
    Column("subject", Text, nullable=True),
    Column("before", Text, nullable=True),
    Column("after", Text, nullable=True),
    Index("ix_central_audit_event_outlet_at", "outlet", "at"),
)

# --- sales, refunds, shifts, cash (cashier app documents) -------------------------------------

sale = Table(
    "central_sale",
    metadata,
    Column("id", Id, primary_key=True),
    Column("outlet", Code, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("receipt_no", String(32), nullable=False),
    Column("shift_id", Id, nullable=True),
    Column("cashier", String(120), nullable=False),
    Column("business_day", Date, nullable=False),
    Column("occurred_at", Timestamp, nullable=False),
    Column("subtotal", Money, nullable=False),
    Column("discount", Money, nullable=False, server_default="0"),
    Column("tax", Money, nullable=False, server_default="0"),
    Column("rounding", Money, nullable=False, server_default="0"),
    Column("total", Money, nullable=False),
    # ``completed`` or ``voided``; a void is its own journal entry (``voided_seq``).
    Column("status", String(16), nullable=False),
    Column("voided_seq", BigInteger, nullable=True),
    # The sale.completed document's own figures (``discount`` above is both discounts,
    # ``tax`` the PPN contained in the total, ``occurred_at`` when it was paid).
    Column("cashier_name", Text, nullable=True),
    Column("started_at", Timestamp, nullable=True),
    Column("gross", Money, nullable=False, server_default="0"),
    Column("line_discounts", Money, nullable=False, server_default="0"),
    Column("sale_discount", Money, nullable=False, server_default="0"),
    Column("sale_discount_kind", String(8), nullable=True),
    Column("sale_discount_value", BigInteger, nullable=True),
    Column("sale_discount_approval_id", Text, nullable=True),
    Column("goods_total", Money, nullable=False, server_default="0"),
    Column("ppn_mode", String(16), nullable=False, server_default="none"),
    Column("change_given", Money, nullable=False, server_default="0"),
    UniqueConstraint("outlet", "receipt_no"),
    Index("ix_central_sale_outlet_day", "outlet", "business_day"),
    Index("ix_central_sale_outlet_seq", "outlet", "seq"),
)

sale_line = Table(
    "central_sale_line",
    metadata,
    Column("sale_id", Id, ForeignKey("central_sale.id"), primary_key=True),
    Column("line_no", Integer, primary_key=True, autoincrement=False),
    Column("product_id", Id, nullable=False),
    Column("sku", String(64), nullable=False),
    Column("name", String(200), nullable=False),
    Column("unit", String(24), nullable=False),
    Column("quantity", BigInteger, nullable=False),
    Column("unit_price", Money, nullable=False),
    Column("discount", Money, nullable=False, server_default="0"),
    Column("tax", Money, nullable=False, server_default="0"),
    Column("total", Money, nullable=False),
    Column("producer_id", Id, nullable=True),
    # The line as the sale.completed document has it (``discount`` above is the line's own).
    Column("line_id", Id, nullable=True),
    Column("list_price", Money, nullable=False, server_default="0"),
    Column("gross", Money, nullable=False, server_default="0"),
    Column("sale_discount_share", Money, nullable=False, server_default="0"),
    Column("discount_kind", String(8), nullable=True),
    Column("discount_value", BigInteger, nullable=True),
    Column("discount_approval_id", Text, nullable=True),
    Column("price_override_approval_id", Text, nullable=True),
    Column("category_id", Text, nullable=True),
    Column("category", Text, nullable=True),
    Column("barcode", Text, nullable=True),
    Index("ix_central_sale_line_product", "product_id"),
    Index("ix_central_sale_line_line_id", "line_id"),
)

payment = Table(
    "central_payment",
    metadata,
    Column("sale_id", Id, ForeignKey("central_sale.id"), primary_key=True),
    Column("line_no", Integer, primary_key=True, autoincrement=False),
    # ``cash``, ``qris``, ``card`` or ``transfer``.
    Column("tender", String(16), nullable=False),
    Column("amount", Money, nullable=False),
    Column("change_given", Money, nullable=False, server_default="0"),
    Column("reference", String(120), nullable=True),
    Column("payment_id", Id, nullable=True),
    Column("tendered", Money, nullable=False, server_default="0"),
    # ``False``: QRIS confirmed by eye at the till, not yet matched with the bank's report.
    Column("verified", Boolean, nullable=False, server_default="true"),
)

refund = Table(
    "central_refund",
    metadata,
    Column("id", Id, primary_key=True),
    Column("outlet", Code, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("sale_id", Id, nullable=True),
    Column("receipt_no", String(32), nullable=True),
    Column("shift_id", Id, nullable=True),
    Column("occurred_at", Timestamp, nullable=False),
    Column("business_day", Date, nullable=False),
    Column("total", Money, nullable=False),
    Column("reason", Text, nullable=True),
    Column("actor", String(120), nullable=False),
    Column("approved_by", String(120), nullable=True),
    Column("number", String(32), nullable=True),
    Column("goods_amount", Money, nullable=False, server_default="0"),
    Column("rounding", Money, nullable=False, server_default="0"),
    # The tender the money went back through (``total`` is what it paid out).
    Column("tender", String(16), nullable=True),
    Column("reference", Text, nullable=True),
    Column("approval_id", Id, nullable=True),
    Index("ix_central_refund_outlet_day", "outlet", "business_day"),
)

refund_line = Table(
    "central_refund_line",
    metadata,
    Column("refund_id", Id, ForeignKey("central_refund.id"), primary_key=True),
    Column("line_no", Integer, primary_key=True, autoincrement=False),
    Column("product_id", Id, nullable=False),
    Column("quantity", BigInteger, nullable=False),
    Column("amount", Money, nullable=False),
    Column("line_id", Id, nullable=True),
    Column("sale_line_id", Id, nullable=True),
    Column("sku", Text, nullable=True),
    Column("name", Text, nullable=True),
)

shift = Table(
    "central_shift",
    metadata,
    Column("id", Id, primary_key=True),
    Column("outlet", Code, nullable=False),
    # NULL until the shift.opened entry arrives (a shift.closed may be applied first).
    Column("opened_seq", BigInteger, nullable=True),
    Column("closed_seq", BigInteger, nullable=True),
    Column("cashier", String(120), nullable=False),
    Column("opened_at", Timestamp, nullable=False),
    Column("closed_at", Timestamp, nullable=True),
    Column("opening_float", Money, nullable=False),
    Column("expected_cash", Money, nullable=True),
    Column("counted_cash", Money, nullable=True),
    Column("difference", Money, nullable=True),
    # From shift.closed: the Z report's figures, and the whole summary as JSON.
    Column("number", Integer, nullable=True),
    Column("closed_by", String(120), nullable=True),
    Column("sales_count", Integer, nullable=True),
    Column("refunds_count", Integer, nullable=True),
    Column("gross", Money, nullable=True),
    Column("discounts", Money, nullable=True),
    Column("refunds", Money, nullable=True),
    Column("rounding", Money, nullable=True),
    Column("net", Money, nullable=True),
    Column("ppn", Money, nullable=True),
    Column("cash_in", Money, nullable=True),
    Column("cash_out", Money, nullable=True),
    Column("summary", Text, nullable=True),
    Index("ix_central_shift_outlet_opened", "outlet", "opened_at"),
)

cash_movement = Table(
    "central_cash_movement",
    metadata,
    Column("id", Id, primary_key=True),
    Column("outlet", Code, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("shift_id", Id, nullable=True),
    # ``in`` (float top-up), ``out`` (paid out), ``drop`` (to the safe)...
    Column("kind", String(24), nullable=False),
    Column("amount", Money, nullable=False),
    Column("reason", Text, nullable=True),
    Column("actor", String(120), nullable=False),
    Column("occurred_at", Timestamp, nullable=False),
    Index("ix_central_cash_movement_outlet_seq", "outlet", "seq"),
)

# Tables an applier may write (everything but the registry and the raw journal), for tests and
# for ``TRUNCATE`` in the bench.
BOOKS = (
    stock_movement,
    audit_event,
    refund_line,
    refund,
    payment,
    sale_line,
    sale,
    shift,
    cash_movement,
    catalog_proposal,
    product,
    category,
    producer,
)

# --- campaign tags (sale.completed schema version 2) ------------------------------------------

# The campaign a sale was tagged with at the till and the buyer id it counts for; name, label
# and minimum as the outlet's config had them when the sale was made. Refunds reach a buyer
# through ``central_refund.sale_id``.
sale_campaign = Table(
    "central_sale_campaign",
    metadata,
    Column("sale_id", Id, ForeignKey("central_sale.id"), primary_key=True),
    Column("outlet", Code, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("campaign", String(20), nullable=False),
    Column("campaign_name", String(40), nullable=False),
    Column("buyer_label", String(12), nullable=False),
    Column("buyer_id", String(64), nullable=False),
    Column("minimum", Money, nullable=False),
    Index("ix_central_sale_campaign_campaign_buyer", "campaign", "buyer_id"),
)

# --- decisions the admins take on what outlets sent (migration c0007) --------------------------

catalog_proposal_decision = Table(
    "central_catalog_proposal_decision",
    metadata,
    # A proposal without a decision row is pending.
    Column("proposal_id", BigInteger, primary_key=True, autoincrement=False),
    # ``adopted`` or ``rejected``
    Column("status", String(16), nullable=False),
    Column("decided_at", Timestamp, nullable=False),
    Column("decided_by", Text, nullable=False),
    Column("reason", Text, nullable=True),
    # The master catalog version an adopted proposal was published as.
    Column("catalog_version", BigInteger, nullable=True),
)

transfer_refusal = Table(
    "central_transfer_refusal",
    metadata,
    # The refused ``transfer.received`` entry: stored as raw journal, not applied to the transfer.
    Column("outlet", Code, primary_key=True),
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("transfer_id", Id, nullable=False),
    Column("number", Text, nullable=False),
    # ``not_destination``, ``more_than_sent`` or ``already_received``
    Column("reason", String(24), nullable=False),
    Column("detail", Text, nullable=False),
    Column("refused_at", Timestamp, nullable=False),
    Index("ix_central_transfer_refusal_transfer", "transfer_id"),
)

# --- reconciliation: the QRIS provider's settlement rows and their matches (migration c0004) ---

qris_settlement = Table(
    "central_qris_settlement",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), Identity(), primary_key=True),
    # The provider's own reference of the payment: importing a file twice adds nothing.
    Column("provider_ref", String(120), nullable=False, unique=True),
    Column("merchant_id", String(120), nullable=True),
    Column("amount", Money, nullable=False),
    Column("paid_at", Timestamp, nullable=False),
    Column("file_name", Text, nullable=False),
    Column("row_no", Integer, nullable=False),
    Column("imported_at", Timestamp, nullable=False),
    Index("ix_central_qris_settlement_amount_paid", "amount", "paid_at"),
)

qris_match = Table(
    "central_qris_match",
    metadata,
    # Also the cursor of ``GET /v1/verifications?since=ID``: ids only grow.
    Column("id", BigInteger().with_variant(Integer, "sqlite"), Identity(), primary_key=True),
    Column("settlement_id", BigInteger, ForeignKey("central_qris_settlement.id"), nullable=False),
    Column("outlet", Code, nullable=False),
    Column("sale_id", Id, nullable=False),
    Column("line_no", Integer, nullable=False),
    # The outlet's own id of the payment row, which the verification updates there.
    Column("payment_id", Id, nullable=True),
    Column("provider_ref", String(120), nullable=False),
    Column("amount", Money, nullable=False),
    Column("matched_at", Timestamp, nullable=False),
    # The seq of the outlet's ``payment.verified`` entry once its books took the verification.
    Column("applied_seq", BigInteger, nullable=True),
    UniqueConstraint("settlement_id"),
    UniqueConstraint("sale_id", "line_no"),
    Index("ix_central_qris_match_outlet_id", "outlet", "id"),
)

# --- web console users and their sessions (sync/central/users.py) ----------------------------

user = Table(
    "central_user",
    metadata,
    Column("username", String(32), primary_key=True),
    Column("name", String(120), nullable=False),
    # ``admin`` (everything), ``viewer`` (read only) or ``outlet`` (one outlet, read only).
    Column("role", String(8), nullable=False),
    # The one outlet an ``outlet`` user sees; NULL for the other roles.
    Column("outlet", Code, ForeignKey("central_outlet.code"), nullable=True),
    # argon2id (PHC string); the password itself is never stored.
    Column("password_hash", Text, nullable=False),
    Column("failed_count", Integer, nullable=False, server_default="0"),
    Column("locked_until", Timestamp, nullable=True),
    Column("enabled", Boolean, nullable=False, server_default="true"),
    Column("created_at", Timestamp, nullable=False),
    Column("password_changed_at", Timestamp, nullable=False),
    Column("last_login_at", Timestamp, nullable=True),
)

user_session = Table(
    "central_user_session",
    metadata,
    # SHA-256 (hex) of the session cookie's random token; the token itself is never stored.
    Column("id_hash", String(64), primary_key=True),
    Column(
        "username",
        String(32),
        ForeignKey("central_user.username", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("created_at", Timestamp, nullable=False),
    Column("expires_at", Timestamp, nullable=False),
    Column("last_seen_at", Timestamp, nullable=False),
    # Sent in every form of the session and checked on every POST.
    Column("csrf_token", String(64), nullable=False),
    Index("ix_central_user_session_username", "username"),
)
