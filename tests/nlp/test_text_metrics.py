"""Thread text metrics on small drawn threads, signals given by hand (no pipeline needed)."""

from __future__ import annotations

import pytest

from nlp.results import CommentSignals
from nlp.structure import NO_COMMENTS
from nlp.text_metrics import (
    NO_CONTENT_REPLY,
    NO_KNOWN_ASKER,
    NO_QUESTION,
    MissingSignals,
    text_metrics,
)
from nlp.tree import build_reply_tree
from tests.nlp.threads import thread


def said(
    *lemmas: str,
    question: bool = False,
    tag_only: bool = False,
    tokens: int | None = None,
    language: str = "en",
) -> CommentSignals:
    return CommentSignals(
        language=language,
        tokens=len(lemmas) if tokens is None else tokens,
        mentions=(),
        hashtags=(),
        urls=(),
        emoji=(),
        is_question=question,
        is_tag_only=tag_only,
        is_low_content=not lemmas,
        content_lemmas=frozenset(lemmas),
    )


# post (op)
# ├── a  ann   "cat food brand?"          question, answered by bob (b)
# │   ├── b  bob   "brand cat"            2 lemmas, both in a: uptake 2/2
# │   │   └── c  ann  "shop"              1 lemma, not in b: uptake 0/1
# │   └── d  ann   "" (tag only)          no lemma: not a content reply
# ├── e  cat   "price?"                   question, only answered by cat herself (f)
# │   └── f  cat   "price shop city"      3 lemmas, "price" in e: uptake 1/3
# └── g  [deleted] "why?"                 question without a known author
TREE = build_reply_tree(
    thread(
        ("a", None, "ann"),
        ("b", "a", "bob"),
        ("c", "b", "ann"),
        ("d", "a", "ann"),
        ("e", None, "cat"),
        ("f", "e", "cat"),
        ("g", None, "[deleted]"),
    )
)
SIGNALS = {
    "a": said("cat", "food", "brand", question=True),
    "b": said("brand", "cat"),
    "c": said("shop", language="de"),
    "d": said(tag_only=True, tokens=1),
    "e": said("price", question=True),
    "f": said("price", "shop", "city"),
    "g": said(question=True, tokens=1, language="xx"),
}


def test_shares_over_comments() -> None:
    metrics = text_metrics(TREE, SIGNALS)
    assert metrics.question_share == pytest.approx(3 / 7)  # a, e, g
    assert metrics.tag_only_share == pytest.approx(1 / 7)  # d
    assert metrics.low_content_share == pytest.approx(2 / 7)  # d, g
    # tokens 3 + 2 + 1 + 1 + 1 + 3 + 1 = 12
    assert metrics.mean_tokens == pytest.approx(12 / 7)
    assert metrics.languages == {"en": 5, "de": 1, "xx": 1}


def test_low_content_share_among_replies_only() -> None:
    # replies: b, c, d, f; only d (tag only) has no content word -> 1/4.
    # (g is low-content too, but top-level, so it does not count here.)
    assert text_metrics(TREE, SIGNALS).reply_low_content_share == pytest.approx(1 / 4)


def test_reply_low_content_share_needs_replies() -> None:
    flat = build_reply_tree(thread(("a", None, "ann"), ("b", None, "bob")))
    metrics = text_metrics(flat, {"a": said("cat"), "b": said()})
    assert metrics.reply_low_content_share is None
    assert metrics.unavailable["reply_low_content_share"] == "no replies"


def test_answered_questions_need_another_known_author() -> None:
    # Questions with a known author: a (answered by bob), e (only cat answers herself): 1/2.
    metrics = text_metrics(TREE, SIGNALS)
    assert metrics.answered_question_share == pytest.approx(1 / 2)
    assert "answered_question_share" not in metrics.unavailable


def test_lexical_uptake_over_content_replies() -> None:
    # Content replies b, c, f (d has no lemma; a, e, g answer the post):
    # uptake (2/2 + 0/1 + 1/3) / 3 = (4/3) / 3 = 4/9; with any uptake: b, f = 2/3.
    metrics = text_metrics(TREE, SIGNALS)
    assert metrics.lexical_uptake == pytest.approx(4 / 9)
    assert metrics.uptake_reply_share == pytest.approx(2 / 3)


def test_empty_thread_has_no_metric() -> None:
    metrics = text_metrics(build_reply_tree(thread()), {})
    assert metrics.question_share is None
    assert metrics.mean_tokens is None
    assert metrics.lexical_uptake is None
    assert metrics.languages == {}
    assert set(metrics.unavailable) == {
        "question_share",
        "answered_question_share",
        "tag_only_share",
        "low_content_share",
        "lexical_uptake",
        "uptake_reply_share",
        "mean_tokens",
        "reply_low_content_share",
    }
    assert set(metrics.unavailable.values()) == {NO_COMMENTS}


def test_reasons_without_questions_or_content_replies() -> None:
    # post
    # └── a  ann  "nice video"
    #     └── b  bob  "" (emoji only)   a reply, but without a content lemma
    tree = build_reply_tree(thread(("a", None, "ann"), ("b", "a", "bob")))
    metrics = text_metrics(tree, {"a": said("nice", "video"), "b": said(tag_only=True)})
    assert metrics.answered_question_share is None
    assert metrics.unavailable["answered_question_share"] == NO_QUESTION
    assert metrics.lexical_uptake is None
    assert metrics.uptake_reply_share is None
    assert metrics.unavailable["lexical_uptake"] == NO_CONTENT_REPLY
    assert metrics.question_share == 0.0


def test_questions_without_known_authors() -> None:
    # post
    # └── a  [deleted] "why?"
    #     └── b  bob  "because"   answers, but nobody knows who asked
    tree = build_reply_tree(thread(("a", None, "[deleted]"), ("b", "a", "bob")))
    metrics = text_metrics(tree, {"a": said(question=True), "b": said("because")})
    assert metrics.answered_question_share is None
    assert metrics.unavailable["answered_question_share"] == NO_KNOWN_ASKER
    # b's one lemma is not in a's (none): uptake 0/1, no reply with uptake.
    assert metrics.lexical_uptake == 0.0
    assert metrics.uptake_reply_share == 0.0


def test_missing_signals_are_named() -> None:
    tree = build_reply_tree(thread(("a", None, "ann"), ("b", "a", "bob")))
    with pytest.raises(MissingSignals) as raised:
        text_metrics(tree, {"a": said("hello")})
    assert raised.value.ids == ("b",)
