"""/v1/threads/{id}/exchanges and /conversations: the dialogue a thread's score counted."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.deps import AnalyzerDep, SessionDep, ThreadDep
from app.dialogue import thread_conversations, thread_exchanges
from app.errors import problem_responses
from app.measurement import metric_columns
from app.presenters import comment_out
from app.schemas import ConversationOut, ConversationsOut, ExchangeOut, ExchangesOut, MetricsOut

router = APIRouter(prefix="/v1/threads", tags=["dialogue"])

Limit = Annotated[int, Query(ge=1, le=500, description="How many to return.")]


@router.get(
    "/{thread_id}/exchanges",
    operation_id="list_thread_exchanges",
    summary="The back-and-forth exchanges of a thread, longest first",
    responses=problem_responses(404, 422),
)
def list_thread_exchanges(
    session: SessionDep,
    thread: ThreadDep,
    limit: Limit = 20,
    min_turns: Annotated[int, Query(ge=2, le=1000, description="Fewest turns shown.")] = 3,
) -> ExchangesOut:
    stored, exchanges = thread_exchanges(session, thread, min_turns)
    items = [
        ExchangeOut(
            turns=exchange.turns,
            authors=list(exchange.authors),
            opens_with_post=exchange.opens_with_post,
            comments=[comment_out(stored.rows[cid]) for cid in exchange.comment_ids],
        )
        for exchange in exchanges[:limit]
    ]
    return ExchangesOut(total=len(exchanges), items=items)


@router.get(
    "/{thread_id}/conversations",
    operation_id="list_thread_conversations",
    summary="Each top-level comment with its replies, scored like a thread and ranked",
    responses=problem_responses(404, 422),
)
def list_thread_conversations(
    session: SessionDep, thread: ThreadDep, analyzer: AnalyzerDep, limit: Limit = 20
) -> ConversationsOut:
    stored, ranked = thread_conversations(session, thread, analyzer)
    items = [
        ConversationOut(
            top_level=comment_out(stored.rows[conversation.top_level_id]),
            comments=conversation.comments,
            metrics=MetricsOut.model_validate(
                metric_columns(conversation.metrics, conversation.text, conversation.score)
            ),
        )
        for conversation in ranked[:limit]
    ]
    return ConversationsOut(total=len(ranked), items=items)
