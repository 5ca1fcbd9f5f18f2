"""Percentile bootstrap: intervals reasoned out by hand, reproducibility, batching."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as scipy_stats  # type: ignore[import-untyped]  # scipy ships no stubs

from stats import bootstrap
from stats.bootstrap import difference_interval, mean_interval, percentile_interval


def test_percentile_interval_of_0_to_100() -> None:
    # 101 evenly spaced estimates 0..100: the 5% and 95% quantiles sit exactly on 5 and 95.
    estimates = np.arange(101, dtype=np.float64)
    assert percentile_interval(estimates, 0.90) == pytest.approx((5.0, 95.0))


def test_mean_interval_of_two_threads() -> None:
    # Resampling [0, 1] twice gives means 0 (p = 1/4), 0.5 (1/2) or 1 (1/4). Of 2000 resamples
    # about 500 are 0 and 500 are 1, far more than the 50 that the 2.5% tails hold, so the
    # 95% interval runs from 0 to 1.
    assert mean_interval([0.0, 1.0], 2000, 0, 0.95) == (0.0, 1.0)


def test_constant_values_have_a_zero_width_interval() -> None:
    interval = mean_interval([4.0, 4.0, 4.0], 200, 0, 0.95)
    assert interval == pytest.approx((4.0, 4.0))


def test_fewer_than_two_threads_have_no_interval() -> None:
    assert mean_interval([3.0], 100, 0, 0.95) is None
    assert mean_interval([], 100, 0, 0.95) is None
    assert difference_interval([1.0, 2.0], [3.0], 100, 0, 0.95) is None


def test_same_seed_same_interval_other_seed_other_interval() -> None:
    values = [float(v % 17) for v in range(60)]
    first = mean_interval(values, 500, 11, 0.95)
    assert first == mean_interval(values, 500, 11, 0.95)
    assert first != mean_interval(values, 500, 12, 0.95)


def test_difference_interval_of_separated_groups() -> None:
    # Every resampled mean of [10, 11, 12] lies in 10..12 and of [0, 1, 2] in 0..2,
    # so every resampled difference lies in 8..12 and so does the interval.
    low, high = difference_interval([10.0, 11.0, 12.0], [0.0, 1.0, 2.0], 1000, 0, 0.95) or (0, 0)
    assert 8.0 <= low < 10.0 < high <= 12.0  # the observed difference 10 is inside


def test_batches_cover_every_resample(monkeypatch: pytest.MonkeyPatch) -> None:
    # 10 cells per batch with 4 threads: batches of 2 resamples, the last one partial.
    monkeypatch.setattr(bootstrap, "_CELLS_PER_BATCH", 10)
    means = bootstrap.resampled_means([0.0, 1.0, 2.0, 3.0], 5, np.random.default_rng(0))
    assert means.shape == (5,)
    # a mean of 4 draws from 0..3 is a whole number of quarters between 0 and 3
    assert all(0 <= m <= 3 and (m * 4).is_integer() for m in means)


@pytest.mark.parametrize(("resamples", "confidence"), [(0, 0.95), (100, 1.0), (100, 0.0)])
def test_invalid_settings_are_refused(resamples: int, confidence: float) -> None:
    with pytest.raises(ValueError, match=r"resamples|confidence"):
        mean_interval([1.0, 2.0], resamples, 0, confidence)


def test_draws_are_the_generators_index_stream_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    # scipy.stats.bootstrap draws the resamples; whatever its batches, resample r must be the
    # r-th row of len(values) indices from the generator, so that a seed keeps giving the
    # same intervals. 7 cells per batch with 3 threads: batches of 2 resamples.
    monkeypatch.setattr(bootstrap, "_CELLS_PER_BATCH", 7)
    values = np.array([1.0, 10.0, 100.0])
    means = bootstrap.resampled_means(list(values), 5, np.random.default_rng(9))
    rows = np.random.default_rng(9).integers(0, 3, size=(5, 3))
    assert means.tolist() == values[rows].mean(axis=1).tolist()


@pytest.mark.parametrize("confidence", [0.95, 0.9, 0.5])
def test_interval_is_scipys_percentile_interval(confidence: float) -> None:
    # The same draws through scipy's own percentile interval: equal up to the last bits, where
    # scipy.stats.quantile and numpy.quantile round differently.
    values = [float(v * v % 23) for v in range(50)]
    ours = mean_interval(values, 800, 5, confidence, key="tiktok")
    theirs = scipy_stats.bootstrap(
        (np.asarray(values),),
        np.mean,
        n_resamples=800,
        method="percentile",
        confidence_level=confidence,
        rng=bootstrap.group_rng(5, "tiktok"),
    ).confidence_interval
    assert ours == pytest.approx((theirs.low, theirs.high), rel=1e-12)
