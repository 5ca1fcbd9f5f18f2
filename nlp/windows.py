"""A thread's first K comments in time order: comparing threads of one size.

Bigger threads mechanically show more replies and exchanges, so comparisons can be made on the
first K comments of every thread that has at least K (ConvoKit's hypergraph features use a
first-10 prefix the same way).
"""

from __future__ import annotations

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
    first = time_order(thread.comments)[:size]
    return replace(thread, comments=tuple(thread.comments[i] for i in first))
