"""The query of the table exports: which threads (the thread listing's filters) and the format."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from app.api.compare.params import INT32_MAX
from app.api.exports.formats import ExportFormat
from app.api.threads.params import PlatformFilter, TagFilter
from db.exports import ThreadFilter
from importers.toolkit.values import without_nul

MinCommentsFilter = Annotated[
    int | None,
    Query(
        ge=0,
        le=INT32_MAX,
        description="Only threads with at least this many comments (default: every thread; "
        "no size control is applied to an export).",
    ),
]
FormatQuery = Annotated[
    ExportFormat,
    Query(description="`csv` (RFC 4180, UTF-8, a header row) or `parquet` (typed columns)."),
]


async def thread_filter(
    platform: PlatformFilter = None, tag: TagFilter = None, min_comments: MinCommentsFilter = None
) -> ThreadFilter:
    return ThreadFilter(
        platform=platform.value if platform else None,
        # Stored tags had their NUL characters replaced (PostgreSQL text cannot hold one).
        tags=tuple(dict.fromkeys(without_nul(t) for t in tag or ())),
        min_comments=min_comments,
    )
