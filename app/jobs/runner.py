"""Run an import job's reading: its files are read unit by unit and the units written, batch
by batch, for workers to store (app/jobs/batches.py). Each batch is committed before it is
handed on, so a reader stopped at any moment (cancelled, killed, shut down) loses nothing: a
retry skips the units written already and hands their batches on again."""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.errors import problem_of
from app.jobs.contract import WorkerLost
from app.jobs.lease import Lease, claim, worker_name
from app.jobs.reading import ReadProgress, RefusedFile, SkippedFile, Unit, read_units
from app.jobs.units import refusal_result, stored_progress, unit_row
from app.request_log import exception_outline
from app.settings import Settings
from db.job_models import ImportJobRow
from db.job_units import add_results, add_units, known_units, waiting_batches
from db.jobs import (
    FINISHED,
    Claim,
    JobStatus,
    add_progress,
    chunks_of,
    files_of,
    find_job,
    finish_if_complete,
    finish_job,
    goes_on,
    mark_read,
    record_reading,
    relaxed_commit,
    release_job,
)
from importers.base import InvalidInput, Problem
from nlp.pipeline import TextAnalyzer

logger = logging.getLogger(__name__)
BATCH_UNITS = 32  # units handed to a worker at once: small enough to spread a job's work
BATCH_BYTES = 8 << 20  # compressed bytes of a batch's units, at most (about)
CANCEL_CHECK_SECONDS = 1.0  # a job cancelled while read stops within this (or its next batch)


# `external_id` names the one post of an input; a large file read post by post holds several.
ONE_POST_ONLY = InvalidInput(
    "external_id names one post, but this file is large enough to be read post by post: its "
    "records name their posts; leave external_id out",
    [Problem(("query", "external_id"), "not for a file read post by post")],
)


class Stopped(Exception):
    """Work stops between units: cancelled, shut down, or the lease taken over."""

    def __init__(self, status: JobStatus | None) -> None:
        self.status = status  # QUEUED: released to resume later; None: leave the job as it is


@dataclass(frozen=True, slots=True)
class JobContext:
    """What a process runs jobs with. `submit_batch` hands a written batch to the workers'
    queue; None stores it at once, on this thread (the embedded queue, `parley import`)."""

    sessions: sessionmaker[Session]
    settings: Settings
    analyzer: TextAnalyzer | None
    submit_batch: Callable[[int, int], object] | None = None
    # Set when the process shuts down: work stops after the current unit, to resume later.
    stopping: threading.Event = field(default_factory=threading.Event)

    def hand_on(self, job_id: int, batch: int) -> None:
        if self.submit_batch is not None:
            self.submit_batch(job_id, batch)
            return
        from app.jobs.batches import run_batch  # the batch's storing imports this module

        run_batch(job_id, batch, self)


def run_job(job_id: int, context: JobContext) -> Claim:
    """Read the job if it can be claimed: what the claim found, or RELEASED when the process
    began to shut down while reading (the job is queued again, to resume)."""
    settings = context.settings
    worker = worker_name()
    found = claim(
        context.sessions, job_id, worker, settings.job_lease_seconds, settings.job_max_attempts
    )
    if found is Claim.EXHAUSTED:
        with context.sessions() as session:
            attempts = _job(session, job_id).attempts
        finish(context, job_id, JobStatus.FAILED, WorkerLost(attempts, "this job"))
    if found is not Claim.CLAIMED:
        return found
    with context.sessions() as session:
        job = _job(session, job_id)
        known = known_units(session, job_id)
        reader = JobReader(job_id, context, job.options, job.batches, known)
        files = list(files_of(session, job_id))
        earlier = list(waiting_batches(session, job_id))
    with Lease(context.sessions, job_id, worker, settings.job_lease_seconds) as lease:
        reader.lease = lease
        try:
            for batch in earlier:  # written by an attempt that stopped before handing them on
                context.hand_on(job_id, batch)
            for file in files:
                reader.read_file(file.position, file.name, file.media_type, file.content_encoding)
            reader.flush()
            reader.mark_read()
        except Stopped as stop:
            if stop.status is JobStatus.QUEUED:
                reader.release(worker)
                return Claim.RELEASED
            if stop.status is not None:
                finish(context, job_id, stop.status)
        except Exception as exc:
            logger.error("import job %s failed: %s", job_id, exception_outline(exc))
            finish(context, job_id, JobStatus.FAILED, exc)
    return found


