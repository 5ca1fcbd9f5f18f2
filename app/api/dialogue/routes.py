"""The /v1/threads/{id}/exchanges and /conversations routes: the dialogue a score counted."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.api.dialogue.schemas import ConversationsOut, ExchangesOut
from app.api.dialogue.service import thread_conversations, thread_exchanges
from app.deps import AnalyzerDep, SessionDep, ThreadDep
from app.errors import problem_responses
from app.mapping.to_response import conversation_out, exchange_out
from app.security.access import requires
from app.security.documentation import ProtectedRoute
from app.security.rate import Charge
from app.security.scopes import Scope

router = APIRouter(prefix="/v1/threads", tags=["dialogue"], route_class=ProtectedRoute)

Limit = Annotated[int, Query(ge=1, le=500, description="How many to return.")]


@router.get(
    "/{thread_id}/exchanges",
    operation_id="list_thread_exchanges",
    summary="The back-and-forth exchanges of a thread, longest first",
    responses=problem_responses(404, 422),
    dependencies=[requires(Scope.COMMENTS_READ, Charge.EXPENSIVE_READ)],
)
def list_thread_exchanges(
    session: SessionDep,
    thread: ThreadDep,
    limit: Limit = 20,
    min_turns: Annotated[int, Query(ge=2, le=1000, description="Fewest turns shown.")] = 3,
) -> ExchangesOut:
    stored, exchanges = thread_exchanges(session, thread, min_turns)
    items = [exchange_out(stored, exchange) for exchange in exchanges[:limit]]
    return ExchangesOut(total=len(exchanges), items=items)


@router.get(
    "/{thread_id}/conversations",
    operation_id="list_thread_conversations",
    summary="Each top-level comment with its replies, scored like a thread and ranked",
    responses=problem_responses(404, 422),
    dependencies=[requires(Scope.COMMENTS_READ, Charge.EXPENSIVE_READ)],
)
def list_thread_conversations(
    session: SessionDep, thread: ThreadDep, analyzer: AnalyzerDep, limit: Limit = 20
) -> ConversationsOut:
    stored, ranking = thread_conversations(session, thread, analyzer, limit)
    items = [conversation_out(stored, conversation) for conversation in ranking.shown]
    return ConversationsOut(total=ranking.total, items=items)
