"""Store a batch of a job's units, on any worker: each unit's threads, results and the job's
counters in one transaction that also deletes the unit, so that a unit is stored once whatever
happens (a worker killed mid-unit leaves it, whole, for the batch's next delivery; two workers
on one batch take turns on each unit, and the second finds it gone)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial

from app.api.threads.ingest import ingest_upload
from app.api.threads.params import ImportRequest
from app.api.threads.privacy import Privacy
from app.errors import problem_of
from app.jobs.batch_store import BatchStore
from app.jobs.contract import WorkerLost
from app.jobs.lease import worker_name
from app.jobs.options import noted_text_step, request_of, runs_text_step
from app.jobs.runner import JobContext, finish
from app.jobs.units import (
    StoredThread,
    refusal_result,
    remapped,
    stored_progress,
    stored_results,
    unit_of,
)
from app.request_log import exception_outline
from db.job_units import (
    FirstAttempt,
    add_results,
    batch_units,
    count_attempt,
    count_first_attempts,
    take_unit,
)
from db.jobs import JobStatus, add_progress, find_job, finish_if_complete, goes_on, relaxed_commit
from importers.base import InvalidInput

logger = logging.getLogger(__name__)
# Units stored in one transaction hold at most this much data (zstd-compressed, ~5x as JSON):
# the threads parsed from it and their analyses stay well under a worker's memory goal (1 GB).
TOGETHER_BYTES = 2 << 20


def run_batch(job_id: int, batch: int, context: JobContext) -> bool:
    """Store the batch's units; False when the process began to shut down before the end (the
    caller hands the batch on again: its stored units are gone, the others wait). The units no
    worker took before are stored together (app/jobs/batch_store.py), the others one by one."""
    with context.sessions.begin() as session:
        relaxed_commit(session)
        job = find_job(session, job_id)
        if job is None:
            return True
        request = request_of(job.options)
        text = runs_text_step(job.options)
        keys = batch_units(session, job_id, batch)
        first = count_first_attempts(session, job_id, batch) if goes_on(session, job_id) else []
    try:
        together = BatchStore(context, job_id, request, text)
        for group in together_groups(first, TOGETHER_BYTES):
            if context.stopping.is_set():
                return False
            if not together.store(group):
                break  # cancelled: the units left are not stored
        taken = {(attempt.position, attempt.unit) for attempt in first}
        for position, unit in sorted(set(keys) - taken):
            if context.stopping.is_set():
                return False
            with context.sessions.begin() as session:
                relaxed_commit(session)
                if not goes_on(session, job_id):
                    break
                attempts = count_attempt(session, job_id, position, unit)
            if attempts is None:
                continue  # stored by another worker meanwhile
            if attempts > context.settings.job_max_attempts:
                refuse(context, job_id, position, unit, WorkerLost(attempts - 1))
            else:
                store(context, job_id, position, unit, request, text)
        with context.sessions.begin() as session:
            finish_if_complete(session, job_id, datetime.now(UTC))
    except Exception as exc:
        logger.error("import job %s, batch %s failed: %s", job_id, batch, exception_outline(exc))
        finish(context, job_id, JobStatus.FAILED, exc)
    return True


def together_groups(first: list[FirstAttempt], limit: int) -> Iterator[list[tuple[int, int]]]:
    """The units in groups of up to `limit` bytes of data (a larger unit alone), in order: a
    worker holds one group's threads in memory at once."""
    group: list[tuple[int, int]] = []
    size = 0
    for attempt in first:
        if group and size + attempt.size > limit:
            yield group
            group, size = [], 0
        group.append((attempt.position, attempt.unit))
        size += attempt.size
    if group:
        yield group


def store(
    context: JobContext,
    job_id: int,
    position: int,
    unit: int,
    request: ImportRequest,
    text: bool = True,
) -> None:
    try:
        with context.sessions.begin() as session:
            relaxed_commit(session)
            row = take_unit(session, job_id, position, unit)
            if row is None:
                return
            item = unit_of(row)
            chosen = replace(request, format_name=item.format_name or request.format_name)
            privacy = Privacy.of(context.settings)
            analyzer = context.analyzer if text else None  # as `parley analyze --no-text`
            noted = partial(noted_text_step, text=text)
            stored = ingest_upload(session, item.payload, chosen, analyzer, privacy, noted)
            source = item.payload.name
            threads = [(StoredThread.of(row), done) for row, done in stored]
            results = stored_results(job_id, position, unit, source, threads, worker_name())
            add_results(session, results)
            add_progress(session, job_id, **stored_progress(results))  # last: a brief lock
    except InvalidInput as exc:
        refuse(context, job_id, position, unit, remapped(exc, item))


def refuse(context: JobContext, job_id: int, position: int, unit: int, error: Exception) -> None:
    with context.sessions.begin() as session:
        relaxed_commit(session)
        row = take_unit(session, job_id, position, unit)
        if row is None:
            return
        problem = problem_of(error, f"/v1/imports/{job_id}")
        results = [refusal_result(job_id, position, unit, row.source, problem)]
        add_results(session, results)
        add_progress(session, job_id, **stored_progress(results))
