"""The Dialogue Score v2 on drawn threads, worked out by hand, and its categories."""

from __future__ import annotations

import math

import pytest

from nlp.analyze import SCORE_VERSION as STAMPED
from nlp.analyze import analyze_thread
from nlp.results import DialogueScore
from nlp.score import BROADCAST, CONVERSATIONAL, DELIBERATIVE, REACTIVE, dialogue_score_of
from nlp.score_v2 import (
    AMOUNT,
    BACK_AND_FORTH,
    SCORE_VERSION,
    THRESHOLDS,
    Amounts,
    category_v2,
)
from nlp.thread import Thread
from tests.nlp.threads import chain, thread


def score_of(t: Thread) -> DialogueScore:
    score = analyze_thread(t).score
    assert score is not None
    return score


# post (op)
# └── c0 ann
#     └── c1 bob
#         └── c2 ann
#             └── c3 bob
CHAIN = chain(4)


def test_worked_chain_structure_only() -> None:
    # Without the text step every reply counts: 3 replies -> amount 3 / (3 + 10).
    # One exchange c0-c1-c2-c3 (ann, bob, 4 turns) is the one cue of answering back (answered
    # replies need the text step) -> back-and-forth 1 / (1 + 2).
    # Density: the v1 score of the chain / 100. All parts computable: weights 0.55, 0.30, 0.15.
    t = CHAIN
    result = score_of(t)
    v1 = dialogue_score_of(analyze_thread(t).metrics, None).score
    expected = 100 * (0.55 * 3 / 13 + 0.30 * 1 / 3) + 0.15 * v1
    assert result.score == pytest.approx(expected)
    assert result.score_version == SCORE_VERSION == 2
    parts = {c.name: c for c in result.components}
    assert parts[AMOUNT].value == pytest.approx(3 / 13)
    assert parts[AMOUNT].contribution == pytest.approx(100 * 0.55 * 3 / 13)
    assert parts[BACK_AND_FORTH].value == pytest.approx(1 / 3)
    assert math.fsum(c.contribution for c in result.components) == pytest.approx(result.score)
    assert math.fsum(c.weight for c in result.components) == pytest.approx(1.0)
    # Someone answered an answer (the exchange), but 3 replies are no large discussion and one
    # exchange between two people is not several among several.
    assert result.category == CONVERSATIONAL


def test_no_replies_is_zero_and_broadcast() -> None:
    result = score_of(thread(("a", None, "ann"), ("b", None, "bob")))
    assert result.score == 0.0
    assert result.category == BROADCAST


def test_unknown_authors_leave_the_back_and_forth_out() -> None:
    # post (unknown creator)
    # └── a  ?
    #     └── b  ?      one reply: amount 1/11; no author, so no exchange can be seen
    t = thread(("a", None, None), ("b", "a", None), creator=None)
    result = score_of(t)
    parts = {c.name: c for c in result.components}
    assert parts[BACK_AND_FORTH].value is None
    assert parts[BACK_AND_FORTH].weight == 0.0
    # Weights renormalised over amount (0.55) and density (0.15).
    assert parts[AMOUNT].weight == pytest.approx(0.55 / 0.70)
    assert math.fsum(c.weight for c in result.components) == pytest.approx(1.0)


def test_a_large_section_with_exchanges_outranks_a_small_chain() -> None:
    # The shape v1 got wrong: 5 chains like CHAIN under one post (20 comments, 15 replies, 5
    # exchanges) against one 4-comment chain. v1 scores both the same (same shares).
    rows: list[tuple[str, str | None, str | None]] = []
    for k in range(5):
        a, b = f"p{k}", f"q{k}"
        rows += [(f"{k}c0", None, a), (f"{k}c1", f"{k}c0", b), (f"{k}c2", f"{k}c1", a)]
        rows.append((f"{k}c3", f"{k}c2", b))
    large = thread(*rows)
    assert dialogue_score_of(analyze_thread(large).metrics, None).score == pytest.approx(
        dialogue_score_of(analyze_thread(CHAIN).metrics, None).score
    )
    assert score_of(large).score > score_of(CHAIN).score + 20
    # 5 exchanges among 10 people: several exchanges among several participants.
    assert score_of(large).category == DELIBERATIVE


@pytest.mark.parametrize(
    ("replies", "cues", "exchanges", "participants", "expected"),
    [
        (0, None, None, None, BROADCAST),
        (0, 0, 0, 0, BROADCAST),
        (3, None, None, None, REACTIVE),  # no authors: the amount decides
        (4, None, None, None, CONVERSATIONAL),
        (15, None, None, None, DELIBERATIVE),
        (30, 0, 0, 0, REACTIVE),  # many one-shot replies: nobody answers an answer
        (1, 1, 0, 0, CONVERSATIONAL),  # one answer answered
        (14, 2, 1, 2, CONVERSATIONAL),  # not yet a large discussion
        (15, 1, 0, 0, DELIBERATIVE),  # a large discussion in which answers get answered
        (5, 3, 3, 4, CONVERSATIONAL),  # three exchanges, but among too few people
        (5, 3, 3, 5, DELIBERATIVE),  # several exchanges among several participants
    ],
)
def test_category_thresholds(
    replies: int, cues: int | None, exchanges: int | None, participants: int | None, expected: str
) -> None:
    found = Amounts(replies=replies, cues=cues, exchanges=exchanges, participants=participants)
    assert category_v2(found, THRESHOLDS) == expected


def test_the_analysis_stamps_the_version_it_names() -> None:
    assert score_of(CHAIN).score_version == STAMPED
