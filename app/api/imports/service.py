"""Creating, cancelling and showing import jobs: the work behind the /v1/imports handlers."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import IO

from sqlalchemy.orm import Session, sessionmaker

from app.api.imports.exceptions import JobFinished
from app.api.imports.schemas import (
    ImportJobOut,
    ImportJobPageOut,
    ImportResultOut,
    ImportResultPageOut,
    Status,
    job_out,
)
from app.api.imports.spool import SpooledFile
from app.api.schemas import ImportReportOut, ProblemDetail
from app.api.threads.params import ImportRequest
from app.errors import problem_of
from app.jobs.contract import JobQueue, QueueUnavailable
from app.jobs.options import options_of
from app.settings import Settings
from db.job_models import ImportFileRow, ImportJobRow
from db.job_units import list_results, refused_results
from db.jobs import FINISHED, JobStatus, add_file, add_job, find_job, finish_job, list_jobs
from db.repository import InvalidCursor, import_reports

CHUNK_BYTES = 1 << 20  # an uploaded file is stored in rows of this size
REFUSALS_SHOWN = 100  # on the job itself; every one is in its results
RESULT_CURSOR = re.compile(r"([0-9]{1,9})\.([0-9]{1,9})\.([0-9]{1,9})")
JOB_CURSOR = re.compile(r"[0-9]{1,9}")
NOT_OURS = "the cursor is not one this listing handed out"
logger = logging.getLogger(__name__)


def create_job(
    session: Session, files: list[SpooledFile], request: ImportRequest, text: bool = True
) -> ImportJobRow:
    """A queued job holding the upload's files, stored chunk by chunk; `text` off stores its
    threads without the text step."""
    job = add_job(session, options_of(request, text), datetime.now(UTC))
    for position, spooled in enumerate(files):
        row = ImportFileRow(
            job_id=job.id,
            position=position,
            name=spooled.name,
            media_type=spooled.media_type,
            content_encoding=spooled.content_encoding,
            size=0,
        )
        job.bytes_total += add_file(session, row, _chunks(spooled.file))
    return job


def _chunks(file: IO[bytes]) -> Iterator[bytes]:
    while chunk := file.read(CHUNK_BYTES):
        yield chunk


def submit(queue: JobQueue, sessions: sessionmaker[Session], job_id: int) -> None:
    """Hand the committed job to the queue; a queue that refuses it fails the job, with why."""
    try:
        queue.submit(job_id)
    except QueueUnavailable as exc:
        logger.error("import job %s not queued: %s", job_id, exc)
        with sessions.begin() as session:
            job = find_job(session, job_id)
            if job is not None:
                problem = problem_of(exc, f"/v1/imports/{job_id}")
                finish_job(session, job, JobStatus.FAILED, datetime.now(UTC), problem)


def cancel(session: Session, job: ImportJobRow) -> ImportJobRow:
    """A queued job, or one read to its end, is cancelled at once (its waiting units dropped);
    one being read stops after the unit it is at."""
    if job.status in FINISHED:
        raise JobFinished(job)
    job.cancel_requested = True
    if job.status == JobStatus.QUEUED or job.read_done:
        finish_job(session, job, JobStatus.CANCELLED, datetime.now(UTC))
    session.flush()
    return job


def job_view(session: Session, job: ImportJobRow, settings: Settings) -> ImportJobOut:
    refused = list(refused_results(session, job.id, REFUSALS_SHOWN))
    return job_out(job, refused, settings.job_lease_seconds)


def job_page(
    session: Session, settings: Settings, status: Status | None, limit: int, cursor: str | None
) -> ImportJobPageOut:
    if cursor is not None and JOB_CURSOR.fullmatch(cursor) is None:
        raise InvalidCursor(NOT_OURS)
    before = None if cursor is None else int(cursor)
    rows = list_jobs(session, limit, before, None if status is None else JobStatus(status))
    items = [job_view(session, job, settings) for job in rows[:limit]]
    return ImportJobPageOut(
        items=items, next_cursor=str(rows[limit - 1].id) if len(rows) > limit else None
    )


def result_page(
    session: Session, job_id: int, limit: int, cursor: str | None
) -> ImportResultPageOut:
    after = None
    if cursor is not None:
        match = RESULT_CURSOR.fullmatch(cursor)
        if match is None:
            raise InvalidCursor(NOT_OURS)
        after = (int(match[1]), int(match[2]), int(match[3]))
    rows = list_results(session, job_id, after, limit)
    shown = rows[:limit]
    reports = import_reports(session, [r.thread_id for r in shown if r.thread_id is not None])
    items = [
        ImportResultOut(
            file=r.position,
            unit=r.unit,
            source=r.source,
            outcome=r.outcome,
            thread_id=r.thread_id,
            platform=r.platform,
            external_id=r.external_id,
            comments=r.comments,
            import_report=None
            if r.thread_id not in reports
            else ImportReportOut.model_validate(reports[r.thread_id]),
            problem=None if r.problem is None else ProblemDetail.model_validate(r.problem),
            worker=r.worker,
        )
        for r in shown
    ]
    last = shown[-1] if len(rows) > limit else None
    next_cursor = None if last is None else f"{last.position}.{last.unit}.{last.seq}"
    return ImportResultPageOut(items=items, next_cursor=next_cursor)
