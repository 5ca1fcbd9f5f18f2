"""Percentile bootstrap over threads: whole threads are resampled with replacement.

A thread is the unit of observation (one value per thread), so resampling threads keeps the
comments of one thread together. Every interval is drawn from a fresh generator seeded by the
caller: the same values, seed and number of resamples always give the same interval.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

# Resampled values held in memory at once; batches keep large groups from exhausting memory.
_CELLS_PER_BATCH = 2_000_000


def check_settings(resamples: int, confidence: float) -> None:
    """Raise ValueError unless there is at least one resample and 0 < confidence < 1."""
    if resamples < 1:
        raise ValueError(f"resamples must be at least 1, got {resamples}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence}")


def resampled_means(
    values: Sequence[float], resamples: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    """The means of `resamples` samples of len(values) threads drawn with replacement."""
    data = np.asarray(values, dtype=np.float64)
    per_batch = max(1, _CELLS_PER_BATCH // data.size)
    means = np.empty(resamples, dtype=np.float64)
    for start in range(0, resamples, per_batch):
        stop = min(resamples, start + per_batch)
        picks = rng.integers(0, data.size, size=(stop - start, data.size))
        means[start:stop] = data[picks].mean(axis=1)
    return means


def percentile_interval(estimates: NDArray[np.float64], confidence: float) -> tuple[float, float]:
    """The central `confidence` share of the estimates (linearly interpolated quantiles)."""
    tail = (1 - confidence) / 2
    low, high = np.quantile(estimates, [tail, 1 - tail])
    return float(low), float(high)


def mean_interval(
    values: Sequence[float], resamples: int, seed: int, confidence: float
) -> tuple[float, float] | None:
    """Percentile bootstrap interval of the mean; None for fewer than 2 threads."""
    check_settings(resamples, confidence)
    if len(values) < 2:
        return None
    means = resampled_means(values, resamples, np.random.default_rng(seed))
    return percentile_interval(means, confidence)


def difference_interval(
    first: Sequence[float], second: Sequence[float], resamples: int, seed: int, confidence: float
) -> tuple[float, float] | None:
    """Percentile bootstrap interval of mean(first) - mean(second), each group resampled on its own.

    None when either group has fewer than 2 threads: a single thread has no spread to resample.
    """
    check_settings(resamples, confidence)
    if len(first) < 2 or len(second) < 2:
        return None
    rng = np.random.default_rng(seed)
    differences = resampled_means(first, resamples, rng) - resampled_means(second, resamples, rng)
    return percentile_interval(differences, confidence)
