"""Conversations (a top-level comment and its replies) scored like threads, worked out by hand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import pytest

from nlp.conversations import (
    ConversationScore,
    TextStep,
    conversations,
    rank_conversations,
    score_conversations,
)
from nlp.results import CommentSignals
from nlp.score import BROADCAST
from nlp.text_metrics import TextMetrics, text_metrics
from nlp.thread import Comment
from nlp.tree import PostNode, ReplyTree, build_reply_tree
from tests.nlp.threads import thread

# post (op)
# ├── a  ann   {bread, recipe}
# │   ├── b  bob   {recipe, rye}   takes up "recipe"
# │   │   └── c  ann  {rye, bread}  takes up "rye"
# │   └── d  cat   "lol"           low-content
# ├── e  dan   {nice}
# └── f  eve   {first}
#     └── g  op    "thanks"        low-content
THREAD = thread(
    ("a", None, "ann"),
    ("b", "a", "bob"),
    ("c", "b", "ann"),
    ("d", "a", "cat"),
    ("e", None, "dan"),
    ("f", None, "eve"),
    ("g", "f", "op"),
)


def signal(*lemmas: str) -> CommentSignals:
    return CommentSignals(
        language="en",
        tokens=max(len(lemmas), 1),
        mentions=(),
        hashtags=(),
        urls=(),
        emoji=(),
        is_question=False,
        is_tag_only=False,
        is_low_content=not lemmas,
        content_lemmas=frozenset(lemmas),
    )


SIGNALS = {
    "a": signal("bread", "recipe"),
    "b": signal("recipe", "rye"),
    "c": signal("rye", "bread"),
    "d": signal(),
    "e": signal("nice"),
    "f": signal("first"),
    "g": signal(),
}


def replies_text(tree: ReplyTree, signals: Mapping[str, CommentSignals]) -> TextMetrics | None:
    """A stand-in for the text step: low-content and uptake shares over the tree's replies."""
    replies = {c: up for c, up in tree.parent.items() if not isinstance(up, PostNode)}
    if not replies:
        return None
    low = sum(signals[c].is_low_content for c in replies)
    uptake = sum(
        bool(signals[c].content_lemmas & signals[up].content_lemmas) for c, up in replies.items()
    )
    return TextMetrics(
        question_share=None,
        answered_question_share=None,
        tag_only_share=None,
        low_content_share=None,
        lexical_uptake=None,
        uptake_reply_share=uptake / len(replies),
        mean_tokens=None,
        reply_low_content_share=low / len(replies),
    )


def ranking(scored: list[ConversationScore]) -> list[tuple[str, int, float]]:
    return [(c.top_level_id, c.comments, c.score.score) for c in scored]


# Conversation a = {a, b, c, d} under the same post, structure only (weights sum to 0.65):
# reply_share 3/4, response_rate 1/1, dyadic_share 1/3 (ann-op, bob-ann, cat-ann pairs;
# ann-bob both ways), exchange_comment_share 3/4 (a, b, c), reentry_rate 1/3 (ann of ann,
# bob, cat), creator_reply_share 0/3.
A_STRUCTURE = 0.10 * 3 / 4 + 0.15 * 1 + 0.10 * 1 / 3 + 0.15 * 3 / 4 + 0.10 * 1 / 3 + 0.05 * 0
# Conversation f = {f, g}: reply_share 1/2, response_rate 1, dyadic_share 1 (eve-op both
# ways), exchange_comment_share 2/2 (post op <- f eve <- g op), reentry_rate 0, creator 1/1.
F_STRUCTURE = 0.10 * 1 / 2 + 0.15 * 1 + 0.10 * 1 + 0.15 * 1 + 0.10 * 0 + 0.05 * 1


def v2(replies: int, cues: int, density: float) -> float:
    """Score v2 with every part computable: 0.55 amount, 0.30 back-and-forth, 0.15 density."""
    return 100 * (0.55 * replies / (replies + 10) + 0.30 * cues / (cues + 2) + 0.15 * density)


def test_structure_only_ranks_the_larger_conversation_first() -> None:
    # a: 3 replies, one exchange (ann, bob, ann); f: 1 reply, one exchange (op, eve, op).
    # v1 ranked f first (76.92 vs 62.18: shares only); v2 weighs a's amount of replies.
    assert ranking(score_conversations(THREAD)) == [
        ("a", 4, pytest.approx(v2(3, 1, A_STRUCTURE / 0.65))),  # 31.79
        ("f", 2, pytest.approx(v2(1, 1, F_STRUCTURE / 0.65))),  # 26.54
        ("e", 1, 0.0),  # no replies
    ]


def test_text_discounts_a_hollow_reply() -> None:
    # a: 1 of 3 replies low-content (discount 2/3), 2 of 3 take up words; uptake weight 0.20
    #    joins: density (v1) = (A_STRUCTURE * 2/3 + 0.20 * 2/3) / 0.85 = 0.4739; substantive
    #    replies b, c: 2; cues of answering back: b answered by c (1) and the genuine exchange
    #    a, b, c (3 substantive comments, 1): 2.
    # f: g "thanks" is low-content: no substantive reply, no genuine exchange (post, f: 2
    #    substantive turns), density 0: 0
    scored = score_conversations(THREAD, SIGNALS, replies_text)
    assert ranking(scored) == [
        ("a", 4, pytest.approx(v2(2, 2, (A_STRUCTURE * 2 / 3 + 0.20 * 2 / 3) / 0.85))),
        ("f", 2, 0.0),  # ties at 0 go to the larger conversation first
        ("e", 1, 0.0),
    ]
    assert scored[1].score.category == BROADCAST
    assert scored[2].text is None  # e has no replies, so the stand-in has nothing to say


