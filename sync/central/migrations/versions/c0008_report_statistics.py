"""report statistics: partial indexes and (outlet, product) statistics of the stock ledger

Revision ID: c0008
Revises: c0007

The stock and payouts reports sum the whole ledger per (outlet, product). PostgreSQL's planner
takes outlet and product as independent and expects far more pairs than there are (60,000
instead of 13,000 on a month of the province), so it sorts the month on disk instead of
hashing it in memory; the extended ``ndistinct`` statistics tell it the true number. The two
partial indexes hold the rows the payouts report reads apart: the consignment receipts (for
each product's first at an outlet) and the sales and refunds without a Rupiah amount.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0008"
down_revision: str | None = "c0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONSIGN_IN = "kind = 'consign_in'"
UNPRICED = "amount IS NULL AND kind IN ('sale', 'refund')"
STATISTICS = "st_central_stock_movement_outlet_product"


def upgrade() -> None:
    for name, where in (
        ("ix_central_stock_movement_consign_in", CONSIGN_IN),
        ("ix_central_stock_movement_unpriced", UNPRICED),
    ):
        op.create_index(
            name,
            "central_stock_movement",
            ["outlet", "product_id", "occurred_at"],
            unique=False,
            postgresql_where=sa.text(where),
            sqlite_where=sa.text(where),
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE STATISTICS {STATISTICS} (ndistinct) "
            "ON outlet, product_id FROM central_stock_movement"
        )
        # The statistics are empty until the table is analyzed (a sample: quick on any size).
        op.execute("ANALYZE central_stock_movement")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")
    op.drop_index("ix_central_stock_movement_unpriced", table_name="central_stock_movement")
    op.drop_index("ix_central_stock_movement_consign_in", table_name="central_stock_movement")
