"""Import jobs read and stored in this process, for the tests of storing a batch."""

from __future__ import annotations

import io
from typing import Any, NamedTuple

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.api.imports.service import create_job
from app.api.imports.spool import SpooledFile
from app.api.threads.on_existing import OnExisting
from app.api.threads.params import ImportRequest
from app.jobs.batches import run_batch
from app.jobs.runner import JobContext, run_job
from db.base import Base
from db.engine import make_session_factory
from db.job_models import ImportJobRow, ImportResultRow
from db.job_units import count_first_attempts
from importers.base import ImportOptions
from nlp.pipeline import TextAnalyzer
from tests.api.imports.jobs import tar_of
from tests.conftest import api_settings

Files = dict[str, bytes]


class ReadJob(NamedTuple):
    sessions: sessionmaker[Session]
    job_id: int
    context: JobContext
    batches: list[int]  # handed on by the reading, in order


def read_job(
    engine: Engine,
    files: Files,
    analyzer: TextAnalyzer | None = None,
    text: bool = True,
    **settings: Any,
) -> ReadJob:
    """A job of `files` (one archive) read to its end in this process, its batches not stored;
    `settings` as the service's, and `on_existing` for the upload."""
    sessions = make_session_factory(engine)
    on_existing = settings.pop("on_existing", OnExisting.MERGE)
    with sessions.begin() as session:
        spooled = SpooledFile(io.BytesIO(tar_of(files)), "e.tar", "application/x-tar", None)
        request = ImportRequest(None, ImportOptions(), (), on_existing)
        job_id = create_job(session, [spooled], request, text).id
    config = api_settings(engine.url.render_as_string(hide_password=False), **settings)
    handed: list[int] = []
    context = JobContext(sessions, config, analyzer, lambda _job, batch: handed.append(batch))
    run_job(job_id, context)
    return ReadJob(sessions, job_id, context, handed)


def run(
    engine: Engine,
    files: Files,
    analyzer: TextAnalyzer | None = None,
    lost_first_delivery: bool = False,
    text: bool = True,
    **settings: Any,
) -> tuple[sessionmaker[Session], int]:
    """Import `files` as a job read and stored in this process; with `lost_first_delivery`,
    every batch's first delivery counted its units and died."""
    sessions, job_id, context, batches = read_job(engine, files, analyzer, text, **settings)
    for batch in batches:
        if lost_first_delivery:
            with sessions.begin() as session:
                assert count_first_attempts(session, job_id, batch)
        assert run_batch(job_id, batch, context)
    return sessions, job_id


def job(sessions: sessionmaker[Session], job_id: int) -> ImportJobRow:
    with sessions() as session:
        found = session.get(ImportJobRow, job_id)
        assert found is not None
        return found


def results(sessions: sessionmaker[Session]) -> dict[str, ImportResultRow]:
    with sessions() as session:
        return {r.source or "": r for r in session.scalars(select(ImportResultRow))}


def empty(engine: Engine) -> None:
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
