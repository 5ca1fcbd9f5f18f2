"""A data version: a counter moved on, by triggers, by every change to threads, their metrics,
windows and tags, under which the service caches computed aggregates (db/data_version.py)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-20 00:07:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.data_version import create_statements, drop_statements

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.execute("INSERT INTO data_version (id, version) VALUES (1, 1)")
    for statement in create_statements(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_statements(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table("data_version")
