"""threads, comments and metrics

Revision ID: 0001
Revises:
Create Date: 2026-11-28 04:21:38.650440
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=255), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("creator", sa.String(length=255), nullable=True),
        sa.Column("collected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("source_format", sa.String(length=64), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("integrity", sa.JSON(), nullable=False),
        sa.Column("import_report", sa.JSON(), nullable=False),
        sa.Column(
            "stored_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_threads")),
        sa.UniqueConstraint("platform", "external_id", name="uq_threads_platform_post"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("threads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_threads_platform"), ["platform"], unique=False)

    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.String(length=255), nullable=False),
        sa.Column("parent_id", sa.String(length=255), nullable=True),
        sa.Column("reply_to", sa.String(length=255), nullable=True),
        sa.Column("platform_reply_to", sa.String(length=255), nullable=True),
        sa.Column("reply_to_method", sa.String(length=32), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=255), nullable=True),
        sa.Column("author_name", sa.String(length=255), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("like_count", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_comments_thread_id_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
        sa.UniqueConstraint("thread_id", "comment_id", name="uq_comments_thread_comment"),
    )
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_comments_thread_position", ["thread_id", "position"], unique=False
        )

    op.create_table(
        "thread_metrics",
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("metric_version", sa.Integer(), nullable=False),
        sa.Column("comments", sa.Integer(), nullable=False),
        sa.Column("top_level", sa.Integer(), nullable=False),
        sa.Column("replies", sa.Integer(), nullable=False),
        sa.Column("authors", sa.Integer(), nullable=False),
        sa.Column("reply_share", sa.Float(), nullable=True),
        sa.Column("response_rate", sa.Float(), nullable=True),
        sa.Column("max_depth", sa.Integer(), nullable=False),
        sa.Column("mean_depth", sa.Float(), nullable=True),
        sa.Column("max_width", sa.Integer(), nullable=False),
        sa.Column("h_index", sa.Integer(), nullable=False),
        sa.Column("structural_virality", sa.Float(), nullable=True),
        sa.Column("dyadic_pairs", sa.Integer(), nullable=True),
        sa.Column("dyadic_share", sa.Float(), nullable=True),
        sa.Column("reciprocity", sa.Float(), nullable=True),
        sa.Column("exchange_comment_share", sa.Float(), nullable=True),
        sa.Column("longest_back_and_forth", sa.Integer(), nullable=True),
        sa.Column("reentry_rate", sa.Float(), nullable=True),
        sa.Column("creator_reply_share", sa.Float(), nullable=True),
        sa.Column("participation_gini", sa.Float(), nullable=True),
        sa.Column("unavailable", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_thread_metrics_thread_id_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("thread_id", name=op.f("pk_thread_metrics")),
    )
    with op.batch_alter_table("thread_metrics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_thread_metrics_comments"), ["comments"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("thread_metrics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thread_metrics_comments"))

    op.drop_table("thread_metrics")
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_index("ix_comments_thread_position")

    op.drop_table("comments")
    with op.batch_alter_table("threads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_threads_platform"))

    op.drop_table("threads")
