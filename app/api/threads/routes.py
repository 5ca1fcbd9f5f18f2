"""The /v1/threads routes: upload a comment export, list, read, and delete stored threads."""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response

from app.api.compare.params import INT32_MAX, SortKey, no_unknown_parameters
from app.api.compare.size_control import LISTING_MIN_COMMENTS_DESCRIPTION, listing_control
from app.api.threads.ingest import ingest_upload
from app.api.threads.params import PlatformFilter, TagFilter
from app.api.threads.privacy import Privacy
from app.api.threads.schemas import (
    CommentPageOut,
    CreatedThreadOut,
    ThreadOut,
    ThreadPageOut,
    ThreadsCreated,
)
from app.deps import (
    AnalyzerDep,
    ImportRequestDep,
    SessionDep,
    SettingsDep,
    ThreadDep,
    ThreadRecordDep,
    UploadDep,
)
from app.errors import problem_responses
from app.mapping.to_response import comment_out, thread_out, thread_page_out, thread_record_out
from app.openapi import UPLOAD_BODY
from app.security.access import requires
from app.security.documentation import ProtectedRoute
from app.security.rate import Charge
from app.security.scopes import Scope
from db.models import SORTABLE_METRICS
from db.repository import InvalidCursor, ThreadQuery, delete_thread, list_comments, list_threads
from importers.toolkit.values import without_nul
from metrics import METRICS

router = APIRouter(prefix="/v1/threads", tags=["threads"], route_class=ProtectedRoute)

# The values of SortKey as a pattern, for the HTML list page's own `sort` (app/web/routes.py).
SORT_PATTERN = "^(" + "|".join(("id", *SORTABLE_METRICS)) + ")$"
PageSize = Annotated[int, Query(ge=1, le=500, description="Items per page.")]
Cursor = Annotated[str | None, Query(description="`next_cursor` of the previous page.")]
NOT_OURS = "the cursor is not one this listing handed out"
POSITION = re.compile(r"[0-9]{1,10}")  # a comment cursor: the last position shown
INTEGER_METRICS = frozenset(m.name for m in METRICS if m.type is int)


@router.post(
    "",
    status_code=201,
    operation_id="create_thread",
    summary="Upload a comment export; analyse and store every thread in it",
    openapi_extra={"requestBody": UPLOAD_BODY},
    description="A post already stored is merged with the upload by default (its id kept): "
    "`on_existing` chooses merge, replace or reject; each thread's `outcome` says which happened."
    "\n\nThe stored threads are answered in `items`, the envelope of the listings. "
    "**Deprecated:** `threads`, the same list under its former name, is still answered in "
    "0.1.x and will be removed in 0.2.0; read `items`.",
    responses=problem_responses(400, 408, 409, 413, 415, 422, 503),
    dependencies=[requires(Scope.THREADS_WRITE, Charge.WRITE)],
)
def create_thread(
    session: SessionDep,
    upload: UploadDep,
    request: ImportRequestDep,
    analyzer: AnalyzerDep,
    settings: SettingsDep,
) -> ThreadsCreated:
    stored = ingest_upload(session, upload, request, analyzer, Privacy.of(settings))
    return ThreadsCreated.of(
        [CreatedThreadOut.of(thread_out(row), outcome) for row, outcome in stored]
    )


@router.get(
    "",
    operation_id="list_threads",
    summary="List stored threads, filtered and sorted by any headline metric",
    description="Sorted by a metric, the listing keeps only threads with a minimum size unless "
    "`min_comments` says otherwise; `size_control` in the response states the minimum in force. "
    "An unknown query parameter is refused by name.",
    responses=problem_responses(422),
    dependencies=[requires(Scope.AGGREGATES_READ), Depends(no_unknown_parameters)],
)
def list_threads_route(
    session: SessionDep,
    platform: PlatformFilter = None,
    tag: TagFilter = None,
    min_comments: Annotated[
        int | None, Query(ge=0, le=INT32_MAX, description=LISTING_MIN_COMMENTS_DESCRIPTION)
    ] = None,
    sort: Annotated[SortKey, Query(description="id or a metric name")] = SortKey.id,
    order: Literal["asc", "desc"] = "asc",
    limit: PageSize = 50,
    cursor: Cursor = None,
) -> ThreadPageOut:
    control = listing_control(sort.value, min_comments)
    query = ThreadQuery(
        platform=platform.value if platform else None,
        min_comments=control.minimum,
        sort=sort.value,
        descending=order == "desc",
        limit=limit,
        cursor=checked_listing_cursor(cursor, sort.value, descending=order == "desc"),
        # Stored tags had their NUL characters replaced (PostgreSQL text cannot hold one).
        tags=tuple(dict.fromkeys(without_nul(t) for t in tag or ())),
    )
    return thread_page_out(list_threads(session, query), control)


