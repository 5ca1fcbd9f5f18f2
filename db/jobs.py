"""Storing import jobs, their uploaded files and their results; the lease a worker holds on a
job while it runs it. Functions take the caller's session and never commit."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session

from db.engine import RELAXED_COMMITS
from db.job_models import (
    ImportChunkRow,
    ImportFileRow,
    ImportJobRow,
    ImportUnitRow,
)


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


FINISHED = frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED})


class Claim(StrEnum):
    """What a worker found when it asked for a job."""

    CLAIMED = "claimed"  # it runs the job now
    HELD = "held"  # another worker holds a fresh lease on it
    FINISHED = "finished"  # succeeded, failed or cancelled already: nothing to do
    EXHAUSTED = "exhausted"  # its workers stopped too often: marked failed now
    RELEASED = "released"  # its worker shut down mid-job and queued it again
    READ = "read"  # read already: its units are in batches, which workers take


def relaxed_commit(session: Session) -> None:
    """This transaction's commit does not wait for the disk (PostgreSQL): a job's transactions
    are many and small, and one lost in a crash loses nothing, since its unit stays to be done
    again; the API's own writes keep waiting, so that a 2xx still means stored. A worker's
    engine (`make_engine(relaxed_commits=True)`) is relaxed for every connection already: the
    SET was a round trip per transaction, ~5 % of a worker's time on small threads."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql" and not bind.get_execution_options().get(RELAXED_COMMITS):
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))


def add_job(session: Session, options: dict[str, Any], now: datetime) -> ImportJobRow:
    job = ImportJobRow(status=JobStatus.QUEUED, options=options, created_at=now, skipped_files=[])
    session.add(job)
    session.flush()
    return job


def add_file(session: Session, file: ImportFileRow, chunks: Iterator[bytes]) -> int:
    """Store one uploaded file, chunk by chunk as they come; its size."""
    size = 0
    for seq, data in enumerate(chunks):
        session.add(ImportChunkRow(job_id=file.job_id, position=file.position, seq=seq, data=data))
        session.flush()  # each chunk leaves memory as soon as it is written
        size += len(data)
    file.size = size
    session.add(file)
    session.flush()
    return size


def files_of(session: Session, job_id: int) -> Sequence[ImportFileRow]:
    query = select(ImportFileRow).where(ImportFileRow.job_id == job_id)
    return session.scalars(query.order_by(ImportFileRow.position)).all()


def chunks_of(session: Session, job_id: int, position: int) -> Iterator[bytes]:
    """A file's bytes, one stored chunk at a time."""
    seqs = session.scalars(
        select(ImportChunkRow.seq)
        .where(ImportChunkRow.job_id == job_id, ImportChunkRow.position == position)
        .order_by(ImportChunkRow.seq)
    ).all()
    for seq in seqs:
        row = session.get_one(ImportChunkRow, (job_id, position, seq))
        yield row.data
        session.expunge(row)  # one chunk in memory at a time


def find_job(session: Session, job_id: int) -> ImportJobRow | None:
    return session.get(ImportJobRow, job_id)


def list_jobs(
    session: Session, limit: int, before: int | None, status: JobStatus | None
) -> Sequence[ImportJobRow]:
    """The newest jobs first, `limit + 1` of them (one more tells whether a page follows)."""
    query = select(ImportJobRow).order_by(ImportJobRow.id.desc()).limit(limit + 1)
    if before is not None:
        query = query.where(ImportJobRow.id < before)
    if status is not None:
        query = query.where(ImportJobRow.status == status)
    return session.scalars(query).all()


def unfinished_jobs(session: Session) -> list[tuple[int, bool]]:
    """(id, read to its end) of every job neither succeeded, failed nor cancelled."""
    query = select(ImportJobRow.id, ImportJobRow.read_done).where(
        ImportJobRow.status.not_in(FINISHED)
    )
    return [(job_id, read) for job_id, read in session.execute(query.order_by(ImportJobRow.id))]


