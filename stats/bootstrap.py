"""Percentile bootstrap over threads: whole threads are resampled with replacement.

A thread is the unit of observation (one value per thread), so resampling threads keeps the
comments of one thread together. Every interval is drawn from a fresh generator seeded by the
caller: the same values, seed and number of resamples always give the same interval.
"""

from __future__ import annotations

import zlib
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


def group_rng(seed: int, key: str) -> np.random.Generator:
    """The generator a group resamples with: from the caller's seed and the group's name, so
    that two groups never draw the same index stream (that would pair independent groups)."""
    return np.random.default_rng([seed, zlib.crc32(key.encode("utf-8"))])


def bootstrap_means(
    values: Sequence[float], resamples: int, seed: int, key: str = ""
) -> NDArray[np.float64] | None:
    """The group's resampled means (None for fewer than 2 threads: nothing to resample).

    A comparison draws them once per group and uses them for the group's own interval and
    for the interval of every difference it takes part in.
    """
    if len(values) < 2:
        return None
    return resampled_means(values, resamples, group_rng(seed, key))


def mean_interval(
    values: Sequence[float], resamples: int, seed: int, confidence: float, key: str = ""
) -> tuple[float, float] | None:
    """Percentile bootstrap interval of the mean; None for fewer than 2 threads."""
    check_settings(resamples, confidence)
    means = bootstrap_means(values, resamples, seed, key)
    return None if means is None else percentile_interval(means, confidence)


def difference_interval(
    first: Sequence[float],
    second: Sequence[float],
    resamples: int,
    seed: int,
    confidence: float,
    keys: tuple[str, str] = ("first", "second"),
) -> tuple[float, float] | None:
    """Percentile bootstrap interval of mean(first) - mean(second), each group resampled on its own.

    None when either group has fewer than 2 threads: a single thread has no spread to resample.
    """
    check_settings(resamples, confidence)
    a = bootstrap_means(first, resamples, seed, keys[0])
    b = bootstrap_means(second, resamples, seed, keys[1])
    return None if a is None or b is None else percentile_interval(a - b, confidence)
