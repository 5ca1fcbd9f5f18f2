"""The HTML pages: the thread list (`GET /`) and a thread's page (`GET /threads/{id}`).

Left out of the OpenAPI spec (they are pages, not API operations) but protected as the API
reads they show: the list needs `aggregates:read` like GET /v1/threads, a thread's page
`comments:read` like /v1/threads/{id}/comments, since it shows what people wrote.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse, HTMLResponse

from app.api.compare.params import no_unknown_parameters
from app.api.threads.routes import SORT_PATTERN, checked_listing_cursor
from app.deps import SessionDep, ThreadDep
from app.security.access import requires
from app.security.documentation import ProtectedRoute
from app.security.rate import Charge
from app.security.scopes import Scope
from app.web import LIST_PAGE, THREAD_PAGE
from app.web.rendering import render
from app.web.service import list_page, thread_page
from app.web.tree_view import MAX_NESTING
from db.models import SORTABLE_METRICS
from db.repository import ThreadQuery
from importers.toolkit.values import without_nul
from nlp.thread import Platform

Fields = dict[str, str | list[str] | None]  # a form's fields, as a query string carries them
STATIC_DIR = Path(__file__).parent / "static"
router = APIRouter(route_class=ProtectedRoute, include_in_schema=False)

PLATFORM_PATTERN = "^(|" + "|".join(p.value for p in Platform) + ")$"
# Form fields left blank arrive as empty strings: blank means "no filter".
PlatformField = Annotated[str, Query(pattern=PLATFORM_PATTERN, description="A platform or blank.")]
MinCommentsField = Annotated[
    str, Query(pattern=r"^[0-9]{0,9}$", description="A whole number of comments, or blank.")
]


@router.get(
    LIST_PAGE,
    response_class=HTMLResponse,
    dependencies=[requires(Scope.AGGREGATES_READ), Depends(no_unknown_parameters)],
)
def thread_list_page(
    session: SessionDep,
    platform: PlatformField = "",
    tag: Annotated[list[str] | None, Query()] = None,
    min_comments: MinCommentsField = "",
    sort: Annotated[str, Query(pattern=SORT_PATTERN)] = "id",
    order: Literal["asc", "desc"] = "asc",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query()] = None,
) -> HTMLResponse:
    tags = tuple(dict.fromkeys(without_nul(t) for t in tag or () if t.strip()))
    minimum = int(min_comments) if min_comments else None
    query = ThreadQuery(
        platform=platform or None,
        sort=sort,
        descending=order == "desc",
        limit=limit,
        cursor=checked_listing_cursor(cursor or None, sort, descending=order == "desc"),
        tags=tags,
    )
    data = list_page(session, query, minimum)
    selected: dict[str, str | list[str] | None] = {
        "platform": platform,
        "tag": list(tags),
        "min_comments": min_comments,
    }
    filters: dict[str, str | list[str] | None] = {
        **selected,
        "sort": sort,
        "order": order,
        "limit": str(limit),
    }
    following = data.page.next_cursor
    return render(
        "list.html",
        data=data,
        filters=filters,
        platforms=[p.value for p in Platform],
        sorts=("id", *SORTABLE_METRICS),
        next_page=f"/?{query_string({**filters, 'cursor': following})}" if following else None,
        export_query=query_string(selected),
    )


@router.get(
    THREAD_PAGE,
    response_class=HTMLResponse,
    dependencies=[
        requires(Scope.COMMENTS_READ, Charge.EXPENSIVE_READ),
        Depends(no_unknown_parameters),
    ],
)
def thread_detail_page(session: SessionDep, thread: ThreadDep) -> HTMLResponse:
    return render("thread.html", data=thread_page(session, thread), max_nesting=MAX_NESTING)


@router.get("/favicon.ico", response_class=FileResponse)
def favicon() -> FileResponse:
    """Parley's icon, so that a browser's automatic request for it finds one."""
    return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")


def query_string(values: Fields) -> str:
    """The values as a URL query, blank ones left out (a blank filter is no filter)."""
    return urlencode({name: value for name, value in values.items() if value}, doseq=True)