@router.get(
    "/{thread_id}",
    operation_id="get_thread",
    summary="One stored thread with its metrics, integrity and import report",
    responses=problem_responses(404, 422),
    dependencies=[requires(Scope.AGGREGATES_READ)],
)
async def get_thread_route(record: ThreadRecordDep) -> ThreadOut:
    # Async: it only maps rows already read, so it needs no hop to the thread pool.
    return thread_record_out(record)


@router.get(
    "/{thread_id}/comments",
    operation_id="list_thread_comments",
    summary="A thread's comments in tree order (pre-order), with their depth",
    responses=problem_responses(404, 422),
    dependencies=[requires(Scope.COMMENTS_READ)],
)
def list_thread_comments(
    session: SessionDep, thread: ThreadDep, limit: PageSize = 100, cursor: Cursor = None
) -> CommentPageOut:
    rows = list_comments(session, thread.id, checked_comment_cursor(cursor), limit)
    next_cursor = str(rows[limit - 1].position) if len(rows) > limit else None
    return CommentPageOut(items=[comment_out(row) for row in rows[:limit]], next_cursor=next_cursor)


@router.delete(
    "/{thread_id}",
    status_code=204,
    operation_id="delete_thread",
    summary="Delete a thread with its comments and metrics",
    responses=problem_responses(404, 422),
    dependencies=[requires(Scope.THREADS_DELETE, Charge.WRITE)],
)
def delete_thread_route(session: SessionDep, thread: ThreadDep) -> Response:
    delete_thread(session, thread)
    return Response(status_code=204)


def checked_comment_cursor(cursor: str | None) -> int | None:
    """The position a comment cursor names; InvalidCursor (422) for anything else."""
    if cursor is None:
        return None
    if POSITION.fullmatch(cursor) is None or int(cursor) > INT32_MAX:
        raise InvalidCursor(NOT_OURS)
    return int(cursor)


def checked_listing_cursor(cursor: str | None, sort: str, *, descending: bool) -> str | None:
    """The cursor, when it has the shape `db.repository.encode_cursor` gives this listing's
    order: {"sort", "desc", "value", "id"}, the id and an integer value within the stored
    INTEGER's range, a float value finite. Anything else, crafted or corrupted, is InvalidCursor
    (422) before it reaches the database."""
    if cursor is None:
        return None
    try:
        state = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, RecursionError) as exc:
        raise InvalidCursor(NOT_OURS) from exc
    if not isinstance(state, dict) or state.keys() != {"sort", "desc", "value", "id"}:
        raise InvalidCursor(NOT_OURS)
    if state["sort"] != sort or state["desc"] is not descending:
        raise InvalidCursor("the cursor belongs to a listing with another sort order")
    if not _is_int32(state["id"]) or not _fits_sort_key(state["value"], sort):
        raise InvalidCursor(NOT_OURS)
    return cursor


def _is_int32(value: Any) -> bool:
    return type(value) is int and -INT32_MAX - 1 <= value <= INT32_MAX


def _fits_sort_key(value: Any, sort: str) -> bool:
    """None (a metric not computable), an integer for ids and count metrics, else a number."""
    if value is None or _is_int32(value):
        return True
    integral = sort == "id" or sort in INTEGER_METRICS
    return not integral and type(value) is float and math.isfinite(value)
