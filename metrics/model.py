"""The vocabulary of the metric registry: what a metric declaration says about a metric."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Group(StrEnum):
    """Where a metric is computed: nlp/structure.py, nlp/interaction.py, nlp/text_metrics.py,
    nlp/presence.py or nlp/score.py."""

    STRUCTURE = "structure"
    INTERACTION = "interaction"
    TEXT = "text"
    PRESENCE = "presence"
    SCORE = "score"


class Role(StrEnum):
    """Sets a metric belongs to besides its group."""

    HEADLINE = "headline"  # summarised per group in /v1/platforms, /v1/tags and overviews
    REPORT = "report"  # gets its own section in the comparison report
    SCORE_COMPONENT = "score_component"  # a weighted component of the Dialogue Score
    DEPTH_BASED = "depth_based"  # only a lower bound where a platform flattens replies
    NEEDS_AUTHORS = "needs_authors"  # null exactly when no comment has a known author


@dataclass(frozen=True, slots=True)
class Metric:
    name: str
    group: Group
    type: type[int] | type[float] | type[str]
    unit: str  # "count", "share" (0..1), "depth", "turns", "words", "gini", "points", "label"
    description: str  # one line, shown in the API schema, the docs and the report
    source: str  # where the definition comes from ("—" for plain counts)
    nullable: bool = True
    roles: frozenset[Role] = frozenset()

    @property
    def numeric(self) -> bool:
        return self.type is not str


# Short names for the declaration tables (metrics/reply_graph.py, metrics/text_and_score.py).
HEADLINE, REPORT, COMPONENT, DEPTH, AUTHORS = (
    Role.HEADLINE,
    Role.REPORT,
    Role.SCORE_COMPONENT,
    Role.DEPTH_BASED,
    Role.NEEDS_AUTHORS,
)
STRUCTURE, INTERACTION, TEXT, PRESENCE, SCORE = Group


def roles(*chosen: Role) -> frozenset[Role]:
    return frozenset(chosen)
