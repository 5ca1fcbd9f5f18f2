"""The /v1/report route: the groups compared on the headline metrics, as one HTML page."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from app.api.compare.cache import cached
from app.api.report.service import REPORT_METRICS, build_report
from app.deps import ResultCacheDep, SamplingDep, SelectionDep, SessionDep
from app.errors import problem_responses
from app.security.access import requires
from app.security.documentation import ProtectedRoute
from app.security.rate import Charge
from app.security.scopes import Scope
from app.web import LIST_PAGE
from db.models import SORTABLE_METRICS

# Documented under the "compare" tag: the report is the comparison, rendered.
router = APIRouter(prefix="/v1", tags=["compare"], route_class=ProtectedRoute)

METRICS_PATTERN = f"^({'|'.join(SORTABLE_METRICS)})(,({'|'.join(SORTABLE_METRICS)}))*$"


@router.get(
    "/report",
    operation_id="get_report",
    summary="A self-contained HTML report comparing the groups on the headline metrics",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}}, **problem_responses(422)},
    dependencies=[requires(Scope.AGGREGATES_READ, Charge.EXPENSIVE_READ)],
)
def report_route(
    session: SessionDep,
    selection: SelectionDep,
    sampling: SamplingDep,
    cache: ResultCacheDep,
    metrics: Annotated[
        str | None,
        Query(
            pattern=METRICS_PATTERN,
            description="Comma-separated metrics; the headline metrics if absent.",
        ),
    ] = None,
) -> HTMLResponse:
    chosen = tuple(metrics.split(",")) if metrics else REPORT_METRICS
    key = ("report", selection, chosen, sampling)
    compute = partial(
        build_report,
        session,
        selection,
        chosen,
        sampling.resamples,
        sampling.seed,
        threads_page=LIST_PAGE,
    )
    return HTMLResponse(cached(cache, session, key, compute))
