"""sale campaign: the campaign and buyer id a sale was tagged with at the till

Revision ID: c0006
Revises: c0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0006"
down_revision: str | None = "c0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "central_sale_campaign",
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("outlet", sa.String(length=8), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("campaign", sa.String(length=20), nullable=False),
        sa.Column("campaign_name", sa.String(length=40), nullable=False),
        sa.Column("buyer_label", sa.String(length=12), nullable=False),
        sa.Column("buyer_id", sa.String(length=64), nullable=False),
        sa.Column("minimum", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sale_id"],
            ["central_sale.id"],
            name=op.f("fk_central_sale_campaign_sale_id_central_sale"),
        ),
        sa.PrimaryKeyConstraint("sale_id", name=op.f("pk_central_sale_campaign")),
    )
    op.create_index(
        "ix_central_sale_campaign_campaign_buyer",
        "central_sale_campaign",
        ["campaign", "buyer_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_central_sale_campaign_campaign_buyer", table_name="central_sale_campaign")
    op.drop_table("central_sale_campaign")
