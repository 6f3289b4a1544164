"""lean sale indexes: drop the two secondary indexes no outlet query needs

Every checkout writes a sale's lines and stock movements; each index on those tables is one more
B-tree page the sale's commit must write and sync. ``sale_line.product_id`` was never searched
at the outlet (sales per product come from the stock ledger), and a sale's stock movements are
found through ``(product_id, occurred_at)``, which the ledger keeps indexed anyway.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_sale_line_product_id", table_name="sale_line")
    op.drop_index("ix_stock_movement_reference", table_name="stock_movement")


def downgrade() -> None:
    op.create_index("ix_stock_movement_reference", "stock_movement", ["reference"], unique=False)
    op.create_index("ix_sale_line_product_id", "sale_line", ["product_id"], unique=False)
