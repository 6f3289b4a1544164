"""sync: catalog pull state, agreed versions and catalog conflicts

Revision ID: 0004
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_catalog_base",
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("central_version", sa.Integer(), nullable=False),
        sa.Column("local_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "entity_id"),
    )
    op.create_table(
        "sync_catalog_conflict",
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("central_version", sa.Integer(), nullable=False),
        sa.Column("central_doc", sa.String(), nullable=False),
        sa.Column("local_version", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolution", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("entity", "entity_id"),
    )
    op.create_table(
        "sync_catalog_state",
        sa.Column("outlet", sa.String(length=8), nullable=False),
        sa.Column("catalog_version", sa.Integer(), nullable=False),
        sa.Column("last_pull_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("outlet"),
    )


def downgrade() -> None:
    op.drop_table("sync_catalog_state")
    op.drop_table("sync_catalog_conflict")
    op.drop_table("sync_catalog_base")
