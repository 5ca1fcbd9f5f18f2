"""A thread's reply tree as a flat sequence of steps for the template: open a comment that has
replies (a `<details>` element), show a comment without replies, close an opened comment.

Flat so that the template needs no recursion however deep a reply chain goes. Comments come in
tree order (pre-order: a comment, then its replies), as stored; past `max_comments` the tree is
cut and the page says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from db.models import CommentRow
from nlp.thread import ReplyToMethod

# How a reply's target was reconstructed rather than read off a parent id the platform gave.
RECONSTRUCTED = frozenset({ReplyToMethod.EXPLICIT_FIELD.value, ReplyToMethod.MENTION.value})


# Deeper than this, replies are no longer indented: a long chain would run off the page (and
# browsers' HTML parsers stop nesting elements a few hundred levels down).
MAX_NESTING = 24


class Step(StrEnum):
    OPEN = "open"  # a comment with replies: its <details> opens, its replies follow
    LEAF = "leaf"  # a comment without replies
    CLOSE = "close"  # the end of the replies of the last opened comment


@dataclass(frozen=True, slots=True)
class ShownComment:
    anchor: str  # the element id: "c<position>" (comment ids may hold any character)
    comment_id: str
    author: str | None
    author_name: str | None
    text: str
    created_at: datetime | None
    depth: int
    replies: int
    by_creator: bool
    reconstructed_by: str | None  # explicit_field or mention; None when the parent was given
    platform_reply_to: str | None  # the platform's parent, where another target was chosen
    exchanges: tuple[int, ...]  # numbers of the exchanges it takes a turn in (1: the longest)


@dataclass(frozen=True, slots=True)
class TreeStep:
    step: Step
    comment: ShownComment | None = None  # None for CLOSE


@dataclass(frozen=True, slots=True)
class TreeView:
    steps: tuple[TreeStep, ...]
    shown: int
    total: int


def tree_view(
    rows: Iterable[CommentRow],
    creator: str | None,
    exchanges_of: Mapping[str, tuple[int, ...]],
    max_comments: int,
    max_nesting: int = MAX_NESTING,
) -> TreeView:
    """The steps for `rows` (a thread's comments in tree order), the first `max_comments`.
    Comments deeper than `max_nesting` are not indented further: they follow their ancestor at
    that depth, in tree order (the page shows each one's depth)."""
    ordered = list(rows)
    replies = Counter(row.parent_id for row in ordered if row.parent_id is not None)
    steps: list[TreeStep] = []
    opened: list[int] = []  # depths of the comments whose replies are being listed
    for row in ordered[:max_comments]:
        # In tree order, an opened comment at this depth or deeper is not an ancestor: done.
        while opened and opened[-1] >= row.depth:
            opened.pop()
            steps.append(TreeStep(Step.CLOSE))
        shown = _shown(row, creator, replies[row.comment_id], exchanges_of)
        if shown.replies and row.depth < max_nesting:
            opened.append(row.depth)
            steps.append(TreeStep(Step.OPEN, shown))
        else:
            steps.append(TreeStep(Step.LEAF, shown))
    steps += [TreeStep(Step.CLOSE)] * len(opened)
    return TreeView(tuple(steps), min(len(ordered), max_comments), len(ordered))


def _shown(
    row: CommentRow,
    creator: str | None,
    replies: int,
    exchanges_of: Mapping[str, tuple[int, ...]],
) -> ShownComment:
    moved = row.platform_reply_to not in (None, row.reply_to)
    return ShownComment(
        anchor=f"c{row.position}",
        comment_id=row.comment_id,
        author=row.author,
        author_name=row.author_name,
        text=row.text,
        created_at=row.created_at,
        depth=row.depth,
        replies=replies,
        by_creator=creator is not None and row.author == creator,
        reconstructed_by=row.reply_to_method if row.reply_to_method in RECONSTRUCTED else None,
        platform_reply_to=row.platform_reply_to if moved else None,
        exchanges=exchanges_of.get(row.comment_id, ()),
    )
