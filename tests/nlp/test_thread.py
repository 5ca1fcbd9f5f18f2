"""The one time-else-input ordering rule shared by the reply tree, windows and re-targeting."""

from __future__ import annotations

from nlp.thread import time_order
from tests.nlp.threads import comment


def test_time_order_sorts_by_time_ties_in_input_order() -> None:
    # input:  a@3  b@1  c@2  d@1
    # time:   b@1  d@1  c@2  a@3    (b and d tie at minute 1: b is listed first)
    comments = [
        comment("a", None, "ann", 3),
        comment("b", None, "bob", 1),
        comment("c", None, "cat", 2),
        comment("d", None, "dan", 1),
    ]
    assert time_order(comments) == [1, 3, 2, 0]


def test_one_missing_timestamp_keeps_input_order() -> None:
    # input: a@3  b@-  c@1 -> b has no time, so nothing is sorted, not even a and c
    comments = (
        comment("a", None, "ann", 3),
        comment("b", None, "bob", None),
        comment("c", None, "cat", 1),
    )
    assert time_order(comments) == [0, 1, 2]


def test_no_comments_no_positions() -> None:
    assert time_order(()) == []
