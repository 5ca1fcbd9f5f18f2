"""One group of threads described: size, mean, median and a bootstrap interval of the mean."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from stats.bootstrap import check_settings, mean_interval


@dataclass(frozen=True, slots=True)
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
    values: Sequence[float], resamples: int = 2000, seed: int = 0, confidence: float = 0.95
) -> GroupSummary:
    """Summary of one value per thread, the interval from resampling threads with `seed`."""
    check_values(values)
    check_settings(resamples, confidence)
    interval = mean_interval(values, resamples, seed, confidence)
    return GroupSummary(
        n=len(values),
        mean=statistics.fmean(values) if values else None,
        median=float(statistics.median(values)) if values else None,
        ci_low=interval[0] if interval else None,
        ci_high=interval[1] if interval else None,
        confidence=confidence,
    )
