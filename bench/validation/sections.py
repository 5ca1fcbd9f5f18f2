"""What one rated comment section is, cut out of an imported thread.

A section is a whole thread (every comment under one post) of at most `MAX_COMMENTS` comments
or, for YouTube and for Reddit threads above that size, one top-level comment with all its
replies (a sub-thread). Replies hang under the parent the platform filed them under
(`platform_reply_to` when set, else `reply_to`), never under Parley's re-targeted parent; a
comment whose parent is not in the thread counts as top-level.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from nlp.thread import Comment, Platform, Thread

MIN_COMMENTS = 3
MAX_COMMENTS = 120
SIZE_CLASSES = ("small", "medium", "large")
_LOWER_BOUNDS = ((40, "large"), (10, "medium"), (MIN_COMMENTS, "small"))
SUBTHREAD_PLATFORMS = frozenset({Platform.YOUTUBE, Platform.REDDIT})


@dataclass(frozen=True, slots=True)
class Section:
    """Where one candidate section lives in ../shared/data, and how many comments it has."""

    platform: str
    dataset: str  # the folder under shared/data
    external_id: str  # the thread's external id
    root_comment_id: str  # the sub-thread's top-level comment; "" for a whole thread
    comments: int

    @property
    def size_class(self) -> str:
        return size_class(self.comments)


def size_class(comments: int) -> str:
    """small (3-9 comments), medium (10-39) or large (40-120); ValueError outside 3-120."""
    if comments <= MAX_COMMENTS:
        for lower, name in _LOWER_BOUNDS:
            if comments >= lower:
                return name
    raise ValueError(f"{comments} comments is outside the {MIN_COMMENTS}-{MAX_COMMENTS} range")


def platform_parents(comments: Sequence[Comment]) -> dict[str, str | None]:
    """Each comment's parent as the platform filed it; None when top-level or absent."""
    present = {c.id for c in comments}
    parents: dict[str, str | None] = {}
    for comment in comments:
        parent = comment.platform_reply_to or comment.reply_to
        parents[comment.id] = parent if parent in present else None
    return parents


def top_levels(comments: Sequence[Comment]) -> dict[str, str]:
    """Each comment's top-level ancestor by platform parents; a top-level comment maps to itself."""
    parents = platform_parents(comments)
    top: dict[str, str] = {}
    for comment in comments:
        chain = [comment.id]
        while chain[-1] not in top and (parent := parents[chain[-1]]) is not None:
            if parent in chain:
                raise ValueError(f"reply cycle through comment {parent}")
            chain.append(parent)
        top.update(dict.fromkeys(chain, top.get(chain[-1], chain[-1])))
    return top


def sections_of(thread: Thread, dataset: str) -> list[Section]:
    """The thread itself when it has 3-120 comments; else, on YouTube and Reddit, its sub-threads
    of 3-120 comments; else nothing."""
    total = len(thread.comments)
    platform = str(thread.platform)
    if MIN_COMMENTS <= total <= MAX_COMMENTS:
        return [Section(platform, dataset, thread.external_id, "", total)]
    if total < MIN_COMMENTS or thread.platform not in SUBTHREAD_PLATFORMS:
        return []
    sizes = Counter(top_levels(thread.comments).values())
    return [
        Section(platform, dataset, thread.external_id, root, size)
        for root, size in sizes.items()
        if MIN_COMMENTS <= size <= MAX_COMMENTS
    ]


def cut(thread: Thread, root_comment_id: str) -> Thread:
    """The thread restricted to one sub-thread (input order kept); the whole thread for ""."""
    if not root_comment_id:
        return thread
    top = top_levels(thread.comments)
    if top.get(root_comment_id) != root_comment_id:
        raise KeyError(f"no top-level comment {root_comment_id} in thread {thread.external_id}")
    return replace(
        thread, comments=tuple(c for c in thread.comments if top[c.id] == root_comment_id)
    )
