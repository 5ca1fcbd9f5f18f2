"""Query parameters shared by the comparison endpoints, checked so that none is ignored.

A query parameter the operation does not declare, a metric that does not exist and a group with
no stored thread are refused by name (422) rather than silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, Annotated, Final

from fastapi import Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session

from app.api.compare.cache import ResultCache, cached
from app.api.compare.limits import DEFAULT_MIN_COMMENTS
from app.api.compare.limits import DEFAULT_RESAMPLES as DEFAULT_RESAMPLES
from app.api.compare.limits import MAX_RESAMPLES as MAX_RESAMPLES
from app.api.compare.limits import MIN_RESAMPLES as MIN_RESAMPLES
from app.api.compare.size_control import MIN_COMMENTS_DESCRIPTION
from db.aggregates import GroupBy, Selection, group_totals
from db.grouping import creator_group
from db.models import SORTABLE_METRICS
from importers.base import InvalidInput, Problem
from importers.toolkit.creators import account_handle
from importers.toolkit.values import without_nul
from nlp.thread import Platform

# Integers compared with stored columns (thread ids, comment positions, comment counts) are
# bounded by those columns' type, INTEGER: 32-bit on PostgreSQL, which fails on a larger value
# rather than matching nothing (SQLite takes 64 bits). Seeds go to numpy: 64 bits.
INT32_MAX: Final = 2**31 - 1
INT64_MAX: Final = 2**63 - 1
METRIC_PARAMETERS = ("metric", "metrics")  # comma-separated metric names
SHOWN_GROUPS = 20  # stored groups listed when a requested one is unknown


if TYPE_CHECKING:
    # The members are generated from the metric registry below, which a type checker cannot
    # follow; code reads them by value (`MetricName(DIALOGUE_SCORE)`), and names only `id`.
    class MetricName(StrEnum):
        """A headline metric column."""

    class SortKey(StrEnum):
        """What a thread listing is sorted by: `id` or a headline metric column."""

        id = "id"

else:
    # Enums rather than patterns, so that the spec lists the accepted values and generated
    # clients offer them as enum members.
    MetricName = StrEnum("MetricName", [(name, name) for name in SORTABLE_METRICS])
    MetricName.__doc__ = "A headline metric column."
    SortKey = StrEnum("SortKey", [(name, name) for name in ("id", *SORTABLE_METRICS)])
    SortKey.__doc__ = "What a thread listing is sorted by: `id` or a headline metric column."


class WindowSize(IntEnum):
    """The stored first-K windows (nlp.windows.WINDOW_SIZES; a test keeps the two equal)."""

    FIRST_10 = 10
    FIRST_50 = 50


@dataclass(frozen=True, slots=True)
class Sampling:
    resamples: int
    seed: int


Groups = Annotated[
    str | None,
    Query(
        description="Comma-separated groups to include (e.g. tiktok,youtube, or by creator "
        "tiktok/ballerinafarm); all if absent."
    ),
]
MinComments = Annotated[int, Query(ge=1, le=INT32_MAX, description=MIN_COMMENTS_DESCRIPTION)]
Window = Annotated[
    WindowSize | None,
    Query(
        description="Size control: use the metrics of each thread's first K comments "
        "(threads with fewer are left out)."
    ),
]


def _names(values: list[str]) -> str:
    return ", ".join(repr(value) for value in values)


def declared_query(dependant: Dependant) -> set[str]:
    """Every query parameter an operation declares, its dependencies' included."""
    names = {field.alias for field in dependant.query_params}
    for dependency in dependant.dependencies:
        names |= declared_query(dependency)
    return names


