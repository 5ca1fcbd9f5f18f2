"""The query and path of /v1/creators, checked so that none is ignored or misread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Path, Query

from app.api.compare.params import INT32_MAX
from app.api.creators.listing import CreatorSort, Listing
from app.api.creators.service import CreatorSelection
from app.api.threads.params import MAX_TAG_LENGTH
from importers.base import InvalidInput, Problem
from importers.toolkit.creators import account_handle
from importers.toolkit.values import MAX_KEY_LENGTH, without_nul
from nlp.thread import Platform

MAX_PAGE = 500
DEFAULT_THREAD_LIMIT = 100
MAX_THREAD_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class CreatorName:
    platform: str
    handle: str  # as importers.toolkit.creators.account_handle normalises it


async def creator_selection(
    platform: Annotated[
        Platform | None, Query(description="Only creators on this platform.")
    ] = None,
    tag: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=MAX_TAG_LENGTH,
            description="Count only threads carrying this tag (a creator without one is left out).",
        ),
    ] = None,
    min_threads: Annotated[
        int,
        Query(ge=1, le=INT32_MAX, description="Only creators with at least this many threads."),
    ] = 1,
) -> CreatorSelection:
    # NUL as stored tags have it (PostgreSQL text cannot hold one).
    return CreatorSelection(
        platform=None if platform is None else platform.value,
        tag=None if tag is None else without_nul(tag),
        min_threads=min_threads,
    )


async def creator_listing(
    sort: Annotated[
        CreatorSort, Query(description="The measure to order by; None values always come last.")
    ] = CreatorSort.THREADS,
    order: Literal["asc", "desc"] = "desc",
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page.")] = 50,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page.")] = None,
) -> Listing:
    return Listing(sort, order == "desc", limit, cursor)


async def creator_name(
    platform: Annotated[Platform, Path(description="The creator's platform.")],
    handle: Annotated[
        str,
        Path(
            min_length=1,
            max_length=MAX_KEY_LENGTH,
            description="The creator's handle, channel id or page, with or without a leading @ "
            "(TikTok, Instagram, X and Reddit handles in any case).",
        ),
    ],
) -> CreatorName:
    normalised = account_handle(platform, without_nul(handle))
    if normalised is None:
        raise InvalidInput(
            f"handle {handle!r} names no account on {platform.value}",
            [Problem(("path", "handle"), "names no account")],
        )
    return CreatorName(platform.value, normalised)


ThreadLimit = Annotated[
    int,
    Query(
        ge=1,
        le=MAX_THREAD_LIMIT,
        description="How many of the creator's threads `thread_list` shows (by id).",
    ),
]
