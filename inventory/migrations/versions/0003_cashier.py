"""cashier: staff, shifts, cash movements, approvals, sales, payments, refunds, held carts

Revision ID: 0003
Revises: 0002 (chained after the print queue when the branches met)
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "held_cart",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("cashier", sa.String(), nullable=False),
        sa.Column("shift_id", sa.String(), nullable=True),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("cart", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "staff",
        sa.Column("username", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.Column("pin_hash", sa.String(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("failed_count", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("username"),
    )
    op.create_table(
        "approval",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("approver", sa.String(), nullable=False),
        sa.Column("requested_by", sa.String(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("subject", sa.String(), nullable=True),
        sa.Column("detail", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["approver"],
            ["staff.username"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("approval", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_approval_subject"), ["subject"], unique=False)

    op.create_table(
        "shift",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("cashier", sa.String(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("opening_float", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.String(), nullable=True),
        sa.Column("cash_expected", sa.Integer(), nullable=True),
        sa.Column("cash_counted", sa.Integer(), nullable=True),
        sa.Column("counts", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cashier"],
            ["staff.username"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("shift", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shift_cashier"), ["cashier"], unique=False)

    op.create_table(
        "cash_movement",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("shift_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["shift_id"],
            ["shift.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("cash_movement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cash_movement_shift_id"), ["shift_id"], unique=False)

    op.create_table(
        "sale",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("receipt_no", sa.String(length=32), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("shift_id", sa.String(), nullable=False),
        sa.Column("cashier", sa.String(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=False),
        sa.Column("line_count", sa.Integer(), nullable=False),
        sa.Column("gross", sa.Integer(), nullable=False),
        sa.Column("line_discounts", sa.Integer(), nullable=False),
        sa.Column("subtotal", sa.Integer(), nullable=False),
        sa.Column("sale_discount_kind", sa.String(), nullable=True),
        sa.Column("sale_discount_value", sa.Integer(), nullable=True),
        sa.Column("sale_discount", sa.Integer(), nullable=False),
        sa.Column("sale_discount_approval_id", sa.String(), nullable=True),
        sa.Column("goods_total", sa.Integer(), nullable=False),
        sa.Column("ppn_mode", sa.String(), nullable=False),
        sa.Column("ppn", sa.Integer(), nullable=False),
        sa.Column("rounding", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("change", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cashier"],
            ["staff.username"],
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"],
            ["shift.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("receipt_no"),
    )
    with op.batch_alter_table("sale", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sale_business_day"), ["business_day"], unique=False)
        batch_op.create_index(batch_op.f("ix_sale_shift_id"), ["shift_id"], unique=False)

    op.create_table(
        "payment",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("sale_id", sa.String(), nullable=False),
        sa.Column("tender", sa.String(length=24), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("tendered", sa.Integer(), nullable=False),
        sa.Column("change", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(), nullable=True),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sale_id"],
            ["sale.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_sale_id"), ["sale_id"], unique=False)

    op.create_table(
        "refund",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("sale_id", sa.String(), nullable=False),
        sa.Column("shift_id", sa.String(), nullable=False),
        sa.Column("cashier", sa.String(), nullable=False),
        sa.Column("approval_id", sa.String(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("goods_amount", sa.Integer(), nullable=False),
        sa.Column("rounding", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("tender", sa.String(length=24), nullable=False),
        sa.Column("reference", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["approval_id"],
            ["approval.id"],
        ),
        sa.ForeignKeyConstraint(
            ["cashier"],
            ["staff.username"],
        ),
        sa.ForeignKeyConstraint(
            ["sale_id"],
            ["sale.id"],
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"],
            ["shift.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("refund", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_refund_business_day"), ["business_day"], unique=False)
        batch_op.create_index(batch_op.f("ix_refund_sale_id"), ["sale_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_refund_shift_id"), ["shift_id"], unique=False)

    op.create_table(
        "sale_line",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("sale_id", sa.String(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.String(), nullable=False),
        sa.Column("sku", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("unit", sa.String(length=24), nullable=False),
        sa.Column("category_id", sa.String(), nullable=True),
        sa.Column("category", sa.String(), nullable=True),
        sa.Column("barcode", sa.String(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("list_price", sa.Integer(), nullable=False),
        sa.Column("unit_price", sa.Integer(), nullable=False),
        sa.Column("price_override_approval_id", sa.String(), nullable=True),
        sa.Column("gross", sa.Integer(), nullable=False),
        sa.Column("discount_kind", sa.String(), nullable=True),
        sa.Column("discount_value", sa.Integer(), nullable=True),
        sa.Column("discount", sa.Integer(), nullable=False),
        sa.Column("discount_approval_id", sa.String(), nullable=True),
        sa.Column("sale_discount_share", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["product.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sale_id"],
            ["sale.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sale_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sale_line_product_id"), ["product_id"], unique=False)
        batch_op.create_index("ix_sale_line_sale_line_no", ["sale_id", "line_no"], unique=True)

    op.create_table(
        "refund_line",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("refund_id", sa.String(), nullable=False),
        sa.Column("sale_line_id", sa.String(), nullable=False),
        sa.Column("product_id", sa.String(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["product.id"],
        ),
        sa.ForeignKeyConstraint(
            ["refund_id"],
            ["refund.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sale_line_id"],
            ["sale_line.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("refund_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_refund_line_refund_id"), ["refund_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_refund_line_sale_line_id"), ["sale_line_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("refund_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refund_line_sale_line_id"))
        batch_op.drop_index(batch_op.f("ix_refund_line_refund_id"))

    op.drop_table("refund_line")
    with op.batch_alter_table("sale_line", schema=None) as batch_op:
        batch_op.drop_index("ix_sale_line_sale_line_no")
        batch_op.drop_index(batch_op.f("ix_sale_line_product_id"))

    op.drop_table("sale_line")
    with op.batch_alter_table("refund", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refund_shift_id"))
        batch_op.drop_index(batch_op.f("ix_refund_sale_id"))
        batch_op.drop_index(batch_op.f("ix_refund_business_day"))

    op.drop_table("refund")
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_sale_id"))

    op.drop_table("payment")
    with op.batch_alter_table("sale", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sale_shift_id"))
        batch_op.drop_index(batch_op.f("ix_sale_business_day"))

    op.drop_table("sale")
    with op.batch_alter_table("cash_movement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cash_movement_shift_id"))

    op.drop_table("cash_movement")
    with op.batch_alter_table("shift", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shift_cashier"))

    op.drop_table("shift")
    with op.batch_alter_table("approval", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_approval_subject"))

    op.drop_table("approval")
    op.drop_table("staff")
    op.drop_table("held_cart")