@dataclass
class JobReader:
    job_id: int
    context: JobContext
    options: dict[str, Any]  # the upload's, as ImportRequest keeps them (app/jobs/options.py)
    next_batch: int
    known: set[tuple[int, int]]  # units written (or stored) by earlier attempts
    lease: Lease | None = None
    units: list[dict[str, Any]] = field(default_factory=list)  # import_units rows
    refusals: list[dict[str, Any]] = field(default_factory=list)  # result rows
    pending_bytes: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    bytes_before: int = 0  # of the files read to their end
    rows_before: int = 0
    progress: ReadProgress = field(default_factory=ReadProgress)
    checked_at: float | None = None  # when the cancel flag was last read (time.monotonic)

    def read_file(
        self, position: int, name: str | None, media_type: str, encoding: str | None
    ) -> None:
        settings = self.context.settings
        with tempfile.TemporaryDirectory(prefix="parley-job-", dir=settings.spool_dir) as spool:
            path = Path(spool) / "upload"
            self.copy_file(position, path)
            self.progress = ReadProgress()  # read_units sets its total
            items = read_units(
                path,
                name=name,
                media_type=media_type,
                content_encoding=encoding,
                format_name=self.options["format"],
                spool_dir=Path(spool),
                whole_file_limit=settings.job_whole_file_bytes,
                split_above=settings.job_split_file_bytes,
                inflated_limit=settings.job_max_inflated_bytes,
                progress=self.progress,
            )
            for item in items:
                self.check_running()
                if isinstance(item, SkippedFile):
                    self.skipped.append({"file": item.source, "reason": item.reason})
                elif (position, item.index) not in self.known:
                    self.take(position, item)
            self.bytes_before += self.progress.bytes_total
            self.rows_before += self.progress.rows_read
            self.progress = ReadProgress()

    def copy_file(self, position: int, path: Path) -> None:
        """The uploaded file from the database to this worker's disk, a chunk at a time."""
        with self.context.sessions() as session, path.open("wb") as out:
            for chunk in chunks_of(session, self.job_id, position):
                out.write(chunk)

    def check_running(self) -> None:
        """Stop if the lease was lost, the process shuts down or the job was cancelled. The
        cancel flag is read from the database after each batch handed on and at least every
        CANCEL_CHECK_SECONDS, not before every unit: that query (and its connection's ping)
        was ~5 % of a structure-only import of small files."""
        if self.lease is not None and self.lease.lost.is_set():
            raise Stopped(None)
        if self.context.stopping.is_set():
            raise Stopped(JobStatus.QUEUED)
        now = time.monotonic()
        if self.checked_at is not None and now - self.checked_at < CANCEL_CHECK_SECONDS:
            return
        self.checked_at = now
        with self.context.sessions() as session:
            if not goes_on(session, self.job_id):
                raise Stopped(JobStatus.CANCELLED)

    def take(self, position: int, item: Unit | RefusedFile) -> None:
        if isinstance(item, Unit) and item.lines is not None and self.options["external_id"]:
            item = RefusedFile(item.index, item.payload.name or "the upload", ONE_POST_ONLY)
        if isinstance(item, RefusedFile):
            problem = problem_of(item.error, f"/v1/imports/{self.job_id}")
            self.refusals.append(
                refusal_result(self.job_id, position, item.index, item.source, problem)
            )
        else:
            row = unit_row(self.job_id, position, self.next_batch, item)
            self.units.append(row)
            self.pending_bytes += len(row["data"])
        if len(self.units) + len(self.refusals) >= BATCH_UNITS or self.pending_bytes >= BATCH_BYTES:
            self.flush()

    def flush(self) -> None:
        """Write the pending units as one batch, with the reading's progress, then hand the
        batch on (after the commit: the worker taking it must find it)."""
        batch, units = self.next_batch, len(self.units)
        with self.context.sessions.begin() as session:
            relaxed_commit(session)
            add_units(session, self.units)
            add_results(session, self.refusals)
            record_reading(
                session,
                self.job_id,
                bytes_read=self.bytes_before + self.progress.bytes_read,
                rows_read=self.rows_before + self.progress.rows_read,
                skipped_files=list(self.skipped),
                new_units=units + len(self.refusals),
                batches=batch + 1 if units else batch,
            )
            if self.refusals:
                add_progress(session, self.job_id, **stored_progress(self.refusals))
        self.units, self.refusals, self.pending_bytes = [], [], 0
        if units:
            self.next_batch += 1
            self.context.hand_on(self.job_id, batch)
        self.checked_at = None  # the job may have been cancelled meanwhile: ask before going on

    def mark_read(self) -> None:
        with self.context.sessions.begin() as session:
            mark_read(session, self.job_id)
            finish_if_complete(session, self.job_id, datetime.now(UTC))

    def release(self, worker: str) -> None:
        self.flush()
        with self.context.sessions.begin() as session:
            release_job(session, self.job_id, worker)


def finish(
    context: JobContext, job_id: int, status: JobStatus, exc: Exception | None = None
) -> None:
    """End the job (if no one has): cancelled, or failed with the problem `exc` maps to."""
    error = None if exc is None else problem_of(exc, f"/v1/imports/{job_id}")
    with context.sessions.begin() as session:
        job = _job(session, job_id)
        if job.status not in FINISHED:
            finish_job(session, job, status, datetime.now(UTC), error)


def _job(session: Session, job_id: int) -> ImportJobRow:
    job = find_job(session, job_id)
    if job is None:
        raise LookupError(f"import job {job_id} is not stored")
    return job