def claim_job(
    session: Session,
    job_id: int,
    worker: str,
    now: datetime,
    stale_before: datetime,
    max_attempts: int,
) -> Claim:
    """Take the lease on a job that is queued, or running under a lease not renewed since
    `stale_before` (its worker died). EXHAUSTED: its workers stopped `max_attempts` times (the
    caller fails it, with the reason); one asked to cancel while queued is cancelled."""
    takeable = (ImportJobRow.status == JobStatus.QUEUED) | (
        (ImportJobRow.status == JobStatus.RUNNING) & (ImportJobRow.heartbeat_at < stale_before)
    )
    claimed = session.execute(
        update(ImportJobRow)
        .where(
            ImportJobRow.id == job_id,
            takeable,
            ImportJobRow.attempts < max_attempts,
            ImportJobRow.cancel_requested.is_(False),
            ImportJobRow.read_done.is_(False),
        )
        .values(
            status=JobStatus.RUNNING,
            worker=worker,
            attempts=ImportJobRow.attempts + 1,
            heartbeat_at=now,
            started_at=func.coalesce(ImportJobRow.started_at, now),
        )
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount == 1:  # type: ignore[attr-defined]
        return Claim.CLAIMED
    job = session.get(ImportJobRow, job_id, populate_existing=True)
    if job is None or job.status in FINISHED:
        return Claim.FINISHED
    if job.read_done:
        return Claim.READ
    fresh = job.heartbeat_at is not None and job.heartbeat_at >= stale_before
    if job.status == JobStatus.RUNNING and fresh:
        return Claim.HELD
    if job.cancel_requested:
        finish_job(session, job, JobStatus.CANCELLED, now)
        return Claim.FINISHED
    return Claim.EXHAUSTED


def renew_lease(session: Session, job_id: int, worker: str, now: datetime) -> bool:
    """Renew the worker's lease; False when it no longer holds it (taken over, or finished)."""
    renewed = session.execute(
        update(ImportJobRow)
        .where(
            ImportJobRow.id == job_id,
            ImportJobRow.worker == worker,
            ImportJobRow.status == JobStatus.RUNNING,
        )
        .values(heartbeat_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(renewed.rowcount == 1)  # type: ignore[attr-defined]


def release_job(session: Session, job_id: int, worker: str) -> None:
    """A worker shutting down hands the job back: queued, this attempt not counted."""
    session.execute(
        update(ImportJobRow)
        .where(ImportJobRow.id == job_id, ImportJobRow.worker == worker)
        .values(status=JobStatus.QUEUED, attempts=ImportJobRow.attempts - 1, heartbeat_at=None)
        .execution_options(synchronize_session=False)
    )


def record_reading(
    session: Session,
    job_id: int,
    *,
    bytes_read: int,
    rows_read: int,
    skipped_files: list[dict[str, str]],
    new_units: int,
    batches: int,
) -> None:
    """The reader's progress (only the reader writes these; the units' counters are left to
    the workers' increments)."""
    session.execute(
        update(ImportJobRow)
        .where(ImportJobRow.id == job_id)
        .values(
            bytes_read=bytes_read,
            rows_read=rows_read,
            skipped_files=skipped_files,
            units_total=ImportJobRow.units_total + new_units,
            batches=batches,
        )
        .execution_options(synchronize_session=False)
    )


def mark_read(session: Session, job_id: int) -> None:
    """Every unit is written: the reader's lease ends; the batches carry the rest."""
    session.execute(
        update(ImportJobRow)
        .where(ImportJobRow.id == job_id)
        .values(read_done=True, heartbeat_at=None, bytes_read=ImportJobRow.bytes_total)
        .execution_options(synchronize_session=False)
    )


def goes_on(session: Session, job_id: int) -> bool:
    """Whether the job is still to be worked on: running or queued, not asked to cancel."""
    query = select(ImportJobRow.status, ImportJobRow.cancel_requested).where(
        ImportJobRow.id == job_id
    )
    found = session.execute(query).first()
    return found is not None and found.status not in FINISHED and not found.cancel_requested


def add_progress(session: Session, job_id: int, **increments: int) -> None:
    """Add to the job's counters in one statement: any number of workers do, concurrently.
    Run it last in the unit's transaction, so the job's row stays locked only briefly."""
    values = {name: getattr(ImportJobRow, name) + by for name, by in increments.items()}
    session.execute(
        update(ImportJobRow)
        .where(ImportJobRow.id == job_id)
        .values(values)
        .execution_options(synchronize_session=False)
    )


def finish_if_complete(session: Session, job_id: int, now: datetime) -> bool:
    """Succeed the job once it is read and no unit waits (whichever worker gets there first)."""
    waiting = select(ImportUnitRow.unit).where(ImportUnitRow.job_id == job_id).exists()
    done = session.execute(
        update(ImportJobRow)
        .where(
            ImportJobRow.id == job_id,
            ImportJobRow.status == JobStatus.RUNNING,
            ImportJobRow.read_done.is_(True),
            ~waiting,
        )
        .values(status=JobStatus.SUCCEEDED, finished_at=now)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        return False
    session.execute(delete(ImportChunkRow).where(ImportChunkRow.job_id == job_id))
    return True


def finish_job(
    session: Session,
    job: ImportJobRow,
    status: JobStatus,
    now: datetime,
    error: dict[str, Any] | None = None,
) -> None:
    """Mark the job finished; its uploaded bytes and waiting units are dropped."""
    job.status = status
    job.finished_at = now
    job.error = error
    session.execute(delete(ImportChunkRow).where(ImportChunkRow.job_id == job.id))
    session.execute(delete(ImportUnitRow).where(ImportUnitRow.job_id == job.id))
    session.flush()
