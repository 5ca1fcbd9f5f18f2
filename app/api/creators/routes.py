"""The /v1/creators routes: creators listed by their community measures, and one in detail."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from app.api.compare.params import no_unknown_parameters
from app.api.creators.listing import creator_page
from app.api.creators.params import DEFAULT_THREAD_LIMIT, ThreadLimit
from app.api.creators.schemas import CREATORS_PATH, CreatorDetailOut, CreatorPageOut
from app.api.creators.service import creator_detail, creator_summaries
from app.deps import (
    CreatorListingDep,
    CreatorNameDep,
    CreatorSelectionDep,
    ResultCacheDep,
    SessionDep,
)
from app.errors import problem_responses
from app.security.access import requires
from app.security.documentation import ProtectedRoute
from app.security.rate import Charge
from app.security.scopes import Scope

router = APIRouter(prefix=CREATORS_PATH, tags=["creators"], route_class=ProtectedRoute)


@router.get(
    "",
    operation_id="list_creators",
    summary="Creators (accounts) with their threads, returning commenters, replies and scores",
    description="A creator is an account on a platform; its threads are the stored threads "
    "with that `creator_handle`. Sorted by one measure (null values last in either order), "
    "paged by cursor. An unknown query parameter is refused by name.",
    responses=problem_responses(422),
    dependencies=[
        requires(Scope.AGGREGATES_READ, Charge.EXPENSIVE_READ),
        Depends(no_unknown_parameters),
    ],
)
def list_creators(
    session: SessionDep,
    selection: CreatorSelectionDep,
    listing: CreatorListingDep,
    cache: ResultCacheDep,
) -> CreatorPageOut:
    return CreatorPageOut.of(creator_page(creator_summaries(session, selection, cache), listing))


@router.get(
    "/{platform}/{handle}",
    operation_id="get_creator",
    summary="One creator: community measures, recurring commenter pairs, months, threads",
    description="Names commenters (the recurring pairs' author ids), hence the comments scope. "
    "The handle is matched as importers store it: without a leading @, in lower case on "
    "TikTok, Instagram, X and Reddit.",
    responses=problem_responses(404, 422),
    dependencies=[
        requires(Scope.COMMENTS_READ, Charge.EXPENSIVE_READ),
        Depends(no_unknown_parameters),
    ],
)
def get_creator(
    session: SessionDep,
    creator: CreatorNameDep,
    cache: ResultCacheDep,
    thread_limit: ThreadLimit = DEFAULT_THREAD_LIMIT,
) -> CreatorDetailOut:
    detail = creator_detail(session, creator.platform, creator.handle, cache)
    return CreatorDetailOut.of_detail(detail, thread_limit)
