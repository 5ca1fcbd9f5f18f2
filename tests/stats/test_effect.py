"""Cliff's delta on tiny samples, counted pair by pair."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stats.effect import cliffs_delta, magnitude


def test_cliffs_delta_of_overlapping_triples() -> None:
    # first [1, 2, 3] against second [2, 3, 4], all 9 pairs:
    #   x=1: below 2, 3, 4           -> 0 wins, 3 losses
    #   x=2: ties 2, below 3, 4      -> 0 wins, 2 losses
    #   x=3: above 2, ties 3, below 4 -> 1 win, 1 loss
    # delta = (1 - 6) / 9 = -5/9 ≈ -0.556
    assert cliffs_delta([1, 2, 3], [2, 3, 4]) == pytest.approx(-5 / 9)
    assert cliffs_delta([2, 3, 4], [1, 2, 3]) == pytest.approx(5 / 9)  # swapped: sign flips
    assert magnitude(-5 / 9) == "large"  # |-0.556| >= 0.474


def test_complete_separation_and_identity() -> None:
    assert cliffs_delta([5, 6], [1, 2, 3]) == 1.0  # every x above every y: 6 of 6 pairs
    assert cliffs_delta([1, 1], [1, 1, 1]) == 0.0  # all 6 pairs tied


@pytest.mark.parametrize(
    ("delta", "label"),
    [
        (0.0, "negligible"),
        (0.146, "negligible"),
        (-0.147, "small"),  # the bounds belong to the larger label: |d| < 0.147 is negligible
        (0.329, "small"),
        (0.33, "medium"),
        (-0.473, "medium"),
        (0.474, "large"),
        (-1.0, "large"),
    ],
)
def test_magnitude_thresholds_of_romano_et_al(delta: float, label: str) -> None:
    assert magnitude(delta) == label


def test_empty_group_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one value"):
        cliffs_delta([], [1.0])


values = st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=15)


@given(values, values)
def test_matches_counting_every_pair(first: list[int], second: list[int]) -> None:
    wins = sum(x > y for x in first for y in second)
    losses = sum(x < y for x in first for y in second)
    expected = (wins - losses) / (len(first) * len(second))
    assert cliffs_delta(first, second) == pytest.approx(expected)


def test_equal_to_the_bit_to_counting_pairs_on_large_tied_samples() -> None:
    # Many ties (integers 0..9) and 120,000 pairs: delta from U must equal the pair count
    # divided once, exactly, as it did when pairs were counted.
    rng = np.random.default_rng(4)
    first, second = rng.integers(0, 10, 300), rng.integers(2, 12, 400)
    wins_minus_losses = int(np.sign(first[:, None] - second[None, :]).sum())
    assert cliffs_delta(first.tolist(), second.tolist()) == wins_minus_losses / (300 * 400)
