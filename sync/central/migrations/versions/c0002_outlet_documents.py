"""outlet documents: the till's and the store manager's kinds

Revision ID: c0002
Revises: c0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0002"
down_revision: str | None = "c0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "central_approval",
        sa.Column("outlet", sa.String(length=8), nullable=False),
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("approver", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("document_kind", sa.String(length=64), nullable=False),
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("outlet", "seq", "id", name=op.f("pk_central_approval")),
    )
    op.create_index(
        "ix_central_approval_outlet_at", "central_approval", ["outlet", "at"], unique=False
    )
    op.create_table(
        "central_payout",
        sa.Column("outlet", sa.String(length=8), nullable=False),
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("settlement_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("reference", sa.Text(), nullable=True),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("outlet", "seq", name=op.f("pk_central_payout")),
    )
    op.create_index(
        "ix_central_payout_settlement", "central_payout", ["settlement_id"], unique=False
    )
    op.create_table(
        "central_producer_return",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("outlet", sa.String(length=8), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("producer_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_producer_return")),
    )
    op.create_table(
        "central_product_unit",
        sa.Column("outlet", sa.String(length=8), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("product_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=14), nullable=False),
        sa.Column("motif", sa.Text(), nullable=True),
        sa.Column("weaver", sa.Text(), nullable=True),
        sa.Column("village", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("sold_reference", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("outlet", "id", name=op.f("pk_central_product_unit")),
    )
    op.create_index(
        "ix_central_product_unit_product", "central_product_unit", ["product_id"], unique=False
    )
    op.create_table(
        "central_receiving",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("outlet", sa.String(length=8), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("producer_id", sa.String(length=36), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_receiving")),
    )
    op.create_index(
        "ix_central_receiving_outlet_at",
        "central_receiving",
        ["outlet", "received_at"],
        unique=False,
    )
    op.create_table(
        "central_receiving_line",
        sa.Column("receiving_id", sa.String(length=36), nullable=False),
        sa.Column("line_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("product_id", sa.String(length=36), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit_price", sa.BigInteger(), nullable=True),
        sa.Column("expiry_date", sa.Date(), nullable=True),
        sa.Column("batch", sa.Text(), nullable=True),
        sa.Column("movement_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("receiving_id", "line_no", name=op.f("pk_central_receiving_line")),
    )
    op.create_table(
        "central_sale_cancelled",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("outlet", sa.String(length=8), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("shift_id", sa.String(length=36), nullable=True),
        sa.Column("cashier", sa.Text(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("line_count", sa.Integer(), nullable=False),
        sa.Column("goods_total", sa.BigInteger(), nullable=False),
        sa.Column("approval_id", sa.String(length=36), nullable=False),
        sa.Column("approver", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("lines", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_sale_cancelled")),
    )
    op.create_index(
        "ix_central_sale_cancelled_outlet_at",
        "central_sale_cancelled",
        ["outlet", "cancelled_at"],
        unique=False,
    )
    op.create_table(
        "central_sale_voided_line",
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("outlet", sa.String(length=8), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("product_id", sa.String(length=36), nullable=False),
        sa.Column("sku", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("approval_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("sale_id", "position", name=op.f("pk_central_sale_voided_line")),
    )
    op.create_table(
        "central_settlement",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("outlet", sa.String(length=8), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("producer_id", sa.String(length=36), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("commission_bp", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("gross", sa.BigInteger(), nullable=False),
        sa.Column("commission", sa.BigInteger(), nullable=False),
        sa.Column("payable", sa.BigInteger(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_settlement")),
    )
    op.create_index(
        "ix_central_settlement_producer", "central_settlement", ["producer_id"], unique=False
    )
    op.create_table(
        "central_settlement_line",
        sa.Column("settlement_id", sa.String(length=36), nullable=False),
        sa.Column("line_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("product_id", sa.String(length=36), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("gross", sa.BigInteger(), nullable=False),
        sa.Column("estimated", sa.BigInteger(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint(
            "settlement_id", "line_no", name=op.f("pk_central_settlement_line")
        ),
    )
    op.create_table(
        "central_settlement_movement",
        sa.Column("settlement_id", sa.String(length=36), nullable=False),
        sa.Column("movement_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint(
            "settlement_id", "movement_id", name=op.f("pk_central_settlement_movement")
        ),
    )
    op.create_index(
        "ix_central_settlement_movement_movement",
        "central_settlement_movement",
        ["movement_id"],
        unique=False,
    )
    op.create_table(
        "central_shelf",
        sa.Column("outlet", sa.String(length=8), nullable=False),
        sa.Column("product_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("shelf", sa.String(length=40), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("outlet", "product_id", name=op.f("pk_central_shelf")),
    )
    op.create_table(
        "central_stock_adjustment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("outlet", sa.String(length=8), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("approver", sa.Text(), nullable=True),
        sa.Column("movement_id", sa.String(length=36), nullable=False),
        sa.Column("product_id", sa.String(length=36), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_stock_adjustment")),
    )
    op.create_index(
        "ix_central_stock_adjustment_outlet_at",
        "central_stock_adjustment",
        ["outlet", "occurred_at"],
        unique=False,
    )
    op.create_table(
        "central_stock_count",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("outlet", sa.String(length=8), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("scope_value", sa.Text(), nullable=True),
        sa.Column("started_by", sa.Text(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approver", sa.Text(), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("line_count", sa.Integer(), nullable=False),
        sa.Column("variance", sa.BigInteger(), nullable=False),
        sa.Column("variance_value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_stock_count")),
    )
    op.create_table(
        "central_stock_count_line",
        sa.Column("count_id", sa.String(length=36), nullable=False),
        sa.Column("line_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("product_id", sa.String(length=36), nullable=False),
        sa.Column("expected", sa.BigInteger(), nullable=False),
        sa.Column("moved_since_start", sa.BigInteger(), nullable=False),
        sa.Column("counted", sa.BigInteger(), nullable=False),
        sa.Column("variance", sa.BigInteger(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("valued_at", sa.String(length=8), nullable=False),
        sa.PrimaryKeyConstraint("count_id", "line_no", name=op.f("pk_central_stock_count_line")),
    )
    op.create_table(
        "central_transfer",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("from_outlet", sa.String(length=8), nullable=False),
        sa.Column("to_outlet", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("sent_outlet", sa.String(length=8), nullable=True),
        sa.Column("sent_seq", sa.BigInteger(), nullable=True),
        sa.Column("sent_by", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_outlet", sa.String(length=8), nullable=True),
        sa.Column("received_seq", sa.BigInteger(), nullable=True),
        sa.Column("received_by", sa.Text(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_transfer")),
    )
    op.create_index("ix_central_transfer_status", "central_transfer", ["status"], unique=False)
    op.create_table(
        "central_transfer_line",
        sa.Column("transfer_id", sa.String(length=36), nullable=False),
        sa.Column("line_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("product_id", sa.String(length=36), nullable=True),
        sa.Column("received_product_id", sa.String(length=36), nullable=True),
        sa.Column("sku", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("sent", sa.BigInteger(), nullable=True),
        sa.Column("received", sa.BigInteger(), nullable=True),
        sa.Column("difference", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("transfer_id", "line_no", name=op.f("pk_central_transfer_line")),
    )
    op.add_column("central_payment", sa.Column("payment_id", sa.String(length=36), nullable=True))
    op.add_column(
        "central_payment",
        sa.Column("tendered", sa.BigInteger(), server_default="0", nullable=False),
    )
    op.add_column(
        "central_payment",
        sa.Column("verified", sa.Boolean(), server_default="true", nullable=False),
    )
    op.add_column("central_refund", sa.Column("number", sa.String(length=32), nullable=True))
    op.add_column(
        "central_refund",
        sa.Column("goods_amount", sa.BigInteger(), server_default="0", nullable=False),
    )
    op.add_column(
        "central_refund", sa.Column("rounding", sa.BigInteger(), server_default="0", nullable=False)
    )
    op.add_column("central_refund", sa.Column("tender", sa.String(length=16), nullable=True))
    op.add_column("central_refund", sa.Column("reference", sa.Text(), nullable=True))
    op.add_column("central_refund", sa.Column("approval_id", sa.String(length=36), nullable=True))
    op.add_column("central_refund_line", sa.Column("line_id", sa.String(length=36), nullable=True))
    op.add_column(
        "central_refund_line", sa.Column("sale_line_id", sa.String(length=36), nullable=True)
    )
    op.add_column("central_refund_line", sa.Column("sku", sa.Text(), nullable=True))
    op.add_column("central_refund_line", sa.Column("name", sa.Text(), nullable=True))
    op.add_column("central_sale", sa.Column("cashier_name", sa.Text(), nullable=True))
    op.add_column(
        "central_sale", sa.Column("started_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "central_sale", sa.Column("gross", sa.BigInteger(), server_default="0", nullable=False)
    )
    op.add_column(
        "central_sale",
        sa.Column("line_discounts", sa.BigInteger(), server_default="0", nullable=False),
    )
    op.add_column(
        "central_sale",
        sa.Column("sale_discount", sa.BigInteger(), server_default="0", nullable=False),
    )
    op.add_column(
        "central_sale", sa.Column("sale_discount_kind", sa.String(length=8), nullable=True)
    )
    op.add_column("central_sale", sa.Column("sale_discount_value", sa.BigInteger(), nullable=True))
    op.add_column("central_sale", sa.Column("sale_discount_approval_id", sa.Text(), nullable=True))
    op.add_column(
        "central_sale",
        sa.Column("goods_total", sa.BigInteger(), server_default="0", nullable=False),
    )
    op.add_column(
        "central_sale",
        sa.Column("ppn_mode", sa.String(length=16), server_default="none", nullable=False),
    )
    op.add_column(
        "central_sale",
        sa.Column("change_given", sa.BigInteger(), server_default="0", nullable=False),
    )
    op.add_column("central_sale_line", sa.Column("line_id", sa.String(length=36), nullable=True))
    op.add_column(
        "central_sale_line",
        sa.Column("list_price", sa.BigInteger(), server_default="0", nullable=False),
    )
    op.add_column(
        "central_sale_line", sa.Column("gross", sa.BigInteger(), server_default="0", nullable=False)
    )
    op.add_column(
        "central_sale_line",
        sa.Column("sale_discount_share", sa.BigInteger(), server_default="0", nullable=False),
    )
    op.add_column(
        "central_sale_line", sa.Column("discount_kind", sa.String(length=8), nullable=True)
    )
    op.add_column("central_sale_line", sa.Column("discount_value", sa.BigInteger(), nullable=True))
    op.add_column("central_sale_line", sa.Column("discount_approval_id", sa.Text(), nullable=True))
    op.add_column(
        "central_sale_line", sa.Column("price_override_approval_id", sa.Text(), nullable=True)
    )
    op.add_column("central_sale_line", sa.Column("category_id", sa.Text(), nullable=True))
    op.add_column("central_sale_line", sa.Column("category", sa.Text(), nullable=True))
    op.add_column("central_sale_line", sa.Column("barcode", sa.Text(), nullable=True))
    op.create_index("ix_central_sale_line_line_id", "central_sale_line", ["line_id"], unique=False)
    op.add_column("central_shift", sa.Column("number", sa.Integer(), nullable=True))
    op.add_column("central_shift", sa.Column("closed_by", sa.String(length=120), nullable=True))
    op.add_column("central_shift", sa.Column("sales_count", sa.Integer(), nullable=True))
    op.add_column("central_shift", sa.Column("refunds_count", sa.Integer(), nullable=True))
    op.add_column("central_shift", sa.Column("gross", sa.BigInteger(), nullable=True))
    op.add_column("central_shift", sa.Column("discounts", sa.BigInteger(), nullable=True))
    op.add_column("central_shift", sa.Column("refunds", sa.BigInteger(), nullable=True))
    op.add_column("central_shift", sa.Column("rounding", sa.BigInteger(), nullable=True))
    op.add_column("central_shift", sa.Column("net", sa.BigInteger(), nullable=True))
    op.add_column("central_shift", sa.Column("ppn", sa.BigInteger(), nullable=True))
    op.add_column("central_shift", sa.Column("cash_in", sa.BigInteger(), nullable=True))
    op.add_column("central_shift", sa.Column("cash_out", sa.BigInteger(), nullable=True))
    op.add_column("central_shift", sa.Column("summary", sa.Text(), nullable=True))
    # A shift.closed may be applied before its shift.opened arrives (batch not in 'seq' order
    # across kinds); batch mode so a SQLite centre can relax the column too.
    with op.batch_alter_table("central_shift") as batch:
        batch.alter_column("opened_seq", existing_type=sa.BigInteger(), nullable=True)
    op.add_column("central_stock_movement", sa.Column("amount", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("central_stock_movement") as batch:
        batch.drop_column("amount")
    # Shifts known only from their close get the close's seq, so the column can be NOT NULL.
    op.execute("UPDATE central_shift SET opened_seq = closed_seq WHERE opened_seq IS NULL")
    with op.batch_alter_table("central_shift") as batch:
        batch.drop_column("summary")
        batch.drop_column("cash_out")
        batch.drop_column("cash_in")
        batch.drop_column("ppn")
        batch.drop_column("net")
        batch.drop_column("rounding")
        batch.drop_column("refunds")
        batch.drop_column("discounts")
        batch.drop_column("gross")
        batch.drop_column("refunds_count")
        batch.drop_column("sales_count")
        batch.drop_column("closed_by")
        batch.drop_column("number")
        batch.alter_column("opened_seq", existing_type=sa.BigInteger(), nullable=False)
    op.drop_index("ix_central_sale_line_line_id", table_name="central_sale_line")
    with op.batch_alter_table("central_sale_line") as batch:
        batch.drop_column("barcode")
        batch.drop_column("category")
        batch.drop_column("category_id")
        batch.drop_column("price_override_approval_id")
        batch.drop_column("discount_approval_id")
        batch.drop_column("discount_value")
        batch.drop_column("discount_kind")
        batch.drop_column("sale_discount_share")
        batch.drop_column("gross")
        batch.drop_column("list_price")
        batch.drop_column("line_id")
    with op.batch_alter_table("central_sale") as batch:
        batch.drop_column("change_given")
        batch.drop_column("ppn_mode")
        batch.drop_column("goods_total")
        batch.drop_column("sale_discount_approval_id")
        batch.drop_column("sale_discount_value")
        batch.drop_column("sale_discount_kind")
        batch.drop_column("sale_discount")
        batch.drop_column("line_discounts")
        batch.drop_column("gross")
        batch.drop_column("started_at")
        batch.drop_column("cashier_name")
    with op.batch_alter_table("central_refund_line") as batch:
        batch.drop_column("name")
        batch.drop_column("sku")
        batch.drop_column("sale_line_id")
        batch.drop_column("line_id")
    with op.batch_alter_table("central_refund") as batch:
        batch.drop_column("approval_id")
        batch.drop_column("reference")
        batch.drop_column("tender")
        batch.drop_column("rounding")
        batch.drop_column("goods_amount")
        batch.drop_column("number")
    with op.batch_alter_table("central_payment") as batch:
        batch.drop_column("verified")
        batch.drop_column("tendered")
        batch.drop_column("payment_id")
    op.drop_table("central_transfer_line")
    op.drop_index("ix_central_transfer_status", table_name="central_transfer")
    op.drop_table("central_transfer")
    op.drop_table("central_stock_count_line")
    op.drop_table("central_stock_count")
    op.drop_index("ix_central_stock_adjustment_outlet_at", table_name="central_stock_adjustment")
    op.drop_table("central_stock_adjustment")
    op.drop_table("central_shelf")
    op.drop_index(
        "ix_central_settlement_movement_movement", table_name="central_settlement_movement"
    )
    op.drop_table("central_settlement_movement")
    op.drop_table("central_settlement_line")
    op.drop_index("ix_central_settlement_producer", table_name="central_settlement")
    op.drop_table("central_settlement")
    op.drop_table("central_sale_voided_line")
    op.drop_index("ix_central_sale_cancelled_outlet_at", table_name="central_sale_cancelled")
    op.drop_table("central_sale_cancelled")
    op.drop_table("central_receiving_line")
    op.drop_index("ix_central_receiving_outlet_at", table_name="central_receiving")
    op.drop_table("central_receiving")
    op.drop_index("ix_central_product_unit_product", table_name="central_product_unit")
    op.drop_table("central_product_unit")
    op.drop_table("central_producer_return")
    op.drop_index("ix_central_payout_settlement", table_name="central_payout")
    op.drop_table("central_payout")
    op.drop_index("ix_central_approval_outlet_at", table_name="central_approval")
    op.drop_table("central_approval")
