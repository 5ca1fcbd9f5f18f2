"""The /v1/threads routes: upload a comment export, list, read, and delete stored threads."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response

from app.api.compare.params import reject_unknown_parameters
from app.api.compare.size_control import LISTING_MIN_COMMENTS_DESCRIPTION, listing_control
from app.api.threads.ingest import ingest_upload
from app.api.threads.schemas import (
    CommentPageOut,
    CreatedThreadOut,
    ThreadOut,
    ThreadPageOut,
    ThreadsCreated,
)
from app.deps import AnalyzerDep, ImportRequestDep, SessionDep, ThreadDep, UploadDep
from app.errors import problem_responses
from app.mapping.to_response import comment_out, thread_out, thread_page_out
from app.openapi import UPLOAD_BODY
from db.models import SORTABLE_METRICS
from db.repository import InvalidCursor, ThreadQuery, delete_thread, list_comments, list_threads
from nlp.thread import Platform

router = APIRouter(prefix="/v1/threads", tags=["threads"])

SORT_PATTERN = "^(" + "|".join(("id", *SORTABLE_METRICS)) + ")$"
PageSize = Annotated[int, Query(ge=1, le=500, description="Items per page.")]
Cursor = Annotated[str | None, Query(description="`next_cursor` of the previous page.")]


@router.post(
    "",
    status_code=201,
    operation_id="create_thread",
    summary="Upload a comment export; analyse and store every thread in it",
    openapi_extra={"requestBody": UPLOAD_BODY},
    description="A post already stored is merged with the upload by default (its id kept): "
    "`on_existing` chooses merge, replace or reject; each thread's `outcome` says which happened.",
    responses=problem_responses(400, 409, 413, 415, 422, 503),
)
def create_thread(
    session: SessionDep, upload: UploadDep, request: ImportRequestDep, analyzer: AnalyzerDep
) -> ThreadsCreated:
    stored = ingest_upload(session, upload, request, analyzer)
    return ThreadsCreated(
        threads=[CreatedThreadOut.of(thread_out(row), outcome) for row, outcome in stored]
    )


@router.get(
    "",
    operation_id="list_threads",
    summary="List stored threads, filtered and sorted by any headline metric",
    description="Sorted by a metric, the listing keeps only threads with a minimum size unless "
    "`min_comments` says otherwise; `size_control` in the response states the minimum in force. "
    "An unknown query parameter is refused by name.",
    responses=problem_responses(400, 422),
    dependencies=[Depends(reject_unknown_parameters)],
)
def list_threads_route(
    session: SessionDep,
    platform: Platform | None = None,
    tag: Annotated[
        list[str] | None, Query(description="Only threads carrying this tag (repeat: every tag).")
    ] = None,
    min_comments: Annotated[
        int | None, Query(ge=0, description=LISTING_MIN_COMMENTS_DESCRIPTION)
    ] = None,
    sort: Annotated[str, Query(pattern=SORT_PATTERN, description="id or a metric name")] = "id",
    order: Literal["asc", "desc"] = "asc",
    limit: PageSize = 50,
    cursor: Cursor = None,
) -> ThreadPageOut:
    control = listing_control(sort, min_comments)
    query = ThreadQuery(
        platform=platform.value if platform else None,
        min_comments=control.minimum,
        sort=sort,
        descending=order == "desc",
        limit=limit,
        cursor=cursor,
        tags=tuple(dict.fromkeys(tag or ())),
    )
    return thread_page_out(list_threads(session, query), control)


@router.get(
    "/{thread_id}",
    operation_id="get_thread",
    summary="One stored thread with its metrics, integrity and import report",
    responses=problem_responses(404, 422),
)
def get_thread_route(thread: ThreadDep) -> ThreadOut:
    return thread_out(thread)


@router.get(
    "/{thread_id}/comments",
    operation_id="list_thread_comments",
    summary="A thread's comments in tree order (pre-order), with their depth",
    responses=problem_responses(400, 404, 422),
)
def list_thread_comments(
    session: SessionDep, thread: ThreadDep, limit: PageSize = 100, cursor: Cursor = None
) -> CommentPageOut:
    if cursor is not None and not cursor.isdigit():
        raise InvalidCursor("the cursor is not one this listing handed out")
    rows = list_comments(session, thread.id, int(cursor) if cursor else None, limit)
    next_cursor = str(rows[limit - 1].position) if len(rows) > limit else None
    return CommentPageOut(items=[comment_out(row) for row in rows[:limit]], next_cursor=next_cursor)


@router.delete(
    "/{thread_id}",
    status_code=204,
    operation_id="delete_thread",
    summary="Delete a thread with its comments and metrics",
    responses=problem_responses(404, 422),
)
def delete_thread_route(session: SessionDep, thread: ThreadDep) -> Response:
    delete_thread(session, thread)
    return Response(status_code=204)
