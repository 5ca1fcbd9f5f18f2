"""Mann–Whitney U against hand computations and scipy.stats.mannwhitneyu (method="auto")."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import mannwhitneyu  # type: ignore[import-untyped]  # scipy ships no stubs

from stats.tests import mann_whitney


def test_exact_p_of_two_separated_pairs() -> None:
    # [1, 2] vs [3, 4]: U1 = 0, U2 = 4. Of the C(4, 2) = 6 equally likely orderings only one
    # gives U = 4, so P(U >= 4) = 1/6 and the two-sided p = 2/6.
    result = mann_whitney([1, 2], [3, 4])
    assert (result.u, result.method) == (0.0, "exact")
    assert result.p_value == pytest.approx(1 / 3)


def test_asymptotic_p_with_a_tie_by_hand() -> None:
    # [1, 2] vs [2, 3]: ranks 1, 2.5 | 2.5, 4 -> R1 = 3.5, U1 = 3.5 - 3 = 0.5, U2 = 3.5
    # a tie of 2: t^3 - t = 6;  var = 2*2/12 * ((4 + 1) - 6 / (4*3)) = 1/3 * 4.5 = 1.5
    # z = (3.5 - 2 - 0.5) / sqrt(1.5);  two-sided p = erfc(z / sqrt 2) ≈ 0.414
    result = mann_whitney([1, 2], [2, 3])
    assert (result.u, result.method) == (0.5, "asymptotic")
    z = 1 / math.sqrt(1.5)
    assert result.p_value == pytest.approx(math.erfc(z / math.sqrt(2)))


def test_all_values_tied_gives_p_one() -> None:
    # No arrangement of identical values is more extreme than another.
    assert mann_whitney([3, 3, 3], [3, 3]).p_value == 1.0
    assert mannwhitneyu([3, 3, 3], [3, 3]).pvalue == 1.0


def test_empty_group_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one value"):
        mann_whitney([1.0], [])


@pytest.mark.parametrize(
    ("first", "second", "method"),
    [
        ([0.1, 0.5, 0.9, 1.3], [0.2, 1.1, 1.7, 2.2, 2.9], "exact"),
        ([1, 2, 2, 3, 5], [2, 3, 3, 4, 6, 6], "asymptotic"),  # ties
        ([float(v) for v in range(8)], [v + 0.5 for v in range(4, 40)], "exact"),  # 8 vs 36
        ([float(v) for v in range(9)], [v + 0.5 for v in range(4, 40)], "asymptotic"),  # 9 vs 36
    ],
)
def test_matches_scipy(first: list[float], second: list[float], method: str) -> None:
    ours, theirs = mann_whitney(first, second), mannwhitneyu(first, second)
    assert ours.method == method
    assert ours.u == theirs.statistic
    assert ours.p_value == pytest.approx(float(theirs.pvalue), rel=1e-9)


def test_matches_scipy_on_large_tied_samples() -> None:
    rng = random.Random(7)
    first = [rng.randint(0, 20) for _ in range(400)]
    second = [rng.randint(5, 25) for _ in range(300)]
    ours, theirs = mann_whitney(first, second), mannwhitneyu(first, second)
    assert ours.method == "asymptotic"
    assert ours.p_value == pytest.approx(float(theirs.pvalue), rel=1e-9)
    assert ours.p_value < 1e-6  # far in the tail, where erfc must stay accurate


small = st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=12)
# distinct values split into two non-empty groups: no ties anywhere
split_without_ties = st.lists(
    st.floats(0, 100, allow_nan=False), min_size=2, max_size=16, unique=True
).flatmap(lambda pool: st.integers(1, len(pool) - 1).map(lambda k: (pool[:k], pool[k:])))


@settings(max_examples=150)
@given(small, small)
def test_matches_scipy_with_ties(first: list[int], second: list[int]) -> None:
    ours, theirs = mann_whitney(first, second), mannwhitneyu(first, second)
    assert ours.u == theirs.statistic
    assert ours.p_value == pytest.approx(float(theirs.pvalue), rel=1e-9)


@settings(max_examples=150)
@given(split_without_ties)
def test_matches_scipy_without_ties(split: tuple[list[float], list[float]]) -> None:
    first, second = split
    ours, theirs = mann_whitney(first, second), mannwhitneyu(first, second)
    assert ours.method == ("exact" if min(len(first), len(second)) <= 8 else "asymptotic")
    assert ours.p_value == pytest.approx(float(theirs.pvalue), rel=1e-9)
