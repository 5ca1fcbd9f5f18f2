"""Tables of import jobs: the job, the files uploaded for it (kept as chunks in the database,
so a worker on any machine can read them), the units read from them and waiting to be imported
(a file, or one post of a large file: any worker takes them, batch by batch), and one result
per imported unit, written in the same transaction as the unit's threads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime


class ImportJobRow(Base):
    __tablename__ = "import_jobs"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    # ImportRequest as JSON: format, platform, external_id, columns, tags, on_existing.
    options: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The running worker renews it; a lease older than the stale age may be taken over.
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    worker: Mapped[str | None] = mapped_column(Text)  # host:pid of the worker that ran it last
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    # Reading is over: every unit is written (the lease no longer matters, the batches do).
    read_done: Mapped[bool] = mapped_column(Boolean, default=False)
    # What the reader counted (one writer)…
    bytes_total: Mapped[int] = mapped_column(BigInteger, default=0)
    bytes_read: Mapped[int] = mapped_column(BigInteger, default=0)
    rows_read: Mapped[int] = mapped_column(BigInteger, default=0)
    units_total: Mapped[int] = mapped_column(Integer, default=0)
    batches: Mapped[int] = mapped_column(Integer, default=0)
    # …and what the units' workers added up (increments, from any number of workers).
    units_done: Mapped[int] = mapped_column(Integer, default=0)
    units_refused: Mapped[int] = mapped_column(Integer, default=0)
    threads_created: Mapped[int] = mapped_column(Integer, default=0)
    threads_merged: Mapped[int] = mapped_column(Integer, default=0)
    threads_replaced: Mapped[int] = mapped_column(Integer, default=0)
    comments_stored: Mapped[int] = mapped_column(BigInteger, default=0)
    skipped_files: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # problem details when failed


class ImportFileRow(Base):
    __tablename__ = "import_files"

    job_id: Mapped[int] = mapped_column(
        ForeignKey("import_jobs.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str | None] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(Text)
    content_encoding: Mapped[str | None] = mapped_column(Text)
    size: Mapped[int] = mapped_column(BigInteger)


class ImportChunkRow(Base):
    __tablename__ = "import_chunks"

    job_id: Mapped[int] = mapped_column(
        ForeignKey("import_jobs.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)  # the file's
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ImportUnitRow(Base):
    """A unit read and waiting for a worker: deleted in the transaction that stores it."""

    __tablename__ = "import_units"
    __table_args__ = (Index("ix_import_units_job_batch", "job_id", "batch"),)

    job_id: Mapped[int] = mapped_column(
        ForeignKey("import_jobs.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)  # the file's
    unit: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch: Mapped[int] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(Text)
    filename: Mapped[str | None] = mapped_column(Text)
    media_type: Mapped[str | None] = mapped_column(Text)
    format_name: Mapped[str | None] = mapped_column(Text)
    lines: Mapped[list[int] | None] = mapped_column(JSON)
    data: Mapped[bytes] = mapped_column(LargeBinary)  # zstd-compressed
    # Workers that took it and stopped (killed) before storing it: past the limit, refused.
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class ImportResultRow(Base):
    __tablename__ = "import_results"

    job_id: Mapped[int] = mapped_column(
        ForeignKey("import_jobs.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)  # the file's
    unit: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)  # the thread within the unit
    source: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(16))  # created, merged, replaced, refused
    thread_id: Mapped[int | None] = mapped_column(
        ForeignKey("threads.id", ondelete="SET NULL"), index=True
    )
    platform: Mapped[str | None] = mapped_column(String(32))
    external_id: Mapped[str | None] = mapped_column(Text)
    comments: Mapped[int] = mapped_column(Integer, default=0)
    problem: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # why a unit was refused
    worker: Mapped[str | None] = mapped_column(Text)  # host:pid:thread that stored it
