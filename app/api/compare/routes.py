"""The /v1/platforms, /v1/tags and /v1/compare routes: groups side by side, with uncertainty."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from app.api.compare.cache import ResultCache, cached
from app.api.compare.params import MetricName, Sampling
from app.api.compare.schemas import CompareOut, OverviewOut
from app.api.compare.service import ComparisonRequest, Overview, compare, overview
from app.deps import ResultCacheDep, SamplingDep, SelectionDep, SessionDep, TagSelectionDep
from app.errors import problem_responses
from app.mapping.to_response import compare_out, overview_out
from app.security.access import requires
from app.security.documentation import ProtectedRoute
from app.security.rate import Charge
from app.security.scopes import Scope
from db.aggregates import Selection
from metrics import DIALOGUE_SCORE

router = APIRouter(prefix="/v1", tags=["compare"], route_class=ProtectedRoute)

CONFIDENCE = 0.95
DEFAULT_METRIC = MetricName(DIALOGUE_SCORE)  # /v1/compare's metric unless one is named


@router.get(
    "/platforms",
    operation_id="list_platforms",
    summary="Per platform (or tag, month): threads, comments and headline metrics with 95% CIs",
    responses=problem_responses(422),
    dependencies=[requires(Scope.AGGREGATES_READ, Charge.EXPENSIVE_READ)],
)
def list_platforms(
    session: SessionDep, selection: SelectionDep, sampling: SamplingDep, cache: ResultCacheDep
) -> OverviewOut:
    found = cached_overview(cache, session, selection, sampling)
    return overview_out(selection.by.value, found, sampling.resamples, sampling.seed, CONFIDENCE)


@router.get(
    "/tags",
    operation_id="list_tags",
    summary="Per tag: threads, comments and headline metrics with 95% CIs",
    responses=problem_responses(422),
    dependencies=[requires(Scope.AGGREGATES_READ, Charge.EXPENSIVE_READ)],
)
def list_tags(
    session: SessionDep, selection: TagSelectionDep, sampling: SamplingDep, cache: ResultCacheDep
) -> OverviewOut:
    found = cached_overview(cache, session, selection, sampling)
    return overview_out("tag", found, sampling.resamples, sampling.seed, CONFIDENCE)


@router.get(
    "/compare",
    operation_id="compare_groups",
    summary="Compare groups on one metric: CIs, effect sizes, rank tests, Holm correction",
    responses=problem_responses(422),
    dependencies=[requires(Scope.AGGREGATES_READ, Charge.EXPENSIVE_READ)],
)
def compare_route(
    session: SessionDep,
    selection: SelectionDep,
    sampling: SamplingDep,
    cache: ResultCacheDep,
    # The selection dependency names an unknown metric first; the enum documents the choice.
    metric: Annotated[MetricName, Query(description="A headline metric column.")] = DEFAULT_METRIC,
    stratify: Annotated[
        bool,
        Query(description="Size control: also compare within thread-size bins (comment counts)."),
    ] = False,
) -> CompareOut:
    request = ComparisonRequest(
        selection, metric.value, sampling.resamples, sampling.seed, stratify
    )
    return compare_out(cached(cache, session, request, lambda: compare(session, request)))


def cached_overview(
    cache: ResultCache, session: Session, selection: Selection, sampling: Sampling
) -> Overview:
    return cached(
        cache,
        session,
        ("overview", selection, sampling),
        lambda: overview(session, selection, sampling.resamples, sampling.seed),
    )
