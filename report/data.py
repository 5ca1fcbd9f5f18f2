"""What the report is made from: each metric's section, the size control, the whole page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from stats.compare import Comparison, SizeStratum


@dataclass(frozen=True, slots=True)
class MetricSection:
    """One metric: its values per thread (for the dots) and their comparison."""

    metric: str
    values: dict[str, tuple[float, ...]]  # group -> one value per thread
    comparison: Comparison
    description: str = ""  # what the metric measures, in a sentence
    by_size: tuple[SizeStratum, ...] = ()  # the same comparison within thread-size strata


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


@dataclass(frozen=True, slots=True)
class ReportData:
    title: str
    compared: str  # what was compared, e.g. "YouTube and TikTok threads imported in May 2024"
    generated_at: datetime
    sections: tuple[MetricSection, ...]
    caveats: tuple[str, ...] = ()  # e.g. platforms that cap reply depth
    size_control: SizeControlNote | None = None  # stated near the top when given
