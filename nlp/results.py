"""What an analysis returns: the repaired reply tree's integrity report and the thread's metrics.

Field names are part of Parley's public API (they appear in responses and as stored columns).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from nlp.slots import slot_setters

if TYPE_CHECKING:  # the computing modules import this one: annotations only, no import cycle
    from nlp.interaction import InteractionMetrics
    from nlp.presence import PresenceMetrics
    from nlp.structure import StructureMetrics
    from nlp.text_metrics import TextMetrics

# 2: the presence counts of nlp/presence.py join Metrics v1, whose values are unchanged.
METRIC_VERSION = 2


@dataclass(frozen=True, slots=True)
class Integrity:
    """What had to be repaired or set aside to build a well-formed reply tree; never silent."""

    orphans: int = 0  # replies whose parent is not in the thread: made top-level
    self_replies: int = 0  # comments naming themselves as parent: made top-level
    cycles_broken: int = 0  # reply cycles, each broken at its earliest comment
    duplicates_collapsed: int = 0  # exact repeats of a comment, kept once
    unknown_author_comments: int = 0  # comments without a known author (null, "[deleted]")
    self_loops: int = 0  # replies to one's own comment: kept, never counted as answered back
    missing_timestamps: int = 0  # comments without created_at
    order_basis: str = "timestamps"  # "timestamps" or "input_order" when any timestamp is missing


@dataclass(frozen=True, slots=True)
class ThreadMetrics:
    """Metrics v1, each part where it is computed (nlp/structure.py, nlp/interaction.py). Field
    names are the metric registry's (metrics/registry.py; a test keeps them equal). None means
    "cannot be computed here"; `unavailable` says why."""

    structure: StructureMetrics
    interaction: InteractionMetrics
    metric_version: int = METRIC_VERSION

    @property
    def unavailable(self) -> dict[str, str]:
        return {**self.structure.unavailable, **self.interaction.unavailable}


@dataclass(frozen=True, slots=True, init=False)
class PlacedComment:
    """A comment's place in the repaired tree: its effective parent and depth (top-level = 1)."""

    id: str
    parent: str | None
    depth: int

    def __init__(self, id: str, parent: str | None, depth: int) -> None:
        # One per comment of every thread analysed: set as nlp/slots.py says why.
        _SET_ID(self, id)
        _SET_PARENT(self, parent)
        _SET_DEPTH(self, depth)


_SET_ID, _SET_PARENT, _SET_DEPTH = slot_setters(PlacedComment)


@dataclass(frozen=True, slots=True)
class CommentSignals:
    """What the words of one comment say about dialogue (rule-based; see nlp/signals.py)."""

    language: str  # ISO 639-1 code, or "xx" when unknown
    tokens: int
    mentions: tuple[str, ...]
    hashtags: tuple[str, ...]
    urls: tuple[str, ...]
    emoji: tuple[str, ...]
    is_question: bool
    is_tag_only: bool  # nothing but mentions, emoji, punctuation (and whitespace)
    is_low_content: bool  # no content word, or only interjections (lol, omg, same, first…)
    content_lemmas: frozenset[str]  # alphabetic, not stop words, lower-cased lemmas


@dataclass(frozen=True, slots=True)
class ScoreComponent:
    name: str
    value: float | None  # the component's own measure, 0..1 (None: not computable here)
    weight: float  # its share of the score; weights of computable components are renormalised
    contribution: float  # points it adds to the 0..100 score


@dataclass(frozen=True, slots=True)
class DialogueScore:
    score: float  # 0..100
    category: str  # broadcast | reactive | conversational | deliberative
    components: tuple[ScoreComponent, ...]
    score_version: int


@dataclass(frozen=True, slots=True)
class WindowAnalysis:
    """The measurements of a thread's first `size` comments in time order."""

    size: int
    metrics: ThreadMetrics
    text: TextMetrics | None = None
    score: DialogueScore | None = None
    presence: PresenceMetrics | None = None


@dataclass(frozen=True, slots=True)
class ThreadAnalysis:
    metrics: ThreadMetrics
    integrity: Integrity
    tree_order: tuple[PlacedComment, ...]  # pre-order walk, siblings in time (or input) order
    # Metrics of the platform's own reply graph, when reconstruction re-targeted any reply.
    platform_metrics: ThreadMetrics | None = None
    text: TextMetrics | None = None  # None when the text step was not run
    score: DialogueScore | None = None
    windows: tuple[WindowAnalysis, ...] = ()  # one per window size the thread is large enough for
    presence: PresenceMetrics | None = None  # how much dialogue: counts (nlp/presence.py)
