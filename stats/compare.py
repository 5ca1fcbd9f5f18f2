"""Compare groups of threads (one value per thread) on one metric, overall or by thread size.

Pairs are all unordered pairs of groups in the order the groups are given: (A, B), (A, C), (B, C).
Differences read first minus second. Every interval uses the caller's seed afresh, so a group's
summary equals `summarise(values, resamples, seed)` and a pair's numbers do not depend on which
other groups are compared alongside it.
"""

from __future__ import annotations

import math
import statistics
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field, replace
from itertools import combinations, pairwise

import numpy as np
from numpy.typing import NDArray

from stats.bootstrap import bootstrap_means, check_settings, percentile_interval
from stats.effect import delta_from_u, magnitude
from stats.multiple import holm
from stats.summary import GroupSummary, check_values, summary_from_means
from stats.tests import mann_whitney

EMPTY_GROUP = "a group has no threads"
SINGLE_THREAD = "a group has a single thread, so there is no spread to resample or rank"
# What each reason leaves unset: descriptive measures need a thread per group, inference two.
DESCRIPTIVE_MEASURES = ("difference", "cliffs_delta")
INFERENTIAL_MEASURES = ("difference_ci", "mann_whitney_p", "holm_p")


@dataclass(frozen=True, slots=True)
class PairComparison:
    """first vs second. None means "cannot be computed"; `unavailable` says why."""

    first: str
    second: str
    _: KW_ONLY  # nine optional numbers and labels: by name only
    difference: float | None = None  # mean(first) - mean(second)
    ci_low: float | None = None  # bootstrap interval of the difference
    ci_high: float | None = None
    cliffs_delta: float | None = None  # > 0: first tends to be larger
    magnitude: str | None = None  # negligible | small | medium | large (Romano et al. 2006)
    u_statistic: float | None = None  # Mann–Whitney U of `first`
    p_value: float | None = None  # two-sided Mann–Whitney
    p_method: str | None = None  # exact | asymptotic
    holm_p: float | None = None  # adjusted across every pair of the comparison with a p-value
    unavailable: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Comparison:
    groups: dict[str, GroupSummary]  # in the order given
    pairs: tuple[PairComparison, ...]
    warnings: tuple[str, ...]
    resamples: int
    seed: int
    confidence: float


@dataclass(frozen=True, slots=True)
class SizeStratum:
    """Threads with low <= comments < high, compared within the stratum."""

    label: str  # "10–49", or "1000+" for an open top
    low: int
    high: float  # inf for an open top
    comparison: Comparison


def compare_groups(
    groups: Mapping[str, Sequence[float]],
    *,
    resamples: int = 2000,
    seed: int = 0,
    confidence: float = 0.95,
    min_n_warning: int = 10,
) -> Comparison:
    """Summaries of every group and effect sizes and tests for every pair.

    Raises ValueError on NaN or infinite values, or on invalid resampling settings.
    """
    check_settings(resamples, confidence)
    for values in groups.values():
        check_values(values)
    # Each group is resampled once; its draws serve its own interval and every difference.
    draws = {name: bootstrap_means(v, resamples, seed, name) for name, v in groups.items()}
    summaries = {name: summary_from_means(v, draws[name], confidence) for name, v in groups.items()}
    pairs = [
        _compare_pair(a, b, groups[a], groups[b], draws[a], draws[b], confidence)
        for a, b in combinations(groups, 2)
    ]
    tested = [i for i, pair in enumerate(pairs) if pair.p_value is not None]
    adjusted = holm([pairs[i].p_value or 0.0 for i in tested])
    for i, holm_p in zip(tested, adjusted, strict=True):
        pairs[i] = replace(pairs[i], holm_p=holm_p)
    warnings = tuple(
        f"{name}: {len(values)} thread{'' if len(values) == 1 else 's'}, fewer than "
        f"{min_n_warning}; its estimates are unreliable"
        for name, values in groups.items()
        if len(values) < min_n_warning
    )
    return Comparison(summaries, tuple(pairs), warnings, resamples, seed, confidence)


