"""reconciliation: the QRIS provider's settlement rows and their matches with payments

Revision ID: c0004
Revises: c0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0004"
down_revision: str | None = "c0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "central_qris_settlement",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            sa.Identity(always=False),
            nullable=False,
        ),
        sa.Column("provider_ref", sa.String(length=120), nullable=False),
        sa.Column("merchant_id", sa.String(length=120), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("row_no", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_qris_settlement")),
        sa.UniqueConstraint("provider_ref", name=op.f("uq_central_qris_settlement_provider_ref")),
    )
    op.create_index(
        "ix_central_qris_settlement_amount_paid",
        "central_qris_settlement",
        ["amount", "paid_at"],
        unique=False,
    )
    op.create_table(
        "central_qris_match",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            sa.Identity(always=False),
            nullable=False,
        ),
        sa.Column("settlement_id", sa.BigInteger(), nullable=False),
        sa.Column("outlet", sa.String(length=8), nullable=False),
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.String(length=36), nullable=True),
        sa.Column("provider_ref", sa.String(length=120), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("matched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied_seq", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["central_qris_settlement.id"],
            name=op.f("fk_central_qris_match_settlement_id_central_qris_settlement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_qris_match")),
        sa.UniqueConstraint("settlement_id", name=op.f("uq_central_qris_match_settlement_id")),
        sa.UniqueConstraint(
            "sale_id", "line_no", name=op.f("uq_central_qris_match_sale_id_line_no")
        ),
    )
    op.create_index(
        "ix_central_qris_match_outlet_id", "central_qris_match", ["outlet", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_central_qris_match_outlet_id", table_name="central_qris_match")
    op.drop_table("central_qris_match")
    op.drop_index("ix_central_qris_settlement_amount_paid", table_name="central_qris_settlement")
    op.drop_table("central_qris_settlement")
