"""One group of threads described: size, mean, median and a bootstrap interval of the mean."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from stats.bootstrap import bootstrap_means, check_settings, percentile_interval


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupSummary:
    """None means "cannot be computed": no thread (mean, median) or fewer than 2 (interval)."""

    n: int
    mean: float | None
    median: float | None
    ci_low: float | None
    ci_high: float | None
    confidence: float


def check_values(values: Sequence[float]) -> None:
    """Raise ValueError on NaN or infinite values: they have no place in a mean or a rank."""
    bad = [v for v in values if not math.isfinite(v)]
    if bad:
        raise ValueError(f"values must be finite numbers; got {bad[:3]}")


def summarise(
    values: Sequence[float],
    resamples: int = 2000,
    seed: int = 0,
    confidence: float = 0.95,
    key: str = "",
) -> GroupSummary:
    """Summary of one value per thread, the interval from resampling threads with `seed` (and
    the group's name `key`, as a comparison does)."""
    check_values(values)
    check_settings(resamples, confidence)
    return summary_from_means(values, bootstrap_means(values, resamples, seed, key), confidence)


def summary_from_means(
    values: Sequence[float], means: NDArray[np.float64] | None, confidence: float
) -> GroupSummary:
    """Summary of one value per thread, given its resampled means (None: no interval)."""
    interval = None if means is None else percentile_interval(means, confidence)
    return GroupSummary(
        n=len(values),
        mean=statistics.fmean(values) if values else None,
        median=float(statistics.median(values)) if values else None,
        ci_low=interval[0] if interval else None,
        ci_high=interval[1] if interval else None,
        confidence=confidence,
    )