def _compare_pair(
    first: str,
    second: str,
    a: Sequence[float],
    b: Sequence[float],
    a_means: NDArray[np.float64] | None,
    b_means: NDArray[np.float64] | None,
    confidence: float,
) -> PairComparison:
    if not a or not b:
        reasons = dict.fromkeys(DESCRIPTIVE_MEASURES + INFERENTIAL_MEASURES, EMPTY_GROUP)
        return PairComparison(first, second, unavailable=reasons)
    # One ranking of the pair gives U, its p-value and Cliff's delta; the p-value is reported
    # only where both groups have two threads or more.
    test = mann_whitney(a, b)
    delta = delta_from_u(test.u, len(a), len(b))
    described = PairComparison(
        first,
        second,
        difference=statistics.fmean(a) - statistics.fmean(b),
        cliffs_delta=delta,
        magnitude=magnitude(delta),
    )
    if a_means is None or b_means is None:
        return replace(described, unavailable=dict.fromkeys(INFERENTIAL_MEASURES, SINGLE_THREAD))
    interval = percentile_interval(a_means - b_means, confidence)
    return replace(
        described,
        ci_low=interval[0],
        ci_high=interval[1],
        u_statistic=test.u,
        p_value=test.p_value,
        p_method=test.method,
    )


def size_strata(sizes: Sequence[int], bins: Sequence[float]) -> list[str | None]:
    """The stratum label of each thread size; None for sizes outside the bins.

    `bins` are increasing edges, each bin holding low <= size < high: [1, 10, 50, inf] gives
    "1–9", "10–49" and "50+". Raises ValueError on edges that are not increasing integers
    (the last may be inf).
    """
    labels = stratum_labels(bins)
    placed: list[str | None] = []
    for size in sizes:
        index = bisect_right(bins, size) - 1
        placed.append(labels[index] if 0 <= index < len(labels) else None)
    return placed


def stratum_labels(bins: Sequence[float]) -> list[str]:
    """One label per bin between consecutive edges; see size_strata."""
    if len(bins) < 2:
        raise ValueError("size bins need at least two edges")
    if any(not float(edge).is_integer() for edge in bins[:-1]) or not (
        math.isinf(bins[-1]) or float(bins[-1]).is_integer()
    ):
        raise ValueError(f"size bin edges must be whole numbers (the last may be inf): {bins}")
    if any(high <= low for low, high in pairwise(bins)):
        raise ValueError(f"size bin edges must increase: {bins}")
    return [_label(int(low), high) for low, high in pairwise(bins)]


def _label(low: int, high: float) -> str:
    if math.isinf(high):
        return f"{low}+"
    last = int(high) - 1  # sizes are whole numbers, so the bin ends one below its upper edge
    return str(low) if last == low else f"{low}–{last}"


def stratified_compare(
    values: Mapping[str, Sequence[float]],
    sizes: Mapping[str, Sequence[int]],
    bins: Sequence[float],
    *,
    resamples: int = 2000,
    seed: int = 0,
    confidence: float = 0.95,
    min_n_warning: int = 10,
) -> tuple[SizeStratum, ...]:
    """compare_groups within each size stratum, every group present in every stratum.

    `sizes[name][i]` is the comment count of the thread whose value is `values[name][i]`.
    Threads whose size falls outside the bins are left out. Larger threads tend to have deeper
    trees on any platform, so comparing within a size stratum keeps size from posing as platform.
    """
    if values.keys() != sizes.keys():
        raise ValueError("values and sizes must name the same groups")
    labels = stratum_labels(bins)
    members: dict[str, dict[str, list[float]]] = {
        label: {group: [] for group in values} for label in labels
    }
    for group, group_values in values.items():
        if len(group_values) != len(sizes[group]):
            raise ValueError(f"{group}: {len(group_values)} values but {len(sizes[group])} sizes")
        for value, label in zip(group_values, size_strata(sizes[group], bins), strict=True):
            if label is not None:
                members[label][group].append(value)
    return tuple(
        SizeStratum(
            label=label,
            low=int(low),
            high=high,
            comparison=compare_groups(
                members[label],
                resamples=resamples,
                seed=seed,
                confidence=confidence,
                min_n_warning=min_n_warning,
            ),
        )
        for label, (low, high) in zip(labels, pairwise(bins), strict=True)
    )
