"""Response models of the comparison endpoints."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.api.compare.size_control import DEFAULT_MIN_COMMENTS, ControlKind


class SizeControlOut(BaseModel):
    """The control that keeps thread size from posing as platform, in force for this response."""

    kind: ControlKind = Field(
        description="min_comments: only threads at least that large; window: each thread "
        "measured on its first `window` comments; none: every thread, whatever its size."
    )
    min_comments: int = Field(description="Smallest thread size taken (0 or 1: no minimum).")
    default: bool = Field(
        description=f"True when this is the control applied when none is given: at least "
        f"{DEFAULT_MIN_COMMENTS} comments (a listing in id order: none)."
    )
    window: int | None = Field(description="First-K window, when one is used.")
    stratify: bool = Field(description="Also compared within thread-size bins.")
    statement: str = Field(description="The control in force, in words, with how to change it.")
    why: str = Field(description="Why this control, in a sentence.")


class SummaryOut(BaseModel):
    n: int = Field(description="Threads where the metric is computable.")
    mean: float | None
    median: float | None
    ci_low: float | None = Field(description="Bootstrap CI of the mean (resampling threads).")
    ci_high: float | None


class GroupOverviewOut(BaseModel):
    group: str
    threads: int
    comments: int
    metrics: dict[str, SummaryOut] = Field(description="Headline metric → summary.")


class OverviewOut(BaseModel):
    by: str
    size_control: SizeControlOut
    confidence: float
    resamples: int
    seed: int
    groups: list[GroupOverviewOut]
    notes: list[str] = Field(
        description="What the grouping left out and why (by=creator: threads whose creator "
        "was not identified)."
    )


class GroupComparisonOut(BaseModel):
    group: str
    threads: int = Field(description="Threads selected, whether or not the metric is computable.")
    comments: int | None = Field(description="Their comments (not given per size stratum).")
    summary: SummaryOut


class PairOut(BaseModel):
    first: str
    second: str
    difference: float | None = Field(description="mean(first) − mean(second).")
    ci_low: float | None = Field(description="Bootstrap CI of the difference.")
    ci_high: float | None
    cliffs_delta: float | None = Field(description="> 0: first tends to be larger.")
    magnitude: str | None = Field(description="negligible, small, medium or large.")
    u_statistic: float | None
    p_value: float | None = Field(description="Two-sided Mann–Whitney U.")
    p_method: str | None
    holm_p: float | None = Field(description="Holm-adjusted across the pairs.")
    unavailable: dict[str, str]


class StratumOut(BaseModel):
    label: str = Field(description='Thread size bin, e.g. "10–49" comments.')
    groups: list[GroupComparisonOut]
    pairs: list[PairOut]
    warnings: list[str]


class CompareOut(BaseModel):
    by: str
    metric: str
    size_control: SizeControlOut
    window: int | None
    graph: str = Field(description="Always the reconstructed reply graph; see caveats.")
    confidence: float
    resamples: int
    seed: int
    groups: list[GroupComparisonOut]
    pairs: list[PairOut]
    warnings: list[str] = Field(description="e.g. groups with fewer than 10 threads.")
    unsupported: list[str] = Field(description="Where a group cannot support the metric, and why.")
    caveats: list[str]
    strata: list[StratumOut] = Field(description="Size-stratified comparison, when requested.")
