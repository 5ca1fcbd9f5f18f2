"""FastAPI dependencies as Annotated aliases: settings, the request's transaction, a thread.

A dependency that does no I/O is `async def`: FastAPI runs a plain one in the thread pool, and
each such hop cost a thread read ~0.35 ms of CPU (app/transaction.py). Those that read the
database stay plain functions, run off the event loop."""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import partial
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from app.api.compare.cache import ResultCache, result_cache
from app.api.compare.params import (
    INT32_MAX,
    Sampling,
    require_known_groups,
    sampling,
    selection,
    tag_selection,
)
from app.api.creators.listing import Listing
from app.api.creators.params import CreatorName, creator_listing, creator_name, creator_selection
from app.api.creators.service import CreatorSelection
from app.api.exports.params import thread_filter
from app.api.imports.exceptions import JobNotFound
from app.api.imports.spool import SpooledFile, spooled_upload
from app.api.threads.params import ImportRequest, import_request
from app.api.threads.upload import read_upload
from app.current_settings import current_settings
from app.jobs.contract import JobQueue
from app.settings import Settings
from app.transaction import read_in_one_hop, request_session
from db.aggregates import Selection
from db.exports import ThreadFilter
from db.job_models import ImportJobRow
from db.jobs import find_job
from db.models import ThreadRow
from db.repository import get_thread
from db.thread_record import ThreadRecord, thread_record
from importers.payload import Payload
from nlp.pipeline import TextAnalyzer

SettingsDep = Annotated[Settings, Depends(current_settings)]


class ThreadNotFound(LookupError):
    def __init__(self, thread_id: int) -> None:
        super().__init__(f"no thread with id {thread_id}")
        self.thread_id = thread_id


# Reads only: a write (a large upload) legitimately takes long, and must not be cut halfway.
BUDGETED_METHODS = frozenset({"GET", "HEAD"})


async def get_session(request: Request, settings: SettingsDep) -> AsyncIterator[Session]:
    """One transaction per request: committed when the handler returns, rolled back if it raises.
    A read's work is held to `request_budget_seconds` (app/limits/budget.py). Opened on the
    event loop, ended in the thread pool (app/transaction.py)."""
    budgeted = request.method in BUDGETED_METHODS
    seconds = settings.request_budget_seconds if budgeted else None
    async with request_session(request.app.state.session_factory, seconds) as session:
        yield session


# scope="function": commit before the response is sent, so a 2xx means the data is stored.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


# Ids are positive, and stored as INTEGER (app.api.compare.params.INT32_MAX).
ThreadId = Annotated[int, Path(ge=1, le=INT32_MAX, description="Parley's thread id.")]


def get_stored_thread(session: SessionDep, thread_id: ThreadId) -> ThreadRow:
    thread = get_thread(session, thread_id)
    if thread is None:
        raise ThreadNotFound(thread_id)
    return thread


ThreadDep = Annotated[ThreadRow, Depends(get_stored_thread)]


async def get_thread_record(
    request: Request, settings: SettingsDep, thread_id: ThreadId
) -> ThreadRecord:
    """The busiest read: its own read-only transaction, in one hop (app/transaction.py)."""
    state = request.app.state
    read = partial(thread_record, thread_id=thread_id)
    record = await read_in_one_hop(
        state.engine, settings.request_budget_seconds, read, state.read_limiter
    )
    if record is None:
        raise ThreadNotFound(thread_id)
    return record


# The thread as plain rows (db/thread_record.py), for reads that only answer it.
ThreadRecordDep = Annotated[ThreadRecord, Depends(get_thread_record)]


async def get_text_analyzer(request: Request) -> TextAnalyzer:
    analyzer: TextAnalyzer = request.app.state.text_analyzer
    return analyzer


AnalyzerDep = Annotated[TextAnalyzer, Depends(get_text_analyzer)]


JobId = Annotated[int, Path(ge=1, le=INT32_MAX, description="The import job's id.")]


def get_import_job(session: SessionDep, job_id: JobId) -> ImportJobRow:
    job = find_job(session, job_id)
    if job is None:
        raise JobNotFound(job_id)
    return job


ImportJobDep = Annotated[ImportJobRow, Depends(get_import_job)]


async def get_job_queue(request: Request) -> JobQueue:
    queue: JobQueue = request.app.state.job_queue
    return queue


async def get_session_factory(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.session_factory
    return factory


JobQueueDep = Annotated[JobQueue, Depends(get_job_queue)]
# Sessions of their own, for work after the request's transaction (submitting a job).
SessionFactoryDep = Annotated[sessionmaker[Session], Depends(get_session_factory)]


# Request inputs parsed once and handed to handlers already validated.
UploadDep = Annotated[Payload, Depends(read_upload)]
SpooledUploadDep = Annotated[list[SpooledFile], Depends(spooled_upload)]
ImportRequestDep = Annotated[ImportRequest, Depends(import_request)]
SamplingDep = Annotated[Sampling, Depends(sampling)]
CreatorSelectionDep = Annotated[CreatorSelection, Depends(creator_selection)]
CreatorListingDep = Annotated[Listing, Depends(creator_listing)]
# The threads an export takes: the thread listing's filters.
ExportSelectionDep = Annotated[ThreadFilter, Depends(thread_filter)]
# The path's platform and handle, the handle normalised as importers store it (422 if empty).
CreatorNameDep = Annotated[CreatorName, Depends(creator_name)]


async def get_result_cache(request: Request, settings: SettingsDep) -> ResultCache:
    return result_cache(request.app, settings.aggregate_cache_entries)


ResultCacheDep = Annotated[ResultCache, Depends(get_result_cache)]


async def known_selection(
    session: SessionDep, cache: ResultCacheDep, chosen: Annotated[Selection, Depends(selection)]
) -> Selection:
    return await _known_groups(session, cache, chosen)


async def known_tag_selection(
    session: SessionDep,
    cache: ResultCacheDep,
    chosen: Annotated[Selection, Depends(tag_selection)],
) -> Selection:
    return await _known_groups(session, cache, chosen)


async def _known_groups(session: Session, cache: ResultCache, chosen: Selection) -> Selection:
    # Groups named: checked against the stored ones, off the event loop. None (every group,
    # as /v1/platforms is mostly asked): nothing to check, and no hop to the thread pool.
    if not chosen.groups:
        return chosen
    return await run_in_threadpool(require_known_groups, session, cache, chosen)


# The query's selection, its groups checked against what is stored (422 naming unknown ones).
SelectionDep = Annotated[Selection, Depends(known_selection)]
TagSelectionDep = Annotated[Selection, Depends(known_tag_selection)]
