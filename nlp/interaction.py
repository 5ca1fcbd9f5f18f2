"""Who answers whom: the author interaction graph and the metrics read from it and the tree."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count, groupby
from operator import countOf, itemgetter, mul

import networkx as nx

from nlp.exchanges import alternating_runs
from nlp.structure import NO_COMMENTS, NO_KNOWN_AUTHOR
from nlp.tree import POST, PostNode, ReplyTree

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
    replies = Counter(_reply_authors(tree))
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(filter(None, map(tree.authors.__getitem__, tree.comments)))
    graph.add_edges_from(
        (u, v, {"replies": k}) for (u, v), k in replies.items() if u is not None and v is not None
    )
    return graph


def _reply_authors(tree: ReplyTree) -> Iterator[tuple[str | None, str | None]]:
    """(who wrote it, who wrote what it replies to) for every comment, in time order."""
    author = tree.authors.__getitem__
    return zip(map(author, tree.parent), map(author, tree.parent.values()), strict=True)


def interaction_metrics(tree: ReplyTree) -> InteractionMetrics:
    creator_share, creator_reason = creator_reply_share(tree)
    unavailable = {} if creator_reason is None else {"creator_reply_share": creator_reason}
    if not tree.has_known_author():
        reason = NO_COMMENTS if not tree.comments else NO_KNOWN_AUTHOR
        unavailable.update(dict.fromkeys(AUTHOR_METRICS, reason))
        return InteractionMetrics(creator_reply_share=creator_share, unavailable=unavailable)

    # Reciprocity is about two people: self-loops (answering oneself) are left out. The edges
    # of author_graph, read off the replies without building it: that networkx graph for
    # every tree was the largest cost of these metrics (bench/structure.py).
    between = {
        (u, v) for u, v in set(_reply_authors(tree)) if u is not None and v is not None and u != v
    }
    directed = len(between)
    mutual = sum((v, u) in between for u, v in between) // 2
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
    parent, authors = tree.parent, tree.authors
    in_exchange: set[str] = set()
    for middle, replies in tree.children.items():  # Y, each comment that has replies
        if isinstance(middle, PostNode):
            continue
        top = parent[middle]
        first, second = authors[top], authors[middle]
        if first is None or second is None or first == second:
            continue
        back = [cid for cid in replies if authors[cid] == first]
        if back:
            in_exchange.update(back)
            in_exchange.add(middle)
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
    # In time order, an author re-enters exactly when a turn of theirs follows another
    # author's after they have spoken: they head more than one run of consecutive comments.
    # Known authors are never empty strings, so filter(None, ...) keeps exactly them.
    turns = filter(None, map(tree.authors.__getitem__, tree.comments))
    runs = Counter(map(itemgetter(0), groupby(turns)))
    return (len(runs) - countOf(runs.values(), 1)) / len(runs)


def creator_reply_share(tree: ReplyTree) -> tuple[float | None, str | None]:
    """Share of replies (comments answering a comment) written by the post's creator.

    Returns the share, or None and the reason it cannot be computed.
    """
    creator = tree.creator
    if creator is None:
        return None, "post creator unknown"
    replies = len(tree.comments) - len(tree.replies(POST))
    if not replies:
        return None, "no replies"
    if not tree.has_known_author():
        # Any of the replies may be the creator's: 0 would be a guess.
        return None, NO_KNOWN_AUTHOR
    # The creator's comments minus their top-level ones.
    author = tree.authors.__getitem__
    by_creator = countOf(map(author, tree.comments), creator)
    by_creator -= countOf(map(author, tree.replies(POST)), creator)
    return by_creator / replies, None


def participation_gini(tree: ReplyTree) -> float:
    """Gini coefficient of comments per known author: 0 when all write equally much."""
    per_author = Counter(map(tree.authors.__getitem__, tree.comments))
    del per_author[None]
    counts = sorted(per_author.values())
    n, total = len(counts), sum(counts)
    # Closed form over ascending counts x_1..x_n: 2 * sum(i * x_i) / (n * total) - (n + 1) / n,
    # kept over one integer numerator so equal shares give exactly 0.0.
    weighted: int = sum(map(mul, counts, count(1)))
    return (2 * weighted - (n + 1) * total) / (n * total)
