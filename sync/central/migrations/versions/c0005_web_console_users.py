"""web console: users and their sessions

Revision ID: c0005
Revises: c0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0005"
down_revision: str | None = "c0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "central_user",
        sa.Column("username", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("outlet", sa.String(length=8), nullable=True),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("failed_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("enabled", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["outlet"],
            ["central_outlet.code"],
            name=op.f("fk_central_user_outlet_central_outlet"),
        ),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_central_user")),
    )
    op.create_table(
        "central_user_session",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["username"],
            ["central_user.username"],
            name=op.f("fk_central_user_session_username_central_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_central_user_session")),
    )
    op.create_index(
        "ix_central_user_session_username", "central_user_session", ["username"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_central_user_session_username", table_name="central_user_session")
    op.drop_table("central_user_session")
    op.drop_table("central_user")
