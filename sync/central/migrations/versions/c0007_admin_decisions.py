"""admin decisions: catalog proposals adopted or rejected, transfer receipts refused

Revision ID: c0007
Revises: c0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0007"
down_revision: str | None = "c0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "central_catalog_proposal_decision",
        sa.Column("proposal_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("catalog_version", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("proposal_id", name=op.f("pk_central_catalog_proposal_decision")),
    )
    op.create_table(
        "central_transfer_refusal",
        sa.Column("outlet", sa.String(length=8), nullable=False),
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("transfer_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("refused_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("outlet", "seq", name=op.f("pk_central_transfer_refusal")),
    )
    op.create_index(
        "ix_central_transfer_refusal_transfer",
        "central_transfer_refusal",
        ["transfer_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_central_transfer_refusal_transfer", table_name="central_transfer_refusal")
    op.drop_table("central_transfer_refusal")
    op.drop_table("central_catalog_proposal_decision")
