"""platform graph metrics

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# SQLite rebuilds a table to alter it; the rebuilt one must still never reuse a deleted id.
KEEP_IDS_UNIQUE = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("threads", table_kwargs=KEEP_IDS_UNIQUE) as batch_op:
        batch_op.add_column(sa.Column("platform_metrics", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("threads", table_kwargs=KEEP_IDS_UNIQUE) as batch_op:
        batch_op.drop_column("platform_metrics")
