"""ids, names and tags as unbounded text; like counts as 64-bit integers

PostgreSQL refused with an error what SQLite stored: ids, authors and creators over 255
characters, tags over 64, like counts of 2^31 and more. The text columns become TEXT (their
unique constraints and indexes stay) and `comments.like_count` BIGINT.

The downgrade puts the old bounds back, and refuses (changing nothing) when stored values do not
fit them, rather than cut ids or counts.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 00:05:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# SQLite rebuilds a table to alter it; the rebuilt one must still never reuse a deleted id.
KEEP_IDS_UNIQUE = {"sqlite_autoincrement": True}
INT32_MAX = 2**31 - 1

# Written out, not read from the models: a migration stays what it was when it shipped.
# table -> (column, its former length)
TEXT_COLUMNS: dict[str, tuple[tuple[str, int], ...]] = {
    "threads": (("external_id", 255), ("creator", 255)),
    "comments": (
        ("comment_id", 255),
        ("parent_id", 255),
        ("reply_to", 255),
        ("platform_reply_to", 255),
        ("author", 255),
        ("author_name", 255),
    ),
    "thread_tags": (("tag", 64),),
}


def upgrade() -> None:
    for table, columns in TEXT_COLUMNS.items():
        with op.batch_alter_table(
            table, table_kwargs=KEEP_IDS_UNIQUE if table == "threads" else {}
        ) as batch_op:
            for name, length in columns:
                batch_op.alter_column(name, existing_type=sa.String(length), type_=sa.Text())
            if table == "comments":
                batch_op.alter_column(
                    "like_count", existing_type=sa.Integer(), type_=sa.BigInteger()
                )


def downgrade() -> None:
    _refuse_values_that_do_not_fit()
    for table, columns in reversed(TEXT_COLUMNS.items()):
        with op.batch_alter_table(
            table, table_kwargs=KEEP_IDS_UNIQUE if table == "threads" else {}
        ) as batch_op:
            if table == "comments":
                batch_op.alter_column(
                    "like_count", existing_type=sa.BigInteger(), type_=sa.Integer()
                )
            for name, length in reversed(columns):
                batch_op.alter_column(name, existing_type=sa.Text(), type_=sa.String(length))


def _refuse_values_that_do_not_fit() -> None:
    connection = op.get_bind()
    too_big: list[str] = []
    for table, columns in TEXT_COLUMNS.items():
        for name, length in columns:
            query = f"SELECT 1 FROM {table} WHERE length({name}) > {length} LIMIT 1"
            if connection.execute(sa.text(query)).first() is not None:
                too_big.append(f"{table}.{name} holds values longer than {length} characters")
    query = (
        f"SELECT 1 FROM comments WHERE like_count > {INT32_MAX} OR like_count < {-INT32_MAX - 1}"
        " LIMIT 1"
    )
    if connection.execute(sa.text(query)).first() is not None:
        too_big.append(f"comments.like_count holds values beyond {INT32_MAX}")
    if too_big:
        raise RuntimeError("cannot downgrade below 0005 without losing data: " + "; ".join(too_big))
