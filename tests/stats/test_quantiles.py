"""Median, quartiles and the bootstrap interval of the median, reasoned out by hand."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as scipy_stats  # type: ignore[import-untyped]  # scipy ships no stubs

from stats import quantiles
from stats.bootstrap import group_rng
from stats.quantiles import Distribution, distribution


def test_quartiles_of_one_to_four() -> None:
    # numpy's linear percentiles over sorted 1,2,3,4 sit at positions 0.75, 1.5 and 2.25:
    # q1 = 1 + 0.75 * (2 - 1) = 1.75, median = 2.5, q3 = 3 + 0.25 * (4 - 3) = 3.25
    d = distribution([4.0, 1.0, 3.0, 2.0])
    assert (d.n, d.q1, d.median, d.q3) == (4, 1.75, 2.5, 3.25)


def test_quartiles_of_three_values() -> None:
    # sorted 1,3,5: positions 0.5, 1, 1.5 -> 2, 3, 4
    d = distribution([5.0, 1.0, 3.0])
    assert (d.q1, d.median, d.q3) == (2.0, 3.0, 4.0)


def test_no_value_has_nothing_to_describe() -> None:
    assert distribution([], confidence=0.9) == Distribution(
        n=0, median=None, q1=None, q3=None, ci_low=None, ci_high=None, confidence=0.9
    )


def test_one_value_has_quartiles_but_no_interval() -> None:
    assert distribution([7.0]) == Distribution(
        n=1, median=7.0, q1=7.0, q3=7.0, ci_low=None, ci_high=None, confidence=0.95
    )


def test_median_interval_of_two_threads() -> None:
    # Resampling [0, 1] twice gives medians 0 (p = 1/4), 0.5 (1/2) or 1 (1/4): about 500 of
    # 2000 at each end, far more than the 50 each 2.5% tail holds, so the interval is 0..1.
    d = distribution([0.0, 1.0])
    assert (d.ci_low, d.ci_high) == (0.0, 1.0)


def test_the_interval_is_of_the_median_not_the_mean() -> None:
    # Nine 0s and one 100: a resampled median leaves 0 only when at least 5 of the 10 draws
    # are the 100, p = 0.0016, about 3 of 2000 resamples, well inside the 2.5% upper tail
    # (50 resamples). The interval of the mean would reach far above 0.
    d = distribution([0.0] * 9 + [100.0])
    assert (d.median, d.ci_low, d.ci_high) == (0.0, 0.0, 0.0)
    assert d.q3 == 0.0  # position 6.75 of ten sorted values, still among the 0s


def test_identical_values_have_a_zero_width_interval() -> None:
    d = distribution([4.0, 4.0, 4.0], resamples=200)
    assert (d.ci_low, d.ci_high) == (4.0, 4.0)


def test_interval_holds_the_median_within_the_values() -> None:
    values = [float(v % 13) for v in range(40)]
    d = distribution(values, resamples=500)
    assert d.median == 6.0  # 40 values: 0..12 three times each and 0 once more; middle ones 6
    assert d.ci_low is not None
    assert d.ci_high is not None
    assert 0.0 <= d.ci_low <= d.median <= d.ci_high <= 12.0


def test_same_seed_and_key_same_interval_other_key_or_seed_other_interval() -> None:
    values = [float(v % 17) + v / 100 for v in range(60)]
    first = distribution(values, resamples=500, seed=3, key="tiktok/ann")
    assert first == distribution(values, resamples=500, seed=3, key="tiktok/ann")
    interval = (first.ci_low, first.ci_high)
    other_key = distribution(values, resamples=500, seed=3, key="tiktok/bob")
    other_seed = distribution(values, resamples=500, seed=4, key="tiktok/ann")
    assert (other_key.ci_low, other_key.ci_high) != interval
    assert (other_seed.ci_low, other_seed.ci_high) != interval


def test_batches_cover_every_resample(monkeypatch: pytest.MonkeyPatch) -> None:
    # 10 cells per batch with 4 threads: batches of 2 resamples, the last one partial.
    monkeypatch.setattr(quantiles, "_CELLS_PER_BATCH", 10)
    data = np.array([0.0, 1.0, 2.0, 3.0])
    medians = quantiles.resampled_medians(data, 5, np.random.default_rng(0))
    assert medians.shape == (5,)
    # a median of 4 draws from 0..3 is the mean of two of them: a whole number of halves
    assert all(0 <= m <= 3 and (m * 2).is_integer() for m in medians)


@pytest.mark.parametrize(("resamples", "confidence"), [(0, 0.95), (100, 1.0), (100, 0.0)])
def test_invalid_settings_are_refused(resamples: int, confidence: float) -> None:
    with pytest.raises(ValueError, match=r"resamples|confidence"):
        distribution([1.0, 2.0], resamples, 0, confidence)


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_non_finite_values_are_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="finite"):
        distribution([1.0, bad])


def test_medians_are_of_the_generators_index_stream_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As for means (test_bootstrap): resample r is the r-th row of indices from the generator,
    # whatever scipy's batches (7 cells with 3 threads: 2 resamples per batch).
    monkeypatch.setattr(quantiles, "_CELLS_PER_BATCH", 7)
    data = np.array([1.0, 10.0, 100.0])
    medians = quantiles.resampled_medians(data, 5, np.random.default_rng(9))
    rows = np.random.default_rng(9).integers(0, 3, size=(5, 3))
    assert medians.tolist() == np.median(data[rows], axis=1).tolist()


def test_median_interval_is_scipys_percentile_interval() -> None:
    # The same draws through scipy's own percentile interval of the median: equal up to the
    # last bits, where scipy.stats.quantile and numpy.quantile round differently.
    values = [float(v % 17) + v / 100 for v in range(60)]
    d = distribution(values, resamples=700, seed=2, confidence=0.9, key="tiktok/ann")
    theirs = scipy_stats.bootstrap(
        (np.asarray(values),),
        np.median,
        n_resamples=700,
        method="percentile",
        confidence_level=0.9,
        rng=group_rng(2, "tiktok/ann"),
    ).confidence_interval
    assert (d.ci_low, d.ci_high) == pytest.approx((theirs.low, theirs.high), rel=1e-12)
