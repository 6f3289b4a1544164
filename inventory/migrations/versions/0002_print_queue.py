"""print queue

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "print_job",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("document", sa.String(), nullable=False),
        sa.Column("is_copy", sa.Boolean(), nullable=False),
        sa.Column("reprint_of", sa.String(), nullable=True),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=32), nullable=True),
        sa.Column("last_detail", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("printed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["reprint_of"], ["print_job.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.create_index("ix_print_job_state_created", ["state", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_print_job_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_print_job_reference"), ["reference"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_print_job_reference"))
        batch_op.drop_index(batch_op.f("ix_print_job_kind"))
        batch_op.drop_index("ix_print_job_state_created")
    op.drop_table("print_job")