def test_the_text_step_sees_each_conversation_alone() -> None:
    seen: list[tuple[str, ...]] = []

    def record(tree: ReplyTree, signals: Mapping[str, CommentSignals]) -> TextMetrics | None:
        seen.append(tuple(tree.comments))
        assert tree.creator == "op"  # same post, same creator
        return replies_text(tree, signals)

    score_conversations(THREAD, SIGNALS, record)
    assert seen == [("a", "b", "c", "d"), ("e",), ("f", "g")]


def test_signals_and_text_step_come_together() -> None:
    with pytest.raises(ValueError, match="together"):
        score_conversations(THREAD, SIGNALS)
    with pytest.raises(ValueError, match="together"):
        score_conversations(THREAD, None, replies_text)


def test_repaired_replies_stay_where_the_tree_put_them() -> None:
    # post (op)
    # ├── a  ann
    # │   └── b  bob
    # ├── o  cat    replies to "gone", not in the thread: an orphan, made top-level
    # │   └── p  dan
    # ├── x  eve    x and y reply to each other: the earlier one, x, is made top-level
    # │   └── y  fay
    # └── s  gus    replies to itself: made top-level
    t = thread(
        ("a", None, "ann"),
        ("b", "a", "bob"),
        ("o", "gone", "cat"),
        ("p", "o", "dan"),
        ("x", "y", "eve"),
        ("y", "x", "fay"),
        ("s", "s", "gus"),
    )
    grouped = conversations(build_reply_tree(t))
    assert {top: [(c.id, c.reply_to) for c in cs] for top, cs in grouped.items()} == {
        "a": [("a", None), ("b", "a")],
        "o": [("o", None), ("p", "o")],
        "x": [("x", None), ("y", "x")],
        "s": [("s", None)],
    }
    # Scored with the same placement: each opener keeps its replies.
    scored = score_conversations(t)
    assert {c.top_level_id: c.metrics.structure.replies for c in scored} == {
        "a": 1,
        "o": 1,
        "x": 1,
        "s": 0,
    }


def test_only_the_shown_lone_comments_are_measured() -> None:
    # e is the one lone comment; it ranks last (score 0). Shown two, only a and f are measured,
    # and only their comments go through the text step.
    asked: list[tuple[str, ...]] = []

    def signals_of(comments: Sequence[Comment]) -> Mapping[str, CommentSignals]:
        asked.append(tuple(c.id for c in comments))
        return SIGNALS

    ranked = rank_conversations(THREAD, 2, TextStep(signals_of, replies_text))
    assert ranked.total == 3
    assert [c.top_level_id for c in ranked.shown] == ["a", "f"]
    assert asked == [("a", "b", "c", "d", "f", "g")]
    # Shown three, e is measured too, in full: its score is worked out, not assumed.
    full = rank_conversations(THREAD, 3, TextStep(signals_of, replies_text))
    assert ranking(full.shown) == ranking(score_conversations(THREAD, SIGNALS, replies_text))
    assert asked[-1] == ("a", "b", "c", "d", "e", "f", "g")
    assert full.shown[2].metrics.structure.comments == 1


def test_lone_comments_rank_last_in_time_order() -> None:
    # post (op): x (lone), y <- z, w (lone), v <- u, t (lone); shown 3 of 5: y, v, then x
    t = thread(
        ("x", None, "ann"),
        ("y", None, "bob"),
        ("z", "y", "cat"),
        ("w", None, "dan"),
        ("v", None, "eve"),
        ("u", "v", "fay"),
        ("s", None, "gus"),
    )
    ranked = rank_conversations(t, 3)
    assert ranked.total == 5
    assert [c.top_level_id for c in ranked.shown] == ["y", "v", "x"]
    assert [c.top_level_id for c in rank_conversations(t).shown] == ["y", "v", "x", "w", "s"]
    assert rank_conversations(t, 1).shown[0].top_level_id == "y"


@pytest.mark.parametrize("author", ["ann", "op", None])
@pytest.mark.parametrize("creator", ["op", None])
def test_a_lone_comment_scores_zero_whatever_it_says(
    author: str | None, creator: str | None
) -> None:
    # No reply: no amount, no answer back, and v1 gives a thread without replies 0. The ranking
    # relies on it to leave lone comments unmeasured.
    lone = thread(("q", None, author), creator=creator)
    asking = {"q": replace(signal("why", "bread"), is_question=True)}
    for scored in (score_conversations(lone), score_conversations(lone, asking, text_metrics)):
        (only,) = scored
        assert (only.score.score, only.score.category) == (0.0, BROADCAST)


def test_the_checkpoint_runs_before_each_measured_conversation() -> None:
    calls: list[int] = []

    def checkpoint() -> None:
        calls.append(1)
        if len(calls) == 2:
            raise TimeoutError("budget spent")

    with pytest.raises(TimeoutError):
        rank_conversations(THREAD, checkpoint=checkpoint)
    assert len(calls) == 2