def reject_unknown_parameters(request: Request) -> None:
    """Refuse, by name, query parameters the operation does not declare."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    declared = declared_query(route.dependant)
    unknown = sorted(set(request.query_params) - declared)
    if unknown:
        raise InvalidInput(
            f"unknown query parameter(s) {_names(unknown)}; this endpoint takes: "
            f"{', '.join(sorted(declared))}",
            [Problem(("query", name), "unknown parameter") for name in unknown],
        )


async def no_unknown_parameters(request: Request) -> None:
    """`reject_unknown_parameters` as a route dependency: async, as every dependency that does
    no I/O is here, since FastAPI runs a plain one in the thread pool (app/transaction.py)."""
    reject_unknown_parameters(request)


def reject_unknown_metrics(request: Request) -> None:
    """Refuse, by name, metrics in `metric`/`metrics` that are not headline metric columns."""
    problems: list[Problem] = []
    for parameter in METRIC_PARAMETERS:
        for value in request.query_params.getlist(parameter):
            unknown = [name for name in value.split(",") if name.strip() not in SORTABLE_METRICS]
            problems += [Problem(("query", parameter), f"unknown metric {n!r}") for n in unknown]
    if problems:
        named = "; ".join(problem.msg for problem in problems)
        raise InvalidInput(f"{named}; known metrics: {', '.join(SORTABLE_METRICS)}", problems)


def require_known_groups(session: Session, cache: ResultCache, chosen: Selection) -> Selection:
    """`chosen`, once every requested group names stored threads (whatever their size); else
    InvalidInput naming the unknown ones. The stored names are read in the request's own
    transaction, once per data version (app/api/compare/cache.py)."""
    if not chosen.groups:
        return chosen
    everything = replace(chosen, groups=(), min_comments=None, window=None)
    stored: tuple[str, ...] = cached(
        cache,
        session,
        ("stored groups", chosen.by),
        lambda: tuple(group_totals(session, everything)),
    )
    known = frozenset(stored)
    unknown = [group for group in chosen.groups if group not in known]
    if unknown:
        named = sorted(stored)
        shown = ", ".join(named[:SHOWN_GROUPS]) + (" …" if len(named) > SHOWN_GROUPS else "")
        raise InvalidInput(
            f"no stored thread has {chosen.by.value} {_names(unknown)}; stored "
            f"{chosen.by.value} groups: {shown or 'none'}",
            [Problem(("query", "groups"), f"unknown {chosen.by.value} {g!r}") for g in unknown],
        )
    return chosen


def checked_selection(
    request: Request, by: GroupBy, groups: str | None, min_comments: int, window: int | None
) -> Selection:
    reject_unknown_parameters(request)
    reject_unknown_metrics(request)
    # NUL as stored tags have it (PostgreSQL text cannot hold one).
    named = (without_nul(g.strip()) for g in (groups or "").split(",") if g.strip())
    if by is GroupBy.CREATOR:
        named = (as_stored_creator(group) for group in named)
    chosen = tuple(dict.fromkeys(named))
    return Selection(by, chosen, min_comments, None if window is None else int(window))


def as_stored_creator(group: str) -> str:
    """A creator group "<platform>/<handle>" with its handle as importers store it
    ("tiktok/@BallerinaFarm" is "tiktok/ballerinafarm"); anything else as given, for
    require_known_groups to name."""
    platform, slash, handle = group.partition("/")
    if not slash or platform not in set(Platform):
        return group
    stored = account_handle(Platform(platform), handle)
    return group if stored is None else creator_group(platform, stored)


async def selection(
    request: Request,
    by: Annotated[
        GroupBy,
        Query(
            description="Group threads by platform, tag, month or creator (groups named "
            '"<platform>/<handle>", e.g. tiktok/ballerinafarm; threads without a creator '
            "handle are left out, and a comparison's caveats say how many)."
        ),
    ] = GroupBy.PLATFORM,
    groups: Groups = None,
    min_comments: MinComments = DEFAULT_MIN_COMMENTS,
    window: Window = None,
) -> Selection:
    return checked_selection(request, by, groups, min_comments, window)


async def tag_selection(
    request: Request,
    groups: Groups = None,
    min_comments: MinComments = DEFAULT_MIN_COMMENTS,
    window: Window = None,
) -> Selection:
    """The selection of /v1/tags, which always groups by tag."""
    return checked_selection(request, GroupBy.TAG, groups, min_comments, window)


async def sampling(
    resamples: Annotated[
        int,
        Query(
            ge=MIN_RESAMPLES,
            le=MAX_RESAMPLES,
            description=f"Bootstrap resamples (threads resampled), at most {MAX_RESAMPLES}.",
        ),
    ] = DEFAULT_RESAMPLES,
    seed: Annotated[
        int, Query(ge=0, le=INT64_MAX, description="Seed: the same seed gives the same CIs.")
    ] = 0,
) -> Sampling:
    return Sampling(resamples, seed)
