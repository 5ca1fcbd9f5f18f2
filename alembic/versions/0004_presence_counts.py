"""presence counts (metric version 2); comments keep their upload order

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 00:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Written out, not read from the registry: a migration stays what it was when it shipped.
COUNTS = (
    "exchange_count",
    "exchange_participants",
    "inferred_exchanges",
    "genuine_exchanges",
    "genuine_exchange_participants",
    "answered_questions",
    "answered_replies",
    "substantive_replies",
)
TABLES = ("thread_metrics", "thread_window_metrics")


def upgrade() -> None:
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("input_position", sa.Integer(), nullable=True))
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in COUNTS:
                batch_op.add_column(sa.Column(name, sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in reversed(COUNTS):
                batch_op.drop_column(name)
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_column("input_position")
