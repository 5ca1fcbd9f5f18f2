"""What the report is made from: each metric's section, the size control, the creators, the
whole page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from stats.compare import Comparison, SizeStratum


@dataclass(frozen=True, slots=True)
class MetricSection:
    """One metric: its values per thread (for the charts) and their comparison."""

    metric: str
    values: dict[str, tuple[float, ...]]  # group -> one value per thread
    comparison: Comparison
    description: str = ""  # what the metric measures, in a sentence
    by_size: tuple[SizeStratum, ...] = ()  # the same comparison within thread-size strata
    # group -> the comment count of each thread of `values`, in the same order; empty: no chart
    sizes: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # group -> (month its discussion started "YYYY-MM" or "undated", value); empty: no chart
    by_month: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Ranking:
    """The groups by mean on one metric when only threads of some size take part."""

    threads: str  # which threads, e.g. "at least 5 comments"
    in_force: bool  # the selection the rest of the report uses
    means: tuple[tuple[str, float, int], ...]  # (group, mean, threads), highest mean first


@dataclass(frozen=True, slots=True)
class SizeControlNote:
    """The size control in force, why, and how the lead metric's ranking moves without it."""

    statement: str
    why: str = ""
    metric: str = ""  # the metric of `rankings`
    rankings: tuple[Ranking, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class CreatorLine:
    """One creator (an account on one platform) with its community and dialogue measures."""

    name: str  # "<platform>/<handle>"
    threads: int
    commenters: int
    returning_commenters: int
    returning_share: float | None  # returning_commenters / commenters
    core_commenters: int
    scored: int  # threads with a Dialogue Score
    score_median: float | None
    score_ci_low: float | None  # bootstrap interval of the median
    score_ci_high: float | None
    returning_share_missing: str | None = None  # why returning_share is None
    score_missing: str | None = None  # why score_median is None


@dataclass(frozen=True, slots=True, kw_only=True)
class CreatorsPart:
    """The creators compared: who takes part (`scope`, in a sentence) and their lines."""

    scope: str
    min_threads: int  # creators with fewer stored threads are not listed
    returning_min_posts: int  # a returning commenter wrote under at least this many posts
    core_min_posts: int  # a core commenter, under at least this many
    confidence: float  # of the median's interval
    creators: tuple[CreatorLine, ...]


@dataclass(frozen=True, slots=True)
class ReportData:
    title: str
    compared: str  # what was compared, e.g. "YouTube and TikTok threads imported in May 2024"
    generated_at: datetime
    sections: tuple[MetricSection, ...]
    caveats: tuple[str, ...] = ()  # e.g. platforms that cap reply depth
    size_control: SizeControlNote | None = None  # stated near the top when given
    creators: CreatorsPart | None = None  # its section is shown when it lists a creator
    # Where a served report links the threads behind it (a file written offline has none).
    threads_page: str | None = None
