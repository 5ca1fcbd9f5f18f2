"""One group summarised: counts, centre and the bootstrap interval of its mean."""

from __future__ import annotations

import math

import pytest

from stats.summary import summarise


def test_mean_and_median_by_hand() -> None:
    summary = summarise([1.0, 2.0, 6.0])
    assert summary.n == 3
    assert summary.mean == pytest.approx(3.0)  # (1 + 2 + 6) / 3
    assert summary.median == 2.0
    assert summary.confidence == 0.95


def test_interval_contains_the_mean_of_symmetric_data() -> None:
    # -10..10 in steps of 1: symmetric around 0, mean 0
    summary = summarise([float(v) for v in range(-10, 11)], resamples=1000, seed=3)
    assert summary.ci_low is not None
    assert summary.ci_high is not None
    assert summary.ci_low < 0.0 < summary.ci_high
    # and roughly symmetric: a resampled mean's spread is the same on both sides
    assert summary.ci_high == pytest.approx(-summary.ci_low, rel=0.25)


def test_seed_and_resamples_are_used() -> None:
    values = [float(v * v % 13) for v in range(40)]
    assert summarise(values, seed=5) == summarise(values, seed=5)
    assert summarise(values, seed=5) != summarise(values, seed=6)
    assert summarise(values, resamples=300, seed=5) != summarise(values, resamples=301, seed=5)


def test_one_thread_has_no_interval_and_none_has_no_centre() -> None:
    one = summarise([7.0])
    assert (one.n, one.mean, one.median, one.ci_low, one.ci_high) == (1, 7.0, 7.0, None, None)
    empty = summarise([])
    assert (empty.n, empty.mean, empty.median, empty.ci_low) == (0, None, None, None)


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_non_finite_values_are_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="finite"):
        summarise([1.0, bad])
