"""Comparison results → response models."""

from __future__ import annotations

from dataclasses import asdict

from app.comparison import ComparisonResult
from app.schemas_compare import (
    CompareOut,
    GroupComparisonOut,
    GroupOverviewOut,
    OverviewOut,
    PairOut,
    StratumOut,
    SummaryOut,
)
from db.aggregates import GroupTotals
from stats import Comparison, GroupSummary


def summary_out(summary: GroupSummary) -> SummaryOut:
    return SummaryOut(
        n=summary.n,
        mean=summary.mean,
        median=summary.median,
        ci_low=summary.ci_low,
        ci_high=summary.ci_high,
    )


def _groups(comparison: Comparison, totals: dict[str, GroupTotals]) -> list[GroupComparisonOut]:
    return [
        GroupComparisonOut(
            group=group,
            threads=totals[group].threads if group in totals else summary.n,
            comments=totals[group].comments if group in totals else None,
            summary=summary_out(summary),
        )
        for group, summary in comparison.groups.items()
    ]


def _pairs(comparison: Comparison) -> list[PairOut]:
    return [PairOut(**asdict(pair)) for pair in comparison.pairs]


def compare_out(result: ComparisonResult) -> CompareOut:
    request, comparison = result.request, result.comparison
    return CompareOut(
        by=request.selection.by.value,
        metric=request.metric,
        window=request.selection.window,
        graph="reconstructed",
        confidence=comparison.confidence,
        resamples=comparison.resamples,
        seed=comparison.seed,
        groups=_groups(comparison, result.totals),
        pairs=_pairs(comparison),
        warnings=list(comparison.warnings),
        unsupported=list(result.unsupported),
        caveats=list(result.caveats),
        strata=[
            StratumOut(
                label=stratum.label,
                groups=_groups(stratum.comparison, {}),
                pairs=_pairs(stratum.comparison),
                warnings=list(stratum.comparison.warnings),
            )
            for stratum in result.strata
        ],
    )


def overview_out(
    by: str,
    totals: dict[str, GroupTotals],
    summaries: dict[str, dict[str, GroupSummary]],
    resamples: int,
    seed: int,
    confidence: float,
) -> OverviewOut:
    return OverviewOut(
        by=by,
        confidence=confidence,
        resamples=resamples,
        seed=seed,
        groups=[
            GroupOverviewOut(
                group=group,
                threads=total.threads,
                comments=total.comments,
                metrics={m: summary_out(s) for m, s in summaries.get(group, {}).items()},
            )
            for group, total in totals.items()
        ],
    )
