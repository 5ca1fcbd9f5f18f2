"""What the HTML pages show, read through the services the API uses: a thread's tree, exchanges,
author network and score (app.api.dialogue.service, nlp.network), and the thread listing
(db.repository.list_threads under the listing's size control)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.api.compare.size_control import SizeControl, listing_control
from app.api.dialogue.service import load_thread
from app.web.network_svg import DrawnNetwork, draw_network
from app.web.tree_view import TreeView, tree_view
from db.models import ThreadRow
from db.repository import ThreadPage, ThreadQuery, list_threads
from metrics import DIALOGUE_CATEGORY, DIALOGUE_SCORE, Role, names
from nlp.exchanges import Exchange, find_exchanges
from nlp.network import author_network
from nlp.tree import build_reply_tree

MAX_TREE_COMMENTS = 2_000  # a page past this would be too long to read: the tree is cut
MAX_NETWORK_AUTHORS = 60  # the most active authors drawn; the rest are counted
MIN_EXCHANGE_TURNS = 3  # as /exchanges by default
LISTED_METRICS = names(role=Role.HEADLINE)


@dataclass(frozen=True, slots=True)
class ShownExchange:
    number: int  # 1: the longest
    authors: tuple[str, str]
    turns: int
    opens_with_post: bool
    first_anchor: str | None  # the element id of its first comment


@dataclass(frozen=True, slots=True)
class ThreadPageData:
    thread: ThreadRow
    score: float | None
    category: str | None
    components: list[dict[str, Any]]  # as stored: name, value, weight, contribution
    metrics: list[tuple[str, Any]]  # the headline metrics, name and value
    unavailable: dict[str, str]
    tree: TreeView
    exchanges: tuple[ShownExchange, ...]
    network: DrawnNetwork
    unknown_author_comments: int
    text_kept: bool


def thread_page(session: Session, row: ThreadRow) -> ThreadPageData:
    stored = load_thread(session, row)
    tree = build_reply_tree(stored.thread)
    exchanges = find_exchanges(tree, MIN_EXCHANGE_TURNS)
    anchors = {comment_id: f"c{r.position}" for comment_id, r in stored.rows.items()}
    network = author_network(tree)
    measured = row.metrics
    return ThreadPageData(
        thread=row,
        score=getattr(measured, DIALOGUE_SCORE),
        category=getattr(measured, DIALOGUE_CATEGORY),
        components=list(measured.score_components),
        metrics=[(name, getattr(measured, name)) for name in LISTED_METRICS],
        unavailable=dict(measured.unavailable),
        tree=tree_view(
            stored.rows.values(), tree.creator, exchange_numbers(exchanges), MAX_TREE_COMMENTS
        ),
        exchanges=tuple(
            ShownExchange(
                number,
                exchange.authors,
                exchange.turns,
                exchange.opens_with_post,
                anchors.get(exchange.comment_ids[0]) if exchange.comment_ids else None,
            )
            for number, exchange in enumerate(exchanges, start=1)
        ),
        network=draw_network(network, MAX_NETWORK_AUTHORS),
        unknown_author_comments=network.graph["unknown_author_comments"],
        text_kept=stored.text_kept,
    )


def exchange_numbers(exchanges: list[Exchange]) -> dict[str, tuple[int, ...]]:
    """Comment id → the numbers (1: the longest) of the exchanges it takes a turn in; maximal
    exchanges can share their first turns where a back-and-forth branches."""
    numbers: dict[str, tuple[int, ...]] = {}
    for number, exchange in enumerate(exchanges, start=1):
        for comment_id in exchange.comment_ids:
            numbers[comment_id] = (*numbers.get(comment_id, ()), number)
    return numbers


@dataclass(frozen=True, slots=True)
class ListPageData:
    page: ThreadPage
    control: SizeControl
    metrics: tuple[str, ...]  # the columns shown beside each thread


def list_page(session: Session, query: ThreadQuery, min_comments: int | None) -> ListPageData:
    """A page of the listing; sorted by a metric, threads under the default minimum size are
    left out unless `min_comments` says otherwise (as GET /v1/threads)."""
    control = listing_control(query.sort, min_comments)
    chosen = ThreadQuery(
        platform=query.platform,
        min_comments=control.minimum,
        sort=query.sort,
        descending=query.descending,
        limit=query.limit,
        cursor=query.cursor,
        tags=query.tags,
    )
    return ListPageData(list_threads(session, chosen), control, LISTED_METRICS)
