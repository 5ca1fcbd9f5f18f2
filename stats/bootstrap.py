"""Percentile bootstrap over threads: whole threads are resampled with replacement.

A thread is the unit of observation (one value per thread), so resampling threads keeps the
comments of one thread together. Every interval is drawn from a fresh generator seeded by the
caller: the same values, seed and number of resamples always give the same interval.

How it is computed. scipy.stats.bootstrap does the resampling: it draws len(values) thread
indices per resample from the generator it is given, applies the statistic to every resample in
batches and returns the bootstrap distribution. Two things stay here, because scipy cannot
express them:

* Shared draws (docs/methodology.md §7). A comparison resamples each group once, from the
  group's own stream (group_rng), and the same resampled means give the group's interval and the
  interval of every difference it takes part in. scipy.stats.bootstrap over two samples draws
  both from one generator within the call and returns only its statistic's distribution, so a
  difference would be resampled afresh, a group's draws would depend on which group it is
  compared with, and its interval would disagree with the differences'. So each group's
  distribution comes from its own scipy call, and differences are taken between distributions.
* The percentile itself: numpy.quantile (linear) over a distribution or a difference of two.
  scipy's own interval from the same call uses scipy.stats.quantile, which differs from
  numpy.quantile in the last bits (47 of 144 drawn cases, a few ulps); keeping numpy.quantile
  keeps every interval what it was and takes group and difference intervals the same way.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from stats.scipy_stats import scipy_stats

# Resampled values held in memory at once; batches keep large groups from exhausting memory.
_CELLS_PER_BATCH = 2_000_000


def check_settings(resamples: int, confidence: float) -> None:
    """Raise ValueError unless there is at least one resample and 0 < confidence < 1."""
    if resamples < 1:
        raise ValueError(f"resamples must be at least 1, got {resamples}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence}")


def resampled_statistic(
    data: NDArray[np.float64],
    statistic: Callable[..., Any],
    resamples: int,
    rng: np.random.Generator,
    cells_per_batch: int,
) -> NDArray[np.float64]:
    """`statistic` (vectorised, taking `axis`) of `resamples` samples of data.size threads drawn
    with replacement, by scipy.stats.bootstrap; at most `cells_per_batch` drawn values are held
    at once. Needs at least 2 values (scipy refuses fewer)."""
    result = scipy_stats().bootstrap(
        (data,),
        statistic,
        n_resamples=resamples,
        batch=max(1, cells_per_batch // data.size),
        vectorized=True,
        # percentile: scipy's default BCa would also jackknife every thread, and its interval
        # is not read here anyway (see the module docstring)
        method="percentile",
        rng=rng,
    )
    return np.asarray(result.bootstrap_distribution, dtype=np.float64)


def resampled_means(
    values: Sequence[float], resamples: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    """The means of `resamples` samples of len(values) threads drawn with replacement."""
    data = np.asarray(values, dtype=np.float64)
    return resampled_statistic(data, np.mean, resamples, rng, _CELLS_PER_BATCH)


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
