"""The /v1/exports routes: the stored threads, their comments and their author networks as CSV
or Parquet tables, for pandas, R or DuckDB, streamed as they are read."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Response
from fastapi.responses import StreamingResponse

from app.api.compare.params import no_unknown_parameters
from app.api.exports.formats import ExportFormat
from app.api.exports.params import FormatQuery
from app.api.exports.service import COMMENTS, EDGES, TAG_SEPARATOR, THREADS
from app.api.exports.streaming import export_response
from app.deps import ExportSelectionDep, SessionFactoryDep
from app.errors import problem_responses
from app.security.access import requires
from app.security.documentation import ProtectedRoute
from app.security.rate import Charge
from app.security.scopes import Scope

router = APIRouter(prefix="/v1/exports", tags=["exports"], route_class=ProtectedRoute)

TABLE_FILE: dict[str, Any] = {
    "description": "The table as a file to download (`Content-Disposition: attachment`), "
    "streamed as it is read.",
    "content": {
        f.media_type: {"schema": {"type": "string", "format": "binary"}} for f in ExportFormat
    },
    "headers": {
        "Content-Disposition": {
            "description": "`attachment; filename=<table>.<format>`",
            "schema": {"type": "string"},
        }
    },
}
RESPONSES = {200: TABLE_FILE, **problem_responses(422)}
FILTERS = (
    "The threads are chosen as in the thread listing (`platform`, `tag`, `min_comments`), "
    "every thread by default. An unknown query parameter is refused by name."
)


@router.get(
    "/threads",
    operation_id="export_threads",
    summary="The threads as a table: ids, post, every metric, tags",
    description=f"One row per thread in id order: thread_id, platform, external_id, "
    f"creator_handle, url, title, first_comment_at, one column per metric of the registry, tags "
    f"(joined with `{TAG_SEPARATOR}`) and unknown_author_comments (comments whose author is "
    f"unknown, left out of the edges). {FILTERS}",
    response_class=Response,
    responses=RESPONSES,
    dependencies=[
        requires(Scope.AGGREGATES_READ, Charge.EXPENSIVE_READ),
        Depends(no_unknown_parameters),
    ],
)
def export_threads(
    sessions: SessionFactoryDep,
    selection: ExportSelectionDep,
    format: FormatQuery = ExportFormat.CSV,
) -> StreamingResponse:
    return export_response(sessions, THREADS, selection, format)


@router.get(
    "/comments",
    operation_id="export_comments",
    summary="The comments of the threads as a table, by thread in tree order",
    description="One row per comment: thread_id, comment_id, parent_id (in the measured tree; "
    "empty on the post), author, author_name, created_at, depth (top-level 1), like_count, "
    "reply_to_method (given, explicit_field, mention, platform_parent) and text (empty, null "
    f"in Parquet, for a thread stored without its text). {FILTERS}",
    response_class=Response,
    responses=RESPONSES,
    dependencies=[
        requires(Scope.COMMENTS_READ, Charge.EXPENSIVE_READ),
        Depends(no_unknown_parameters),
    ],
)
def export_comments(
    sessions: SessionFactoryDep,
    selection: ExportSelectionDep,
    format: FormatQuery = ExportFormat.CSV,
) -> StreamingResponse:
    return export_response(sessions, COMMENTS, selection, format)


@router.get(
    "/edges",
    operation_id="export_edges",
    summary="Who replies to whom in each thread, as a table of author pairs",
    description="Each thread's author network (the `kind=authors` network of "
    "/v1/threads/{id}/network), one row per thread and ordered pair of known authors: "
    "thread_id, from_author, to_author, replies (how many replies from_author wrote to "
    "to_author; a top-level comment replies to the post's creator when the creator is known) "
    "and reciprocated (to_author replied to from_author too; never for a self-reply). Comments "
    "without a known author are left out (counted per thread in the threads table). "
    "Comment-level reply edges are the comments table's (comment_id, parent_id). "
    f"{FILTERS}",
    response_class=Response,
    responses=RESPONSES,
    dependencies=[
        requires(Scope.COMMENTS_READ, Charge.EXPENSIVE_READ),
        Depends(no_unknown_parameters),
    ],
)
def export_edges(
    sessions: SessionFactoryDep,
    selection: ExportSelectionDep,
    format: FormatQuery = ExportFormat.CSV,
) -> StreamingResponse:
    return export_response(sessions, EDGES, selection, format)
