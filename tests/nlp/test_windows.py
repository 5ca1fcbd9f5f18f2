"""First-K windows of a thread."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nlp.analyze import analyze_thread
from nlp.thread import Comment, Platform, Thread
from nlp.windows import first_comments, windows


def at(minute: int) -> datetime:
    return datetime(2024, 1, 1, 0, minute, tzinfo=UTC)


def test_window_takes_the_earliest_comments_not_the_first_listed() -> None:
    """Input lists c (minute 3) first; in time order the thread is a, b, c, d:
    post ── a ann ── b bob ── c ann        d dan (top-level, minute 4)
    The first 3 comments are a ← b ← c: a 3-turn back-and-forth, 2 replies of 3 comments."""
    comments = (
        Comment("c", "b", "ann", "again", at(3)),
        Comment("a", None, "ann", "q", at(1)),
        Comment("d", None, "dan", "hi", at(4)),
        Comment("b", "a", "bob", "answer", at(2)),
    )
    window = first_comments(Thread(Platform.REDDIT, "p", comments), 3)
    assert window is not None
    assert [c.id for c in window.comments] == ["a", "b", "c"]
    metrics = analyze_thread(window).metrics
    assert metrics.structure.reply_share == pytest.approx(2 / 3)  # b and c reply; a is top-level
    assert metrics.interaction.longest_back_and_forth == 3


def test_threads_smaller_than_the_window_have_none() -> None:
    thread = Thread(Platform.REDDIT, "p", (Comment("a", None, "ann", "q", at(1)),))
    assert first_comments(thread, 2) is None
    assert first_comments(thread, 1) == thread


def test_without_timestamps_input_order_decides() -> None:
    comments = (Comment("x", None, "u", "1"), Comment("y", None, "v", "2", at(0)))
    window = first_comments(Thread(Platform.OTHER, "p", comments), 1)
    assert window is not None
    assert [c.id for c in window.comments] == ["x"]


def test_windows_cut_every_size_the_thread_has_enough_comments_for() -> None:
    # 12 top-level comments listed latest first: c11 (minute 11) ... c0 (minute 0)
    comments = tuple(Comment(f"c{m}", None, "u", "x", at(m)) for m in reversed(range(12)))
    thread = Thread(Platform.OTHER, "p", comments)
    ((size, window),) = windows(thread)  # 12 comments: enough for 10, not for 50
    assert size == 10
    assert [c.id for c in window.comments] == [f"c{m}" for m in range(10)]
    assert window == first_comments(thread, 10)
    assert windows(Thread(Platform.OTHER, "p", comments[:9])) == []
    many = tuple(Comment(f"c{m}", None, "u", "x", at(m)) for m in range(55))
    assert [size for size, _ in windows(Thread(Platform.OTHER, "p", many))] == [10, 50]
