"""sale campaign: the campaign and buyer id a sale was tagged with at checkout

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sale_campaign",
        sa.Column("sale_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("campaign", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("campaign_name", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("buyer_label", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("buyer_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("minimum", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["sale_id"], ["sale.id"]),
        sa.PrimaryKeyConstraint("sale_id"),
    )
    op.create_index(
        "ix_sale_campaign_campaign_buyer", "sale_campaign", ["campaign", "buyer_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_sale_campaign_campaign_buyer", table_name="sale_campaign")
    op.drop_table("sale_campaign")
