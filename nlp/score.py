"""The Dialogue Score: one 0-100 number for "do these comments talk to each other?".

The score is a weighted mean of shares in [0, 1], times 100. Structural shares (who answers
whom) are discounted by the substantive share of replies, because a reply that is only a tag,
an emoji or "lol" is structure without dialogue; text shares reward replies that take up the
words they answer and questions that get answered. A share that cannot be computed (None) is
left out and the other weights are renormalised: missing data never counts as "no dialogue".
docs/methodology.md gives the reason and source of every weight and threshold.
"""

from __future__ import annotations

import math
from typing import Final

from nlp.results import DialogueScore, ScoreComponent, ThreadMetrics
from nlp.text_metrics import TextMetrics

SCORE_VERSION: Final = 1

BROADCAST: Final = "broadcast"
REACTIVE: Final = "reactive"
CONVERSATIONAL: Final = "conversational"
DELIBERATIVE: Final = "deliberative"

# Lowest score of each category (see category_of for the conditions that come with them).
REACTIVE_FROM: Final = 10.0
CONVERSATIONAL_FROM: Final = 30.0
DELIBERATIVE_FROM: Final = 50.0
MIN_BACK_AND_FORTH: Final = 3  # turns, A -> B -> A: the smallest exchange that is answered back
DELIBERATIVE_UPTAKE: Final = 0.5  # share of replies taking up words of the comment they answer

# Base weights; they sum to 1. Structural ones are discounted by the substantive reply share.
STRUCTURE_WEIGHTS: Final = {
    "reply_share": 0.10,
    "response_rate": 0.15,
    "dyadic_share": 0.10,
    "exchange_comment_share": 0.15,
    "reentry_rate": 0.10,
    "creator_reply_share": 0.05,
}
TEXT_WEIGHTS: Final = {
    "uptake_reply_share": 0.20,
    "answered_question_share": 0.15,
}
WEIGHTS: Final = {**STRUCTURE_WEIGHTS, **TEXT_WEIGHTS}
# A factor on the structural components, not a term of the mean: listed with weight 0 so the
# response shows whether the discount could be applied.
SUBSTANTIVE_REPLIES: Final = "substantive_reply_share"


def dialogue_score_of(metrics: ThreadMetrics, text: TextMetrics | None) -> DialogueScore:
    """Score a thread from its Metrics v1 and, when the text step ran, its text metrics.

    A thread without replies scores 0: re-entry alone, without anybody answering anybody, is
    repeated broadcasting.
    """
    components = score_components(metrics, text)
    # The contributions are the score; the clamp only trims floating-point error at the ends.
    score = min(100.0, max(0.0, math.fsum(c.contribution for c in components)))
    return DialogueScore(
        score=score,
        category=category_of(score, metrics, text),
        components=components,
        score_version=SCORE_VERSION,
    )


def score_components(
    metrics: ThreadMetrics, text: TextMetrics | None
) -> tuple[ScoreComponent, ...]:
    """The score's parts, in WEIGHTS order, then the substantive reply share (weight 0)."""
    values = _component_values(metrics, text)
    substantive = substantive_reply_share(text)
    discount = 1.0 if substantive is None else substantive
    available = sum(WEIGHTS[name] for name, value in values.items() if value is not None)
    components = []
    for name, value in values.items():
        if value is None:
            components.append(ScoreComponent(name, None, 0.0, 0.0))
            continue
        weight = WEIGHTS[name] / available
        factor = discount if name in STRUCTURE_WEIGHTS else 1.0
        points = 100 * weight * value * factor if metrics.structure.replies else 0.0
        components.append(ScoreComponent(name, value, weight, points))
    components.append(ScoreComponent(SUBSTANTIVE_REPLIES, substantive, 0.0, 0.0))
    return tuple(components)


def substantive_reply_share(text: TextMetrics | None) -> float | None:
    """Share of replies that say something (not low-content, not tag-only), when known."""
    if text is None or text.reply_low_content_share is None:
        return None
    return 1.0 - text.reply_low_content_share


def category_of(score: float, metrics: ThreadMetrics, text: TextMetrics | None) -> str:
    """broadcast < 10 <= reactive; conversational from 30 with at least one back-and-forth of
    3 turns; deliberative from 50 when, besides, half the replies take up their parent's words.

    Without author ids a back-and-forth cannot be seen, so such threads stop at reactive.
    """
    if score < REACTIVE_FROM:
        return BROADCAST
    turns = metrics.interaction.longest_back_and_forth
    if score < CONVERSATIONAL_FROM or turns is None or turns < MIN_BACK_AND_FORTH:
        return REACTIVE
    uptake = None if text is None else text.uptake_reply_share
    if score >= DELIBERATIVE_FROM and uptake is not None and uptake >= DELIBERATIVE_UPTAKE:
        return DELIBERATIVE
    return CONVERSATIONAL


def _component_values(metrics: ThreadMetrics, text: TextMetrics | None) -> dict[str, float | None]:
    """Each weighted component's share, in WEIGHTS order; None where it cannot be computed."""
    return {
        "reply_share": metrics.structure.reply_share,
        "response_rate": metrics.structure.response_rate,
        "dyadic_share": metrics.interaction.dyadic_share,
        "exchange_comment_share": metrics.interaction.exchange_comment_share,
        "reentry_rate": metrics.interaction.reentry_rate,
        "creator_reply_share": metrics.interaction.creator_reply_share,
        "uptake_reply_share": None if text is None else text.uptake_reply_share,
        "answered_question_share": None if text is None else text.answered_question_share,
    }
