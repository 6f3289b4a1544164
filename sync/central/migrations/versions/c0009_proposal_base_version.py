"""proposal base version: the master row's catalog version when a proposal arrived

Adopting a proposal writes the outlet's whole document over the master row. If the master
changed after the proposal arrived (its owner edited it, or another proposal was adopted), that
would silently undo the newer change; with the version the proposal was made against, adoption
can see it and ask for an explicit decision. Proposals received before this migration have no
base version and are adopted as before.

Revision ID: c0009
Revises: c0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0009"
down_revision: str | None = "c0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "central_catalog_proposal", sa.Column("base_version", sa.BigInteger(), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("central_catalog_proposal", "base_version")
