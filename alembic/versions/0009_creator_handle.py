"""A thread's creator account (`creator_handle`), indexed with the platform: creators and their
communities are read by it. Stored threads get it when rescored (`parley rescore`).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-30 00:09:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE (no batch copy): recreating `threads` on SQLite would drop the data
    # version's triggers (0007).
    op.add_column("threads", sa.Column("creator_handle", sa.Text(), nullable=True))
    op.create_index("ix_threads_platform_creator_handle", "threads", ["platform", "creator_handle"])


def downgrade() -> None:
    op.drop_index("ix_threads_platform_creator_handle", table_name="threads")
    op.drop_column("threads", "creator_handle")
