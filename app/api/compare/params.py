"""Query parameters shared by the comparison endpoints."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Annotated

from fastapi import Query

from app.api.compare.size_control import DEFAULT_MIN_COMMENTS, MIN_COMMENTS_DESCRIPTION
from db.aggregates import GroupBy, Selection


class WindowSize(IntEnum):
    """The stored first-K windows (nlp.windows.WINDOW_SIZES; a test keeps the two equal)."""

    FIRST_10 = 10
    FIRST_50 = 50


@dataclass(frozen=True, slots=True)
class Sampling:
    resamples: int
    seed: int


def selection(
    by: Annotated[GroupBy, Query(description="Group threads by platform, tag or month.")] = (
        GroupBy.PLATFORM
    ),
    groups: Annotated[
        str | None,
        Query(
            description="Comma-separated groups to include (e.g. tiktok,youtube); all if absent."
        ),
    ] = None,
    min_comments: Annotated[
        int, Query(ge=1, description=MIN_COMMENTS_DESCRIPTION)
    ] = DEFAULT_MIN_COMMENTS,
    window: Annotated[
        WindowSize | None,
        Query(
            description="Size control: use the metrics of each thread's first K comments "
            "(threads with fewer are left out)."
        ),
    ] = None,
) -> Selection:
    chosen = tuple(g.strip() for g in (groups or "").split(",") if g.strip())
    return Selection(by, chosen, min_comments, None if window is None else int(window))


def sampling(
    resamples: Annotated[
        int, Query(ge=100, le=20000, description="Bootstrap resamples (threads resampled).")
    ] = 2000,
    seed: Annotated[int, Query(ge=0, description="Seed: the same seed gives the same CIs.")] = 0,
) -> Sampling:
    return Sampling(resamples, seed)
