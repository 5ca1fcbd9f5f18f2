"""Response models of /v1/imports: a job, its progress, its results, pages of jobs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, Field

from app.api.schemas import ImportReportOut, ProblemDetail
from app.api.threads.params import OnExisting
from db.job_models import ImportJobRow, ImportResultRow

Status = Literal["queued", "running", "succeeded", "failed", "cancelled"]


class ImportOptionsOut(BaseModel):
    format: str | None
    platform: str | None
    external_id: str | None
    creator_handle: str | None = Field(
        default=None, description="The account the request named as every post's creator."
    )
    columns: dict[str, str]
    tags: list[str]
    on_existing: OnExisting
    text: bool = Field(
        default=True,
        description="Whether the text step runs; off, threads are stored structure only.",
    )


class ProgressOut(BaseModel):
    bytes_total: int = Field(description="Bytes uploaded (as sent, compressed or not).")
    bytes_read: int = Field(description="Of those, bytes read so far.")
    rows_read: int = Field(description="Records (comments, lines) read so far.")
    read_done: bool = Field(description="Every unit is read; workers store the rest.")
    units_total: int = Field(description="Units read so far: files, or posts of a large file.")
    units_done: int = Field(description="Of those, units stored or refused.")
    units_refused: int = Field(description="Units refused; `refused` says why.")
    threads_stored: int
    threads_created: int
    threads_merged: int
    threads_replaced: int
    comments_stored: int
    seconds_running: float = Field(description="Since a worker first took the job.")
    comments_per_second: float | None
    estimated_seconds_left: float | None = Field(
        description="From the pace so far (bytes while reading, then units); null before."
    )


class SkippedFileOut(BaseModel):
    file: str
    reason: str


class RefusedUnitOut(BaseModel):
    source: str | None
    problem: ProblemDetail


class ImportJobOut(BaseModel):
    id: int
    status: Status
    waiting_reason: str | None = Field(
        description="Why a job that ran is queued again: its worker stopped answering."
    )
    cancel_requested: bool
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    worker: str | None = Field(description="host:pid:thread of the worker that ran it last.")
    attempts: int = Field(description="Times a worker took the job.")
    options: ImportOptionsOut
    progress: ProgressOut
    skipped_files: list[SkippedFileOut]
    refused: list[RefusedUnitOut] = Field(description="The first refused units, with why.")
    error: ProblemDetail | None = Field(description="Why the job failed.")
    results: str = Field(description="Where the per-thread results are listed.")


class ImportJobPageOut(BaseModel):
    items: list[ImportJobOut]
    next_cursor: str | None


class ImportResultOut(BaseModel):
    file: int = Field(description="Position of the uploaded file (0 for a single file).")
    unit: int = Field(description="The unit within the file: a file of an archive, or a post.")
    source: str | None
    outcome: Literal["created", "merged", "replaced", "refused"]
    thread_id: int | None
    platform: str | None
    external_id: str | None
    comments: int
    import_report: ImportReportOut | None = Field(description="The thread's, as stored now.")
    problem: ProblemDetail | None
    worker: str | None = Field(description="host:pid:thread of the worker that stored it.")


class ImportResultPageOut(BaseModel):
    items: list[ImportResultOut]
    next_cursor: str | None


def job_out(
    job: ImportJobRow, refused: list[ImportResultRow], lease_seconds: float
) -> ImportJobOut:
    status, waiting = visible_status(job, lease_seconds)
    return ImportJobOut(
        id=job.id,
        status=status,
        waiting_reason=waiting,
        cancel_requested=job.cancel_requested,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        worker=job.worker,
        attempts=job.attempts,
        options=ImportOptionsOut.model_validate(job.options),
        progress=progress_out(job),
        skipped_files=[SkippedFileOut.model_validate(s) for s in job.skipped_files],
        refused=[
            RefusedUnitOut(source=r.source, problem=ProblemDetail.model_validate(r.problem))
            for r in refused
        ],
        error=None if job.error is None else ProblemDetail.model_validate(job.error),
        results=f"/v1/imports/{job.id}/results",
    )


def visible_status(job: ImportJobRow, lease_seconds: float) -> tuple[Status, str | None]:
    """A job being read whose reader stopped renewing its lease is shown queued: it waits for
    a worker to take it again (the broker hands its message on), it is not running."""
    status: Status = job.status  # type: ignore[assignment]
    heartbeat = job.heartbeat_at
    stale = datetime.now(UTC) - timedelta(seconds=lease_seconds)
    if status == "running" and not job.read_done and heartbeat is not None and heartbeat < stale:
        return "queued", (
            f"its worker {job.worker} stopped answering at {heartbeat.isoformat()}; the job "
            "resumes when a worker takes it again"
        )
    return status, None


def progress_out(job: ImportJobRow) -> ProgressOut:
    seconds = _seconds_running(job)
    stored = job.threads_created + job.threads_merged + job.threads_replaced
    return ProgressOut(
        bytes_total=job.bytes_total,
        bytes_read=job.bytes_read,
        rows_read=job.rows_read,
        read_done=job.read_done,
        units_total=job.units_total,
        units_done=job.units_done,
        units_refused=job.units_refused,
        threads_stored=stored,
        threads_created=job.threads_created,
        threads_merged=job.threads_merged,
        threads_replaced=job.threads_replaced,
        comments_stored=job.comments_stored,
        seconds_running=round(seconds, 3),
        comments_per_second=round(job.comments_stored / seconds, 1) if seconds > 0 else None,
        estimated_seconds_left=_seconds_left(job, seconds),
    )


def _seconds_running(job: ImportJobRow) -> float:
    if job.started_at is None:
        return 0.0
    end = job.finished_at or datetime.now(UTC)
    return max((end - job.started_at).total_seconds(), 0.0)


def _seconds_left(job: ImportJobRow, seconds: float) -> float | None:
    if job.status != "running" or seconds <= 0:
        return None
    if job.read_done:
        done, left = job.units_done, job.units_total - job.units_done
    else:
        done, left = job.bytes_read, job.bytes_total - job.bytes_read
    return None if done <= 0 else round(max(left, 0) * seconds / done, 1)
