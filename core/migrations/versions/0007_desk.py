"""The desk's second pass: time zones, claim locks, save origins, finding parameters,
notifications

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "time_zone",
                sqlmodel.sql.sqltypes.AutoString(length=64),
                nullable=False,
                server_default="Asia/Jakarta",
            )
        )
        batch_op.add_column(
            sa.Column("notifications_seen_id", sa.Integer(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("segment_version", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True)
        )
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.add_column(sa.Column("params", sa.JSON(), nullable=True))
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("recipient_id", sa.Integer(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"]),
        sa.ForeignKeyConstraint(["actor_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["recipient_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notification_article_id"), ["article_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_notification_recipient_id"), ["recipient_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_recipient_id"))
        batch_op.drop_index(batch_op.f("ix_notification_article_id"))
    op.drop_table("notification")
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.drop_column("params")
    with op.batch_alter_table("segment_version", schema=None) as batch_op:
        batch_op.drop_column("origin")
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_column("claimed_at")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("notifications_seen_id")
        batch_op.drop_column("time_zone")
