"""Import jobs: the job, its uploaded files (in chunks, readable by a worker on any machine), the
units read from them and waiting for a worker, and one result per imported unit

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-27 00:08:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("worker", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("read_done", sa.Boolean(), nullable=False),
        sa.Column("bytes_total", sa.BigInteger(), nullable=False),
        sa.Column("bytes_read", sa.BigInteger(), nullable=False),
        sa.Column("rows_read", sa.BigInteger(), nullable=False),
        sa.Column("units_total", sa.Integer(), nullable=False),
        sa.Column("batches", sa.Integer(), nullable=False),
        sa.Column("units_done", sa.Integer(), nullable=False),
        sa.Column("units_refused", sa.Integer(), nullable=False),
        sa.Column("threads_created", sa.Integer(), nullable=False),
        sa.Column("threads_merged", sa.Integer(), nullable=False),
        sa.Column("threads_replaced", sa.Integer(), nullable=False),
        sa.Column("comments_stored", sa.BigInteger(), nullable=False),
        sa.Column("skipped_files", sa.JSON(), nullable=False),
        sa.Column("error", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_jobs")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_jobs_status"), ["status"], unique=False)

    op.create_table(
        "import_chunks",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["import_jobs.id"],
            name=op.f("fk_import_chunks_job_id_import_jobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("job_id", "position", "seq", name=op.f("pk_import_chunks")),
    )
    op.create_table(
        "import_files",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("media_type", sa.Text(), nullable=False),
        sa.Column("content_encoding", sa.Text(), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["import_jobs.id"],
            name=op.f("fk_import_files_job_id_import_jobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("job_id", "position", name=op.f("pk_import_files")),
    )
    op.create_table(
        "import_results",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("unit", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=True),
        sa.Column("platform", sa.String(length=32), nullable=True),
        sa.Column("external_id", sa.Text(), nullable=True),
        sa.Column("comments", sa.Integer(), nullable=False),
        sa.Column("problem", sa.JSON(), nullable=True),
        sa.Column("worker", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["import_jobs.id"],
            name=op.f("fk_import_results_job_id_import_jobs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_import_results_thread_id_threads"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint(
            "job_id", "position", "unit", "seq", name=op.f("pk_import_results")
        ),
    )
    with op.batch_alter_table("import_results", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_import_results_thread_id"), ["thread_id"], unique=False
        )

    op.create_table(
        "import_units",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("unit", sa.Integer(), nullable=False),
        sa.Column("batch", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("filename", sa.Text(), nullable=True),
        sa.Column("media_type", sa.Text(), nullable=True),
        sa.Column("format_name", sa.Text(), nullable=True),
        sa.Column("lines", sa.JSON(), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["import_jobs.id"],
            name=op.f("fk_import_units_job_id_import_jobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("job_id", "position", "unit", name=op.f("pk_import_units")),
    )
    with op.batch_alter_table("import_units", schema=None) as batch_op:
        batch_op.create_index("ix_import_units_job_batch", ["job_id", "batch"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("import_units", schema=None) as batch_op:
        batch_op.drop_index("ix_import_units_job_batch")

    op.drop_table("import_units")
    with op.batch_alter_table("import_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_results_thread_id"))

    op.drop_table("import_results")
    op.drop_table("import_files")
    op.drop_table("import_chunks")
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_jobs_status"))

    op.drop_table("import_jobs")
