"""What an analysis returns: the repaired reply tree's integrity report and the thread's metrics.

Field names are part of Parley's public API (they appear in responses and as stored columns).
"""

from __future__ import annotations

from dataclasses import dataclass, field

METRIC_VERSION = 1


@dataclass(frozen=True, slots=True)
class Integrity:
    """What had to be repaired or set aside to build a well-formed reply tree; never silent."""

    orphans: int = 0  # replies whose parent is not in the thread: made top-level
    self_replies: int = 0  # comments naming themselves as parent: made top-level
    cycles_broken: int = 0  # reply cycles, each broken at its earliest comment
    duplicates_collapsed: int = 0  # exact repeats of a comment, kept once
    unknown_author_comments: int = 0  # comments without a known author (null, "[deleted]")
    self_loops: int = 0  # replies to one's own comment: kept, never counted as reciprocity
    missing_timestamps: int = 0  # comments without created_at
    order_basis: str = "timestamps"  # "timestamps" or "input_order" when any timestamp is missing


@dataclass(frozen=True, slots=True)
class ThreadMetrics:
    """Metrics v1. None means "cannot be computed here"; `unavailable` says why."""

    # structure
    comments: int
    top_level: int
    replies: int
    authors: int
    reply_share: float | None
    response_rate: float | None
    max_depth: int
    mean_depth: float | None
    max_width: int
    h_index: int
    structural_virality: float | None
    # interaction
    dyadic_pairs: int | None
    dyadic_share: float | None
    reciprocity: float | None
    exchange_comment_share: float | None
    longest_back_and_forth: int | None
    reentry_rate: float | None
    creator_reply_share: float | None
    participation_gini: float | None
    unavailable: dict[str, str] = field(default_factory=dict)
    metric_version: int = METRIC_VERSION


@dataclass(frozen=True, slots=True)
class PlacedComment:
    """A comment's place in the repaired tree: its effective parent and depth (top-level = 1)."""

    id: str
    parent: str | None
    depth: int


@dataclass(frozen=True, slots=True)
class ThreadAnalysis:
    metrics: ThreadMetrics
    integrity: Integrity
    tree_order: tuple[PlacedComment, ...]  # pre-order walk, siblings in time (or input) order
