"""A thread's first K comments in time order: comparing threads of one size.

Bigger threads mechanically show more replies and exchanges, so comparisons can be made on the
first K comments of every thread that has at least K (ConvoKit's hypergraph features use a
first-10 prefix the same way).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from nlp.thread import Thread, time_order

WINDOW_SIZES = (10, 50)


def first_comments(thread: Thread, size: int) -> Thread | None:
    """The thread cut to its first `size` comments (by time; input order when any time is
    missing), or None when it has fewer. A reply whose parent falls outside the window cannot
    be in it, since a parent comes before its replies in a consistent thread."""
    if size < 1:
        raise ValueError("a window holds at least one comment")
    if len(thread.comments) < size:
        return None
    return _cut(thread, time_order(thread.comments), size)


def windows(thread: Thread) -> list[tuple[int, Thread]]:
    """(size, first_comments(thread, size)) for each of WINDOW_SIZES the thread has enough
    comments for, smallest first; the comments are put in time order once for all of them."""
    sizes = [size for size in WINDOW_SIZES if len(thread.comments) >= size]
    if not sizes:
        return []
    order = time_order(thread.comments)
    return [(size, _cut(thread, order, size)) for size in sizes]


def _cut(thread: Thread, order: Sequence[int], size: int) -> Thread:
    return replace(thread, comments=tuple(map(thread.comments.__getitem__, order[:size])))
