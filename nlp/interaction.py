"""Who answers whom: the author interaction graph and the metrics read from it and the tree."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from nlp.exchanges import alternating_runs
from nlp.structure import NO_COMMENTS, NO_KNOWN_AUTHOR
from nlp.tree import PostNode, ReplyTree

NO_AUTHOR_PAIR = "no reply between two different known authors"
# These need at least one known author; each is None (never 0) without one.
AUTHOR_METRICS = (
    "dyadic_pairs",
    "dyadic_share",
    "reciprocity",
    "exchange_comment_share",
    "longest_back_and_forth",
    "reentry_rate",
    "participation_gini",
)


@dataclass(frozen=True, slots=True)
class InteractionMetrics:
    dyadic_pairs: int | None = None
    dyadic_share: float | None = None
    reciprocity: float | None = None
    exchange_comment_share: float | None = None
    longest_back_and_forth: int | None = None
    reentry_rate: float | None = None
    creator_reply_share: float | None = None
    participation_gini: float | None = None
    unavailable: dict[str, str] = field(default_factory=dict)


def author_graph(tree: ReplyTree) -> nx.DiGraph[str]:
    """Replying author -> replied-to author, edge attribute `replies` counting the replies.

    Every known comment author is a node. A top-level comment replies to the post's creator
    when the creator is known. Replies to oneself stay as self-loops.
    """
    replies: Counter[tuple[str, str]] = Counter()
    for cid, up in tree.parent.items():
        author, target = tree.author(cid), tree.author(up)
        if author is not None and target is not None:
            replies[author, target] += 1
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(a for cid in tree.comments if (a := tree.author(cid)) is not None)
    graph.add_edges_from((u, v, {"replies": k}) for (u, v), k in replies.items())
    return graph


def interaction_metrics(tree: ReplyTree) -> InteractionMetrics:
    creator_share, creator_reason = creator_reply_share(tree)
    unavailable = {} if creator_reason is None else {"creator_reply_share": creator_reason}
    if all(tree.author(cid) is None for cid in tree.comments):
        reason = NO_COMMENTS if not tree.comments else NO_KNOWN_AUTHOR
        unavailable.update(dict.fromkeys(AUTHOR_METRICS, reason))
        return InteractionMetrics(creator_reply_share=creator_share, unavailable=unavailable)

    # Reciprocity is about two people: self-loops (answering oneself) are left out.
    graph = author_graph(tree)
    between = [(u, v) for u, v in graph.edges if u != v]
    directed = len(between)
    mutual = sum(graph.has_edge(v, u) for u, v in between) // 2
    pairs = directed - mutual  # a pair answered both ways has two directed edges
    if pairs == 0:
        unavailable["dyadic_share"] = unavailable["reciprocity"] = NO_AUTHOR_PAIR
    return InteractionMetrics(
        dyadic_pairs=mutual,
        dyadic_share=mutual / pairs if pairs else None,
        # = nx.overall_reciprocity of the graph without self-loops, minus the undirected copy
        reciprocity=2 * mutual / directed if directed else None,
        exchange_comment_share=exchange_comment_share(tree),
        longest_back_and_forth=longest_back_and_forth(tree),
        reentry_rate=reentry_rate(tree),
        creator_reply_share=creator_share,
        participation_gini=participation_gini(tree),
        unavailable=unavailable,
    )


def exchange_comment_share(tree: ReplyTree) -> float:
    """Share of comments on a path X <- Y <- X' where X and X' share an author other than Y's.

    X may be the post (its creator's turn); the post is not a comment, so it is never counted.
    """
    in_exchange: set[str] = set()
    for cid, up in tree.parent.items():
        if isinstance(up, PostNode):
            continue
        top = tree.parent[up]
        author, middle = tree.author(cid), tree.author(up)
        if author is not None and middle not in (None, author) and tree.author(top) == author:
            in_exchange.update((cid, up))
            if not isinstance(top, PostNode):
                in_exchange.add(top)
    return len(in_exchange) / len(tree.comments)


def longest_back_and_forth(tree: ReplyTree) -> int:
    """Most turns on one downward path alternating strictly between two known people.

    The post is its creator's turn. Below 3 turns there is no back-and-forth, so 0.
    """
    # The post's own run is at most 1 turn, so taking it into the maximum changes nothing.
    best = max(alternating_runs(tree).values())
    return best if best >= 3 else 0


def reentry_rate(tree: ReplyTree) -> float:
    """Share of known authors who comment again after another known author has spoken since
    their first comment (Backstrom et al. 2013), in time order.
    """
    first: dict[str, int] = {}  # author -> position of first comment among known-author ones
    count: Counter[str] = Counter()
    reentered: set[str] = set()
    position = 0
    for cid in tree.comments:
        author = tree.author(cid)
        if author is None:
            continue
        if author in first and author not in reentered:
            # Between their first comment and now, any comment not theirs is someone else's.
            spoken_since = position - first[author] - 1
            if spoken_since > count[author] - 1:
                reentered.add(author)
        first.setdefault(author, position)
        count[author] += 1
        position += 1
    return len(reentered) / len(first)


def creator_reply_share(tree: ReplyTree) -> tuple[float | None, str | None]:
    """Share of replies (comments answering a comment) written by the post's creator.

    Returns the share, or None and the reason it cannot be computed.
    """
    if tree.creator is None:
        return None, "post creator unknown"
    replies = [cid for cid, up in tree.parent.items() if not isinstance(up, PostNode)]
    if not replies:
        return None, "no replies"
    if all(tree.author(cid) is None for cid in tree.comments):
        # Any of the replies may be the creator's: 0 would be a guess.
        return None, NO_KNOWN_AUTHOR
    return sum(tree.author(cid) == tree.creator for cid in replies) / len(replies), None


def participation_gini(tree: ReplyTree) -> float:
    """Gini coefficient of comments per known author: 0 when all write equally much."""
    per_author = Counter(tree.author(cid) for cid in tree.comments)
    del per_author[None]
    counts = sorted(per_author.values())
    n, total = len(counts), sum(counts)
    # Closed form over ascending counts x_1..x_n: 2 * sum(i * x_i) / (n * total) - (n + 1) / n,
    # kept over one integer numerator so equal shares give exactly 0.0.
    weighted = sum(i * x for i, x in enumerate(counts, start=1))
    return (2 * weighted - (n + 1) * total) / (n * total)
