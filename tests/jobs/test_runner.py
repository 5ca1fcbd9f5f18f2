"""A job's reading and its batches, run in this process: a reading stopped part-way resumes
without writing a unit twice, a batch delivered twice stores each unit once, and work whose
workers keep dying is given up with the reason."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.api.imports.service import cancel, create_job
from app.api.imports.spool import SpooledFile
from app.api.threads.params import ImportRequest
from app.jobs.batches import run_batch
from app.jobs.runner import BATCH_UNITS, JobContext, run_job
from db.engine import make_session_factory
from db.job_models import ImportJobRow, ImportResultRow, ImportUnitRow
from db.jobs import Claim
from importers.base import ImportOptions
from tests.api.bodies import flat_thread
from tests.api.imports.jobs import as_json, tar_of
from tests.conftest import api_settings

FILES = 70  # three batches: 32, 32 and 6 units


def new_job(engine: Engine, files: int = FILES) -> tuple[sessionmaker[Session], int]:
    """A queued job of one archive: `files` files, each a flat thread of 2 comments."""
    body = tar_of({f"e/{i}.json": as_json(flat_thread(f"p{i}", 2)) for i in range(files)})
    sessions = make_session_factory(engine)
    with sessions.begin() as session:
        spooled = SpooledFile(io.BytesIO(body), "e.tar", "application/x-tar", None)
        job = create_job(session, [spooled], ImportRequest(None, ImportOptions(), ()))
    return sessions, job.id


def context(
    sessions: sessionmaker[Session], engine: Engine, submit: Callable[[int, int], object]
) -> JobContext:
    settings = api_settings(str(engine.url.render_as_string(hide_password=False)))
    return JobContext(sessions, settings, None, submit_batch=submit)


def count(sessions: sessionmaker[Session], model: type) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def job_row(sessions: sessionmaker[Session], job_id: int) -> ImportJobRow:
    with sessions() as session:
        job = session.get(ImportJobRow, job_id)
        assert job is not None
        return job


def test_a_reading_stopped_after_a_batch_resumes_where_it_stopped(clean_engine: Engine) -> None:
    sessions, job_id = new_job(clean_engine)
    handed: list[int] = []
    first = context(sessions, clean_engine, lambda _job, batch: handed.append(batch))

    def stop_after_one(_job: int, batch: int) -> None:
        handed.append(batch)
        stopping.stopping.set()  # shut down: the reading stops before its next unit

    stopping = JobContext(first.sessions, first.settings, None, submit_batch=stop_after_one)
    assert run_job(job_id, stopping) is Claim.RELEASED
    job = job_row(sessions, job_id)
    assert (job.status, job.attempts, job.units_total, job.batches) == ("queued", 0, 32, 1)
    assert handed == [0]
    assert count(sessions, ImportUnitRow) == 32

    handed.clear()
    assert run_job(job_id, first) is Claim.CLAIMED
    job = job_row(sessions, job_id)
    assert (job.status, job.read_done, job.attempts) == ("running", True, 1)
    assert (job.units_total, job.batches) == (FILES, 3)
    assert handed == [0, 1, 2]  # 0 again, as it still waits; then the new ones
    assert count(sessions, ImportUnitRow) == FILES  # none written twice


def test_batches_store_each_unit_once_and_finish_the_job(clean_engine: Engine) -> None:
    sessions, job_id = new_job(clean_engine)
    handed: list[int] = []
    ctx = context(sessions, clean_engine, lambda _job, batch: handed.append(batch))
    assert run_job(job_id, ctx) is Claim.CLAIMED
    for batch in [*handed, *handed]:  # every batch delivered twice
        assert run_batch(job_id, batch, ctx)
    job = job_row(sessions, job_id)
    assert job.status == "succeeded"
    assert (job.units_done, job.threads_created, job.comments_stored) == (FILES, FILES, 2 * FILES)
    assert count(sessions, ImportResultRow) == FILES
    assert count(sessions, ImportUnitRow) == 0


def test_the_embedded_context_stores_each_batch_as_it_is_read(clean_engine: Engine) -> None:
    sessions, job_id = new_job(clean_engine, files=BATCH_UNITS + 1)
    ctx = context(sessions, clean_engine, lambda _job, _batch: None)
    inline = JobContext(ctx.sessions, ctx.settings, None)
    assert run_job(job_id, inline) is Claim.CLAIMED
    job = job_row(sessions, job_id)
    assert (job.status, job.threads_created, job.batches) == ("succeeded", BATCH_UNITS + 1, 2)


def test_a_job_whose_readers_keep_dying_fails_with_the_reason(clean_engine: Engine) -> None:
    sessions, job_id = new_job(clean_engine)
    ctx = context(sessions, clean_engine, lambda _job, _batch: None)
    stale = datetime.now(UTC) - timedelta(hours=1)
    with sessions.begin() as session:
        session.execute(
            update(ImportJobRow)
            .where(ImportJobRow.id == job_id)
            .values(status="running", attempts=3, heartbeat_at=stale, worker="gone:1:1")
        )
    assert run_job(job_id, ctx) is Claim.EXHAUSTED
    job = job_row(sessions, job_id)
    assert job.status == "failed"
    assert job.error is not None
    assert job.error["type"].endswith("/import-worker-lost")
    assert "stopped 3 times" in job.error["detail"]


def test_a_unit_whose_workers_keep_dying_is_refused_and_the_rest_stored(
    clean_engine: Engine,
) -> None:
    sessions, job_id = new_job(clean_engine, files=3)
    handed: list[int] = []
    ctx = context(sessions, clean_engine, lambda _job, batch: handed.append(batch))
    run_job(job_id, ctx)
    with sessions.begin() as session:  # unit 1 was taken three times by workers that died
        session.execute(update(ImportUnitRow).where(ImportUnitRow.unit == 1).values(attempts=3))
    run_batch(job_id, handed[0], ctx)
    job = job_row(sessions, job_id)
    assert (job.status, job.threads_created, job.units_refused) == ("succeeded", 2, 1)
    with sessions() as session:
        refused = session.scalars(
            select(ImportResultRow).where(ImportResultRow.outcome == "refused")
        ).one()
    assert (refused.unit, refused.source) == (1, "e.tar:e/1.json")
    assert refused.problem is not None
    assert "stopped 3 times" in refused.problem["detail"]


def test_a_job_cancelled_while_read_stops_and_drops_its_waiting_units(
    clean_engine: Engine,
) -> None:
    """Cancelled as its first batch is handed on: that batch is never stored, no more is read."""
    sessions, job_id = new_job(clean_engine)
    handed: list[int] = []

    def cancel_now(_job: int, batch: int) -> None:
        handed.append(batch)
        with sessions.begin() as session:
            job = session.get(ImportJobRow, job_id)
            assert job is not None
            cancel(session, job)

    ctx = context(sessions, clean_engine, cancel_now)
    assert run_job(job_id, ctx) is Claim.CLAIMED
    job = job_row(sessions, job_id)
    assert (job.status, job.cancel_requested, job.units_total) == ("cancelled", True, BATCH_UNITS)
    assert handed == [0]
    assert count(sessions, ImportUnitRow) == 0
    assert run_batch(job_id, 0, ctx)  # its message arrives after all: nothing to store
    assert count(sessions, ImportResultRow) == 0
    assert job_row(sessions, job_id).status == "cancelled"
