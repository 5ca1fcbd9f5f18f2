"""Structural metrics of a repaired reply tree: size, depth, width and shape."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import repeat
from operator import countOf

from nlp.tree import POST, ReplyTree

NO_COMMENTS = "no comments"
NO_KNOWN_AUTHOR = "no comment has a known author"
# Means over comments or node pairs: undefined, not 0, without a comment.
_NEED_COMMENTS = ("reply_share", "mean_depth", "structural_virality")


@dataclass(frozen=True, slots=True)
class StructureMetrics:
    comments: int
    top_level: int
    replies: int
    authors: int
    reply_share: float | None
    response_rate: float | None
    max_depth: int
    mean_depth: float | None
    max_width: int
    h_index: int
    structural_virality: float | None
    unavailable: dict[str, str] = field(default_factory=dict)


def structure_metrics(tree: ReplyTree) -> StructureMetrics:
    comments = len(tree.comments)
    top_level = len(tree.replies(POST))
    depths = tree.depth.values()
    unavailable: dict[str, str] = {}
    if comments == 0:
        unavailable.update(dict.fromkeys(_NEED_COMMENTS, NO_COMMENTS))
    rate, rate_reason = response_rate(tree)
    if rate_reason is not None:
        unavailable["response_rate"] = rate_reason
    authors = set(map(tree.authors.__getitem__, tree.comments))
    authors.discard(None)
    return StructureMetrics(
        comments=comments,
        top_level=top_level,
        replies=comments - top_level,
        authors=len(authors),
        reply_share=(comments - top_level) / comments if comments else None,
        response_rate=rate,
        max_depth=max(depths, default=0),
        mean_depth=sum(depths) / comments if comments else None,
        max_width=max_width(tree),
        h_index=h_index(tree),
        structural_virality=structural_virality(tree),
        unavailable=unavailable,
    )


def response_rate(tree: ReplyTree) -> tuple[float | None, str | None]:
    """Share of top-level comments (with a known author) answered directly by someone else.

    Returns the rate, or None and the reason it cannot be computed.
    """
    if not tree.comments:
        return None, NO_COMMENTS
    if not tree.has_known_author():
        return None, NO_KNOWN_AUTHOR
    authors, children = tree.authors, tree.children
    tops = tree.replies(POST)
    asked = len(tops) - countOf(map(authors.__getitem__, tops), None)
    answered = 0
    for top in filter(children.__contains__, tops):  # only a comment with replies is answered
        author = authors[top]
        if author is not None and any(authors[r] not in (None, author) for r in children[top]):
            answered += 1
    if asked == 0:
        return None, "no top-level comment has a known author"
    return answered / asked, None


def max_width(tree: ReplyTree) -> int:
    """Most direct replies to one comment; the post's own children are top_level, not width."""
    return max((len(replies) for n, replies in tree.children.items() if n is not POST), default=0)


def h_index(tree: ReplyTree) -> int:
    """Largest h with at least h comments at depth exactly h (Gómez et al. 2008)."""
    at_depth = Counter(tree.depth.values())
    return max((h for h, count in at_depth.items() if count >= h), default=0)


def structural_virality(tree: ReplyTree) -> float | None:
    """Mean distance over all node pairs of the undirected tree, post included (Goel et al. 2016).

    In a tree, an edge above a subtree of s nodes lies on the path of exactly s * (n - s)
    pairs, so the Wiener index is the sum of that over edges: one pass, no all-pairs search.
    """
    n = len(tree.comments) + 1
    if n < 2:
        return None
    # Every comment without replies tops a subtree of 1; the sizes of the others are summed
    # children first, which touches each comment once.
    children = tree.children
    size: dict[str, int] = {}
    for node in filter(children.__contains__, reversed(tree.depth)):
        size[node] = 1 + sum(map(size.get, children[node], repeat(1)))
    leaves = n - 1 - len(size)
    wiener = leaves * (n - 1) + sum(s * (n - s) for s in size.values())
    return wiener / (n * (n - 1) // 2)
