"""The distribution of one value per thread: median, quartiles and a bootstrap interval of the
median.

The median and quartiles describe a skewed group (a creator's Dialogue Scores, say) better than
the mean. The interval resamples whole threads, seeded like every other interval here
(stats.bootstrap.group_rng): the same values, seed, key and resamples give the same interval.
The resampling is scipy.stats.bootstrap's and the percentile numpy's, for the reasons given in
stats.bootstrap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from stats.bootstrap import (
    check_settings,
    group_rng,
    percentile_interval,
    resampled_statistic,
)
from stats.summary import check_values

# Resampled values held in memory at once, as in stats.bootstrap: batches keep large groups
# from exhausting memory.
_CELLS_PER_BATCH = 2_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class Distribution:
    """None means "cannot be computed": no value (median, quartiles) or fewer than 2
    (interval)."""

    n: int
    median: float | None
    q1: float | None
    q3: float | None
    ci_low: float | None
    ci_high: float | None
    confidence: float


def resampled_medians(
    values: NDArray[np.float64], resamples: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    """The medians of `resamples` samples of len(values) threads drawn with replacement
    (scipy.stats.bootstrap, as stats.bootstrap draws means)."""
    return resampled_statistic(values, np.median, resamples, rng, _CELLS_PER_BATCH)


def distribution(
    values: Sequence[float],
    resamples: int = 2000,
    seed: int = 0,
    confidence: float = 0.95,
    key: str = "",
) -> Distribution:
    """Median and quartiles (numpy's linear percentiles) of one value per thread, with the
    percentile bootstrap interval of the median drawn with group_rng(seed, key)."""
    check_values(values)
    check_settings(resamples, confidence)
    if not values:
        return Distribution(
            n=0, median=None, q1=None, q3=None, ci_low=None, ci_high=None, confidence=confidence
        )
    data = np.asarray(values, dtype=np.float64)
    q1, median, q3 = (float(q) for q in np.percentile(data, [25, 50, 75]))
    interval = (
        percentile_interval(resampled_medians(data, resamples, group_rng(seed, key)), confidence)
        if data.size >= 2
        else None
    )
    return Distribution(
        n=data.size,
        median=median,
        q1=q1,
        q3=q3,
        ci_low=interval[0] if interval else None,
        ci_high=interval[1] if interval else None,
        confidence=confidence,
    )
