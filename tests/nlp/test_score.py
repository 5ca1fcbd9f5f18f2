"""The Dialogue Score on small drawn threads, worked out by hand, and its properties."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.analyze import analyze_thread
from nlp.results import ThreadMetrics
from nlp.score import (
    BROADCAST,
    CONVERSATIONAL,
    DELIBERATIVE,
    REACTIVE,
    SCORE_VERSION,
    SUBSTANTIVE_REPLIES,
    WEIGHTS,
    category_of,
    dialogue_score_of,
    score_components,
)
from nlp.text_metrics import TextMetrics
from nlp.thread import Thread
from tests.nlp.threads import comment, thread

# post (op)
# ├── a  ann  "great bread recipe?"      a question
# │   ├── b  bob  "the recipe needs rye"  takes up "recipe"; answers ann's question
# │   │   └── c  ann  "rye bread then"    takes up "rye": ann, bob, ann is a back-and-forth
# │   └── d  cat  "lol"                   low-content
# └── e  dan  "nice"
WORKED = thread(
    comment("a", None, "ann", 1, "great bread recipe?"),
    comment("b", "a", "bob", 2, "the recipe needs rye"),
    comment("c", "b", "ann", 3, "rye bread then"),
    comment("d", "a", "cat", 4, "lol"),
    comment("e", None, "dan", 5, "nice"),
)
# By hand, over the replies b, c, d: d is low-content (1/3); b and c take up words (2/3);
# the one question (a) is answered by bob (1/1).
WORKED_TEXT = TextMetrics(
    question_share=1 / 5,
    answered_question_share=1.0,
    tag_only_share=0.0,
    low_content_share=1 / 5,  # d "lol"
    lexical_uptake=None,
    uptake_reply_share=2 / 3,
    mean_tokens=None,
    reply_low_content_share=1 / 3,
)


def metrics_of(t: Thread) -> ThreadMetrics:
    return analyze_thread(t).metrics


def contributions(t: Thread, text: TextMetrics | None) -> dict[str, float]:
    return {c.name: c.contribution for c in dialogue_score_of(metrics_of(t), text).components}


def test_worked_example() -> None:
    result = dialogue_score_of(metrics_of(WORKED), WORKED_TEXT)
    # Structural parts are discounted by the substantive reply share 1 - 1/3 = 2/3.
    # reply_share 3/5; response_rate 1/2 (a answered, e not); dyadic_share 1/4 (pairs ann-op,
    # bob-ann, cat-ann, dan-op; only ann-bob both ways); exchange_comment_share 3/5 (a, b, c);
    # reentry_rate 1/4 (ann of ann, bob, cat, dan); creator_reply_share 0/3.
    assert contributions(WORKED, WORKED_TEXT) == pytest.approx(
        {
            "reply_share": 100 * 0.10 * 3 / 5 * 2 / 3,  # 4.0
            "response_rate": 100 * 0.15 * 1 / 2 * 2 / 3,  # 5.0
            "dyadic_share": 100 * 0.10 * 1 / 4 * 2 / 3,  # 1.667
            "exchange_comment_share": 100 * 0.15 * 3 / 5 * 2 / 3,  # 6.0
            "reentry_rate": 100 * 0.10 * 1 / 4 * 2 / 3,  # 1.667
            "creator_reply_share": 0.0,
            "uptake_reply_share": 100 * 0.20 * 2 / 3,  # 13.333
            "answered_question_share": 100 * 0.15 * 1.0,  # 15.0
            SUBSTANTIVE_REPLIES: 0.0,  # a factor, not a term
        }
    )
    assert result.score == pytest.approx(46 + 2 / 3)
    assert result.category == CONVERSATIONAL  # >= 30 with a 3-turn back-and-forth, < 50
    assert result.score_version == SCORE_VERSION
    substantive = next(c for c in result.components if c.name == SUBSTANTIVE_REPLIES)
    assert substantive.value == pytest.approx(2 / 3)
    assert substantive.weight == 0.0


def test_unknown_creator_leaves_creator_share_out_and_renormalises() -> None:
    result = dialogue_score_of(metrics_of(replace(WORKED, creator=None)), WORKED_TEXT)
    creator = next(c for c in result.components if c.name == "creator_reply_share")
    assert (creator.value, creator.weight, creator.contribution) == (None, 0.0, 0.0)
    # Without op, dyadic_share = 1/2 (bob-ann both ways, cat-ann not); other weights / 0.95.
    dyadic = next(c for c in result.components if c.name == "dyadic_share")
    assert dyadic.weight == pytest.approx(0.10 / 0.95)
    assert dyadic.contribution == pytest.approx(100 * 0.10 / 0.95 * 1 / 2 * 2 / 3)
    assert sum(c.weight for c in result.components) == pytest.approx(1.0)


def test_unknown_authors_leave_author_components_out() -> None:
    # WORKED without any author id (as from the TikTok Research API); the text step cannot
    # tell who answered a question, so answered_question_share is unknown too.
    anonymous = replace(WORKED, comments=tuple(replace(c, author=None) for c in WORKED.comments))
    text = replace(WORKED_TEXT, answered_question_share=None)
    result = dialogue_score_of(metrics_of(anonymous), text)
    computable = {c.name: c.weight for c in result.components if c.value is not None}
    # Left: reply_share 0.10 and uptake 0.20 (and the weight-0 factor); renormalised by 0.30.
    assert computable == pytest.approx(
        {"reply_share": 1 / 3, "uptake_reply_share": 2 / 3, SUBSTANTIVE_REPLIES: 0.0}
    )
    # 100 * (1/3 * 3/5 * 2/3 + 2/3 * 2/3) = 13.333 + 44.444
    assert result.score == pytest.approx(100 * (1 / 3 * 3 / 5 * 2 / 3 + 2 / 3 * 2 / 3))
    assert result.category == REACTIVE  # >= 30, but no back-and-forth can be seen


def test_without_text_the_score_is_structural_and_undiscounted() -> None:
    result = dialogue_score_of(metrics_of(WORKED), None)
    missing = {c.name for c in result.components if c.value is None}
    assert missing == {"uptake_reply_share", "answered_question_share", SUBSTANTIVE_REPLIES}
    # 100 * (0.10*3/5 + 0.15*1/2 + 0.10*1/4 + 0.15*3/5 + 0.10*1/4 + 0.05*0) / 0.65
    #     = 100 * 0.275 / 0.65
    assert result.score == pytest.approx(100 * 0.275 / 0.65)


def test_no_replies_scores_zero_even_with_reentry() -> None:
    # post (op) <- a ann, b bob, c ann: ann comes back (re-entry 1/2), but nobody answers
    flat = thread(("a", None, "ann"), ("b", None, "bob"), ("c", None, "ann"))
    metrics = metrics_of(flat)
    assert metrics.interaction.reentry_rate == 0.5
    result = dialogue_score_of(metrics, None)
    assert (result.score, result.category) == (0.0, BROADCAST)
    assert all(c.contribution == 0.0 for c in result.components)


def test_empty_thread_is_broadcast() -> None:
    result = dialogue_score_of(metrics_of(thread()), None)
    assert (result.score, result.category) == (0.0, BROADCAST)


@pytest.mark.parametrize(
    ("score", "turns", "uptake", "expected"),
    [
        (9.99, 5, 1.0, BROADCAST),
        (10.0, None, None, REACTIVE),
        (29.99, 5, 1.0, REACTIVE),
        (30.0, 2, 1.0, REACTIVE),  # no reply was answered back
        (30.0, 3, 1.0, CONVERSATIONAL),
        (49.99, 3, 1.0, CONVERSATIONAL),
        (50.0, 3, 0.49, CONVERSATIONAL),  # replies mostly ignore what they answer
        (50.0, 3, None, CONVERSATIONAL),  # uptake unknown: not shown to be deliberative
        (50.0, 3, 0.5, DELIBERATIVE),
        (90.0, None, 1.0, REACTIVE),  # no author ids: a back-and-forth cannot be seen
    ],
)
def test_category_thresholds(
    score: float, turns: int | None, uptake: float | None, expected: str
) -> None:
    worked = metrics_of(WORKED)
    metrics = replace(worked, interaction=replace(worked.interaction, longest_back_and_forth=turns))
    assert category_of(score, metrics, replace(WORKED_TEXT, uptake_reply_share=uptake)) == expected


# A tiny stand-in for the text step, so thread edits move the text metrics the way real text
# would: "lol", "🔥" and "@…" are low-content; "?" ends a question; words shared with the
# parent are uptake.
LOW = frozenset({"lol", "🔥"})
TEXTS = ("lol", "🔥", "@ann", "bread?", "rye bread", "recipe?", "rye recipe", "nice cake")


def fake_text_step(t: Thread) -> TextMetrics:
    by_id = {c.id: c for c in t.comments}
    replies = [c for c in t.comments if c.reply_to is not None]
    questions = [c for c in t.comments if c.text.endswith("?")]
    low = [c for c in t.comments if c.text in LOW or c.text.startswith("@")]

    def words(text: str) -> set[str]:
        return set(text.rstrip("?").split()) - LOW

    def share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    answered = sum(
        any(r.reply_to == q.id and r.author not in (None, q.author) for r in replies)
        for q in questions
    )
    uptake = sum(bool(words(r.text) & words(by_id[r.reply_to].text)) for r in replies if r.reply_to)
    return TextMetrics(
        question_share=share(len(questions), len(t.comments)),
        answered_question_share=share(answered, len(questions)),
        tag_only_share=share(sum(c.text.startswith("@") for c in t.comments), len(t.comments)),
        low_content_share=share(len(low), len(t.comments)),
        lexical_uptake=None,
        uptake_reply_share=share(uptake, len(replies)),
        mean_tokens=None,
        reply_low_content_share=share(sum(c in low for c in replies), len(replies)),
    )


def score(t: Thread) -> float:
    return dialogue_score_of(metrics_of(t), fake_text_step(t)).score


def test_fake_text_step_matches_the_hand_values() -> None:
    assert fake_text_step(WORKED) == WORKED_TEXT


@pytest.mark.parametrize(
    "base",
    [
        # post (op) <- a ann "great bread recipe?", e dan "nice": nobody answers yet
        thread(WORKED.comments[0], WORKED.comments[4]),
        # WORKED without b and c: only cat's "lol" answers ann
        thread(*(c for c in WORKED.comments if c.id not in {"b", "c"})),
    ],
)
def test_a_genuine_exchange_raises_the_score(base: Thread) -> None:
    # add a <- b bob "the recipe needs rye" <- c ann "rye bread then"
    exchange = (
        comment("b", "a", "bob", 6, "the recipe needs rye"),
        comment("c", "b", "ann", 7, "rye bread then"),
    )
    assert score(replace(base, comments=base.comments + exchange)) > score(base)


def test_tags_and_emoji_instead_of_words_lower_the_score() -> None:
    # WORKED with b "@ann" and c "🔥": same tree, but no uptake and 3/3 low-content replies
    hollow = {"b": "@ann", "c": "🔥"}
    tagged = replace(
        WORKED, comments=tuple(replace(c, text=hollow.get(c.id, c.text)) for c in WORKED.comments)
    )
    assert score(tagged) < score(WORKED)


@st.composite
def threads(draw: st.DrawFn) -> Thread:
    """Random trees: comment i replies to one of comments 0..i-1 or to the post."""
    n = draw(st.integers(0, 12))
    rows = []
    for i in range(n):
        parent = draw(st.integers(-1, i - 1))
        author = draw(st.sampled_from(["op", "ann", "bob", "cat", None]))
        text = draw(st.sampled_from(TEXTS))
        rows.append(comment(f"c{i}", f"c{parent}" if parent >= 0 else None, author, i, text))
    return thread(*rows, creator=draw(st.sampled_from(["op", None])))


shares = st.none() | st.floats(0.0, 1.0)


@settings(max_examples=300)
@given(
    t=threads(),
    text=st.none() | st.builds(TextMetrics, *[shares] * 7, reply_low_content_share=shares),
)
def test_score_is_bounded_and_the_sum_of_its_contributions(
    t: Thread, text: TextMetrics | None
) -> None:
    result = dialogue_score_of(metrics_of(t), text)
    assert 0.0 <= result.score <= 100.0
    assert sum(c.contribution for c in result.components) == pytest.approx(result.score, abs=1e-9)
    assert all(c.value is None or 0.0 <= c.value <= 1.0 for c in result.components)


@settings(max_examples=300)
@given(t=threads(), extra=st.lists(st.tuples(st.booleans(), st.sampled_from(TEXTS)), max_size=5))
def test_more_one_off_top_level_comments_never_raise_the_score(
    t: Thread, extra: list[tuple[bool, str]]
) -> None:
    # Each added comment is top-level, unanswered, by a newcomer or an unknown author.
    start = len(t.comments)
    broadcasts = tuple(
        comment(f"x{i}", None, f"new{i}" if known else None, start + i, text)
        for i, (known, text) in enumerate(extra)
    )
    assert score(replace(t, comments=t.comments + broadcasts)) <= score(t) + 1e-9


def test_score_components_are_the_scores_parts() -> None:
    # WORKED without the text step (hand values in the test above): structural parts only,
    # renormalised by 0.65; creator_reply_share is 0/3.
    parts = score_components(metrics_of(WORKED), None)
    assert [c.name for c in parts] == [*WEIGHTS, SUBSTANTIVE_REPLIES]
    assert parts[0].contribution == pytest.approx(100 * 0.10 / 0.65 * 3 / 5)  # reply_share
    assert parts == dialogue_score_of(metrics_of(WORKED), None).components
