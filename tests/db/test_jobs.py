"""Import jobs in storage: the lease a worker takes and renews, what a second worker finds,
a stale lease taken over, a job whose workers keep dying failed with its reason, a release."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.job_models import ImportChunkRow, ImportFileRow
from db.jobs import (
    Claim,
    JobStatus,
    add_file,
    add_job,
    chunks_of,
    claim_job,
    finish_job,
    mark_read,
    release_job,
    renew_lease,
)

T0 = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)
OPTIONS: dict[str, Any] = {
    "format": None,
    "platform": None,
    "external_id": None,
    "columns": {},
    "tags": [],
}


def claim(session: Session, job_id: int, worker: str, at: datetime, attempts: int = 3) -> Claim:
    return claim_job(session, job_id, worker, at, at - LEASE, attempts)


def test_a_queued_job_is_claimed_once_and_held_while_its_lease_is_fresh(session: Session) -> None:
    job = add_job(session, OPTIONS, T0)
    assert claim(session, job.id, "a", T0) is Claim.CLAIMED
    session.refresh(job)
    assert (job.status, job.worker, job.attempts, job.started_at) == ("running", "a", 1, T0)
    assert claim(session, job.id, "b", T0 + timedelta(seconds=29)) is Claim.HELD
    assert renew_lease(session, job.id, "a", T0 + timedelta(seconds=29))
    # 29 s after the renewal the lease is still fresh; at 31 s it is stale and taken over.
    assert claim(session, job.id, "b", T0 + timedelta(seconds=58)) is Claim.HELD
    assert claim(session, job.id, "b", T0 + timedelta(seconds=60)) is Claim.CLAIMED
    session.refresh(job)
    assert (job.worker, job.attempts, job.started_at) == ("b", 2, T0)
    assert not renew_lease(session, job.id, "a", T0 + timedelta(seconds=61))


def test_a_job_whose_workers_die_too_often_is_exhausted(session: Session) -> None:
    job = add_job(session, OPTIONS, T0)
    at = T0
    for worker in ("a", "b"):
        assert claim(session, job.id, worker, at, attempts=2) is Claim.CLAIMED
        at += LEASE + timedelta(seconds=1)
    assert claim(session, job.id, "c", at, attempts=2) is Claim.EXHAUSTED
    session.refresh(job)
    assert (job.status, job.worker, job.attempts) == ("running", "b", 2)


def test_a_job_read_to_its_end_is_not_read_again(session: Session) -> None:
    job = add_job(session, OPTIONS, T0)
    assert claim(session, job.id, "a", T0) is Claim.CLAIMED
    mark_read(session, job.id)
    assert claim(session, job.id, "b", T0 + LEASE * 3) is Claim.READ


def test_finished_and_cancelled_jobs_are_not_claimed(session: Session) -> None:
    done = add_job(session, OPTIONS, T0)
    finish_job(session, done, JobStatus.SUCCEEDED, T0)
    assert claim(session, done.id, "a", T0) is Claim.FINISHED
    asked = add_job(session, OPTIONS, T0)
    asked.cancel_requested = True
    session.flush()
    assert claim(session, asked.id, "a", T0) is Claim.FINISHED
    session.refresh(asked)
    assert asked.status == JobStatus.CANCELLED


def test_a_released_job_is_queued_without_counting_the_attempt(session: Session) -> None:
    job = add_job(session, OPTIONS, T0)
    assert claim(session, job.id, "a", T0) is Claim.CLAIMED
    release_job(session, job.id, "a")
    session.refresh(job)
    assert (job.status, job.attempts, job.heartbeat_at) == ("queued", 0, None)
    assert claim(session, job.id, "b", T0) is Claim.CLAIMED


def test_files_are_stored_in_chunks_and_dropped_when_the_job_ends(session: Session) -> None:
    job = add_job(session, OPTIONS, T0)
    row = ImportFileRow(job_id=job.id, position=0, name="x", media_type="application/json", size=0)
    assert add_file(session, row, iter([b"ab", b"cd", b"e"])) == 5
    assert b"".join(chunks_of(session, job.id, 0)) == b"abcde"
    finish_job(session, job, JobStatus.SUCCEEDED, T0)
    assert session.scalar(select(func.count()).select_from(ImportChunkRow)) == 0
