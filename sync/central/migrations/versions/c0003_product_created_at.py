"""product created_at: when a product first reached the central catalog

Revision ID: c0003
Revises: c0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0003"
down_revision: str | None = "c0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("central_product") as batch:
        batch.add_column(sa.Column("created_at", sa.DateTime(timezone=True), nullable=True))
    # The best the centre knows of rows already there: their last change.
    op.execute("UPDATE central_product SET created_at = updated_at")


def downgrade() -> None:
    with op.batch_alter_table("central_product") as batch:
        batch.drop_column("created_at")
