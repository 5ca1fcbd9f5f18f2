"""text signals, dialogue score, window metrics, tags

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 04:38:01.703754
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# SQLite rebuilds a table to alter it; the rebuilt one must still never reuse a deleted id.
KEEP_IDS_UNIQUE = {"sqlite_autoincrement": True}


def upgrade() -> None:
    op.create_table(
        "thread_tags",
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_thread_tags_thread_id_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("thread_id", "tag", name=op.f("pk_thread_tags")),
    )
    with op.batch_alter_table("thread_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_thread_tags_tag"), ["tag"], unique=False)

    op.create_table(
        "thread_window_metrics",
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("window_size", sa.Integer(), nullable=False),
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
        sa.Column("question_share", sa.Float(), nullable=True),
        sa.Column("answered_question_share", sa.Float(), nullable=True),
        sa.Column("tag_only_share", sa.Float(), nullable=True),
        sa.Column("low_content_share", sa.Float(), nullable=True),
        sa.Column("lexical_uptake", sa.Float(), nullable=True),
        sa.Column("uptake_reply_share", sa.Float(), nullable=True),
        sa.Column("mean_tokens", sa.Float(), nullable=True),
        sa.Column("dialogue_score", sa.Float(), nullable=True),
        sa.Column("dialogue_category", sa.String(length=32), nullable=True),
        sa.Column("score_version", sa.Integer(), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("score_components", sa.JSON(), nullable=False),
        sa.Column("unavailable", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_thread_window_metrics_thread_id_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("thread_id", "window_size", name=op.f("pk_thread_window_metrics")),
    )
    with op.batch_alter_table("thread_window_metrics", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_thread_window_metrics_comments"), ["comments"], unique=False
        )

    with op.batch_alter_table("thread_metrics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("question_share", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("answered_question_share", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("tag_only_share", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("low_content_share", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("lexical_uptake", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("uptake_reply_share", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("mean_tokens", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("dialogue_score", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("dialogue_category", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("score_version", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("languages", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )
        batch_op.add_column(
            sa.Column("score_components", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )

    _copy_tags_to_table()
    with op.batch_alter_table("threads", table_kwargs=KEEP_IDS_UNIQUE) as batch_op:
        batch_op.add_column(
            sa.Column("first_comment_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_threads_first_comment_at"), ["first_comment_at"], unique=False
        )
        batch_op.drop_column("tags")


THREADS = sa.table("threads", sa.column("id", sa.Integer), sa.column("tags", sa.JSON))
THREAD_TAGS = sa.table(
    "thread_tags", sa.column("thread_id", sa.Integer), sa.column("tag", sa.String)
)


def _copy_tags_to_table() -> None:
    """Tags move from a JSON list on each thread to rows that SQL can group by."""
    connection = op.get_bind()
    rows = [
        {"thread_id": thread_id, "tag": tag}
        for thread_id, tags in connection.execute(sa.select(THREADS.c.id, THREADS.c.tags))
        for tag in sorted(set(tags or []))
    ]
    if rows:
        connection.execute(sa.insert(THREAD_TAGS), rows)


def downgrade() -> None:
    with op.batch_alter_table("threads", table_kwargs=KEEP_IDS_UNIQUE) as batch_op:
        batch_op.add_column(
            sa.Column("tags", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
        batch_op.drop_index(batch_op.f("ix_threads_first_comment_at"))
        batch_op.drop_column("first_comment_at")
    connection = op.get_bind()
    tags: dict[int, list[str]] = {}
    for thread_id, tag in connection.execute(sa.select(THREAD_TAGS.c.thread_id, THREAD_TAGS.c.tag)):
        tags.setdefault(thread_id, []).append(tag)
    for thread_id, names in tags.items():
        connection.execute(
            sa.update(THREADS).where(THREADS.c.id == thread_id).values(tags=sorted(names))
        )

    with op.batch_alter_table("thread_metrics", schema=None) as batch_op:
        batch_op.drop_column("score_components")
        batch_op.drop_column("languages")
        batch_op.drop_column("score_version")
        batch_op.drop_column("dialogue_category")
        batch_op.drop_column("dialogue_score")
        batch_op.drop_column("mean_tokens")
        batch_op.drop_column("uptake_reply_share")
        batch_op.drop_column("lexical_uptake")
        batch_op.drop_column("low_content_share")
        batch_op.drop_column("tag_only_share")
        batch_op.drop_column("answered_question_share")
        batch_op.drop_column("question_share")

    with op.batch_alter_table("thread_window_metrics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thread_window_metrics_comments"))

    op.drop_table("thread_window_metrics")
    with op.batch_alter_table("thread_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thread_tags_tag"))

    op.drop_table("thread_tags")
