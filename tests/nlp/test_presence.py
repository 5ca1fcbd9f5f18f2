"""Presence counts on small drawn threads, worked out by hand."""

from __future__ import annotations

from nlp.presence import (
    NO_TEXT_STEP,
    NOT_FLATTENED,
    alternating_turn_runs,
    inferred_exchanges,
    presence_metrics,
)
from nlp.results import CommentSignals
from nlp.structure import NO_KNOWN_AUTHOR
from nlp.tree import build_reply_tree
from tests.nlp.threads import EIGHT, thread


def signals(*, question: bool = False, low: bool = False, tag: bool = False) -> CommentSignals:
    return CommentSignals(
        language="en",
        tokens=3,
        mentions=(),
        hashtags=(),
        urls=(),
        emoji=(),
        is_question=question,
        is_tag_only=tag,
        is_low_content=low or tag,
        content_lemmas=frozenset(),
    )


# post (op)
# ├── a  ann  "why rye?"        question, answered by bob
# │   └── b  bob  "for taste"
# │       └── c  ann  "lol"     low content
# │           └── d  bob "…"    substantive
# └── e  cat  "@ann"            tag only, unanswered
#     └── f  ann  "hi cat"
#         └── g  cat  "yes"
DEBATE = thread(
    ("a", None, "ann"),
    ("b", "a", "bob"),
    ("c", "b", "ann"),
    ("d", "c", "bob"),
    ("e", None, "cat"),
    ("f", "e", "ann"),
    ("g", "f", "cat"),
)
DEBATE_SIGNALS = {
    "a": signals(question=True),
    "b": signals(),
    "c": signals(low=True),
    "d": signals(),
    "e": signals(tag=True),
    "f": signals(),
    "g": signals(),
}


def test_counts_of_a_drawn_debate() -> None:
    presence = presence_metrics(build_reply_tree(DEBATE), DEBATE_SIGNALS, flattened_replies=False)
    # Exchanges (maximal alternating paths of >= 3 turns): a-b-c-d (ann/bob, 4 turns) and
    # e-f-g (cat/ann, 3 turns). The post (op) does not alternate with a or e.
    assert presence.exchange_count == 2
    assert presence.exchange_participants == 3  # ann, bob, cat
    # a-b-c-d has 3 substantive turns (c is "lol"); e-f-g only 2 (e is a bare tag).
    assert presence.genuine_exchanges == 1
    assert presence.genuine_exchange_participants == 2  # ann, bob
    assert presence.answered_questions == 1  # a, answered by bob
    # Substantive replies answered substantively by someone else: f (by cat). b's answer c is
    # "lol"; d and g got no reply.
    assert presence.answered_replies == 1
    assert presence.substantive_replies == 4  # b, d, f, g (c is low content)
    assert presence.inferred_exchanges is None
    assert presence.unavailable == {"inferred_exchanges": NOT_FLATTENED}


def test_the_post_is_not_a_turn_of_a_genuine_exchange() -> None:
    # post (op)
    # └── a  ann  "hi"
    #     └── b  op  "glad"
    # op, ann, op: an exchange of 3 turns, but only 2 comments: a comment and the creator's
    # answer read as one answer, not as a back-and-forth.
    t = thread(("a", None, "ann"), ("b", "a", "op"))
    presence = presence_metrics(
        build_reply_tree(t), {"a": signals(), "b": signals()}, flattened_replies=False
    )
    assert (presence.exchange_count, presence.genuine_exchanges) == (1, 0)


def test_without_text_only_the_structural_counts() -> None:
    presence = presence_metrics(build_reply_tree(DEBATE), None, flattened_replies=False)
    assert (presence.exchange_count, presence.exchange_participants) == (2, 3)
    for name in ("genuine_exchanges", "answered_questions", "answered_replies"):
        assert presence.unavailable[name] == NO_TEXT_STEP


def test_without_authors_nothing_is_counted_as_zero() -> None:
    t = thread(("a", None, None), ("b", "a", None), creator=None)
    presence = presence_metrics(
        build_reply_tree(t), {"a": signals(), "b": signals()}, flattened_replies=True
    )
    assert presence.exchange_count is None
    assert presence.inferred_exchanges is None
    assert presence.unavailable["exchange_count"] == NO_KNOWN_AUTHOR
    assert presence.substantive_replies == 1


def test_inferred_exchanges_read_time_order_inside_each_reply_group() -> None:
    # A flattened export: every reply filed under its top-level comment, in time order.
    # post (op)
    # ├── a  ann      t1
    # │   ├── b  bob  t2
    # │   ├── c  ann  t3    ann, bob, ann: one run of 3
    # │   └── d  cat  t5    cat breaks the run
    # └── e  dan      t4
    #     ├── f  eve  t6
    #     └── g  fay  t7    dan, eve, fay: no two people alternate
    t = thread(
        ("a", None, "ann"),
        ("b", "a", "bob"),
        ("c", "a", "ann"),
        ("e", None, "dan"),
        ("d", "a", "cat"),
        ("f", "e", "eve"),
        ("g", "e", "fay"),
    )
    tree = build_reply_tree(t)
    assert inferred_exchanges(tree) == 1
    presence = presence_metrics(tree, None, flattened_replies=True)
    assert presence.inferred_exchanges == 1
    assert presence.exchange_count == 0  # no reply path alternates: all replies hang on a, e


def testalternating_turn_runs_a_sequence() -> None:
    assert alternating_turn_runs(["a", "b", "a", "b"]) == 1  # one run of 4
    assert alternating_turn_runs(["a", "b", "c"]) == 0
    assert alternating_turn_runs(["a", "a", "b", "a"]) == 1  # a, b, a after the repeat
    # a, b, a ends when c comes; a, c, a, c is a second run (it starts at that last a).
    assert alternating_turn_runs(["a", "b", "a", "c", "a", "c"]) == 2
    assert alternating_turn_runs([]) == 0


def test_eight_exchanges() -> None:
    # EIGHT (tests/nlp/threads.py): a-b-c (ann, bob, ann) and post-e-f (op, bob, op).
    presence = presence_metrics(build_reply_tree(EIGHT), None, flattened_replies=False)
    assert presence.exchange_count == 2
    assert presence.exchange_participants == 3  # ann, bob, op


def test_inferred_exchanges_follow_nested_replies_and_skip_unknown_authors() -> None:
    # A reply group holds every comment below its top-level one, however deep:
    # post (op)
    # ├── a  ann            t1
    # │   ├── b  bob        t2
    # │   │   └── d  ann    t4
    # │   └── c  [deleted]  t3   unknown: no turn, so a's group reads ann, bob, ann
    # └── e  cat            t5   alone: no run
    t = thread(
        ("a", None, "ann"),
        ("b", "a", "bob"),
        ("c", "a", "[deleted]"),
        ("d", "b", "ann"),
        ("e", None, "cat"),
    )
    assert inferred_exchanges(build_reply_tree(t)) == 1
