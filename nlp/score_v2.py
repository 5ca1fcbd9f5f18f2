"""The Dialogue Score v2: how much real dialogue a section holds, then how dense it is.

v1 (nlp/score.py) is a weighted mean of shares: it measures density only, so a five-comment
reply chain outranks a large section holding several real discussions, which readers rank the
other way round. v2 adds the rubric's presence and amount (docs/methodology.md §3):

    score = 100 × (w_a·amount + w_b·back_and_forth + w_d·density) / Σ w of computable parts

* amount = n / (n + AMOUNT_HALF), n = substantive replies (replies without the text step);
* back_and_forth = e / (e + EXCHANGES_HALF), e = the cues of answering back: answered replies
  plus genuine exchanges (all exchanges without the text step) plus the exchanges inferred on
  platforms that flatten replies; left out, its weight renormalised away, when no author is
  known;
* density = the v1 score / 100, reported as v1's own components, each weighted w_d × its v1
  weight, so every contribution is listed and they sum to the score.

The weights, the two half-saturation points and the category thresholds were chosen on the
development half of bench/validation only (`python -m bench.validation.fit`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from nlp.presence import PresenceMetrics
from nlp.results import DialogueScore, ScoreComponent, ThreadMetrics
from nlp.score import BROADCAST, CONVERSATIONAL, DELIBERATIVE, REACTIVE, score_components
from nlp.text_metrics import TextMetrics

SCORE_VERSION: Final = 2
AMOUNT: Final = "amount"
BACK_AND_FORTH: Final = "back_and_forth"


@dataclass(frozen=True, slots=True)
class Weights:
    amount: float
    back_and_forth: float
    density: float
    amount_half: float  # substantive replies at which `amount` is 0.5
    exchanges_half: float  # cues of answering back at which `back_and_forth` is 0.5


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The rubric's levels as counts (docs/methodology.md §3, categories)."""

    conversational_cues: int  # "A says, B answers, A or others respond", seen at least this often
    replies_without_authors: int  # no author known: this many substantive replies converse
    deliberative_replies: int  # a discussion this large, with answers answered, deliberates
    deliberative_exchanges: int  # "several multi-turn exchanges" …
    deliberative_participants: int  # … "among several participants"


WEIGHTS: Final = Weights(
    amount=0.55, back_and_forth=0.30, density=0.15, amount_half=10.0, exchanges_half=2.0
)
THRESHOLDS: Final = Thresholds(
    conversational_cues=1,
    replies_without_authors=4,
    deliberative_replies=15,
    deliberative_exchanges=3,
    deliberative_participants=5,
)


@dataclass(frozen=True, slots=True)
class Amounts:
    """The counts v2 reads, with the text step or without it. None: no author is known."""

    replies: int  # substantive replies, or every reply without the text step
    cues: int | None  # answered replies + genuine exchanges + inferred exchanges
    exchanges: int | None  # genuine exchanges (every exchange without the text step)
    participants: int | None  # people taking a turn in those exchanges


def amounts_of(
    metrics: ThreadMetrics, text: TextMetrics | None, presence: PresenceMetrics
) -> Amounts:
    with_text = text is not None and presence.substantive_replies is not None
    if with_text:
        replies = presence.substantive_replies
        exchanges = presence.genuine_exchanges
        participants = presence.genuine_exchange_participants
        answered = presence.answered_replies or 0
    else:
        replies = metrics.structure.replies
        exchanges = presence.exchange_count
        participants = presence.exchange_participants
        answered = 0  # needs the text step; the exchanges stand in for it
    cues = None if exchanges is None else answered + exchanges + (presence.inferred_exchanges or 0)
    return Amounts(replies=replies or 0, cues=cues, exchanges=exchanges, participants=participants)


def dialogue_score_v2(
    metrics: ThreadMetrics,
    text: TextMetrics | None,
    presence: PresenceMetrics,
    weights: Weights = WEIGHTS,
    thresholds: Thresholds = THRESHOLDS,
) -> DialogueScore:
    """Score and categorise a thread from its Metrics v1, text metrics and presence counts."""
    found = amounts_of(metrics, text, presence)
    amount = found.replies / (found.replies + weights.amount_half)
    back_and_forth = (
        None if found.cues is None else found.cues / (found.cues + weights.exchanges_half)
    )
    available = weights.amount + weights.density
    available += 0.0 if back_and_forth is None else weights.back_and_forth
    components = [
        _part(AMOUNT, amount, weights.amount / available),
        _part(BACK_AND_FORTH, back_and_forth, weights.back_and_forth / available),
    ]
    density_share = weights.density / available
    for part in score_components(metrics, text):
        components.append(
            ScoreComponent(
                part.name,
                part.value,
                density_share * part.weight,
                density_share * part.contribution,
            )
        )
    score = min(100.0, max(0.0, math.fsum(c.contribution for c in components)))
    return DialogueScore(
        score=score,
        category=category_v2(found, thresholds),
        components=tuple(components),
        score_version=SCORE_VERSION,
    )


def category_v2(found: Amounts, thresholds: Thresholds = THRESHOLDS) -> str:
    """broadcast: nobody says anything back; reactive: replies, but one-shot;
    conversational: someone answers an answer (a reply answered, an exchange, an inferred one);
    deliberative: several exchanges among several participants, or a large discussion in which
    answers get answered.

    Without author ids no answer back can be told from a new reply, so the amount of
    substantive replies decides alone.
    """
    if found.replies == 0:
        return BROADCAST
    if found.cues is None:
        if found.replies >= thresholds.deliberative_replies:
            return DELIBERATIVE
        if found.replies >= thresholds.replies_without_authors:
            return CONVERSATIONAL
        return REACTIVE
    several = (found.exchanges or 0) >= thresholds.deliberative_exchanges and (
        found.participants or 0
    ) >= thresholds.deliberative_participants
    answered_back = found.cues >= thresholds.conversational_cues
    if several or (answered_back and found.replies >= thresholds.deliberative_replies):
        return DELIBERATIVE
    return CONVERSATIONAL if answered_back else REACTIVE


def _part(name: str, value: float | None, weight: float) -> ScoreComponent:
    if value is None:
        return ScoreComponent(name, None, 0.0, 0.0)
    return ScoreComponent(name, value, weight, 100 * weight * value)
