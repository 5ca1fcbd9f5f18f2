"""Holm–Bonferroni adjustment worked out by hand and checked against Holm's step-down test."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stats.multiple import holm


def test_three_p_values_by_hand() -> None:
    # sorted: 0.01 (rank 1, x3) = 0.03
    #         0.03 (rank 2, x2) = 0.06
    #         0.04 (rank 3, x1) = 0.04, raised to the running maximum 0.06
    # returned in the order given: [0.01, 0.04, 0.03] -> [0.03, 0.06, 0.06]
    assert holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])


def test_adjusted_values_are_capped_at_one() -> None:
    # 0.2 x 3 = 0.6; 0.5 x 2 = 1.0; 0.9 x 1 = 0.9 -> running maximum 1.0
    assert holm([0.9, 0.2, 0.5]) == pytest.approx([1.0, 0.6, 1.0])


def test_single_and_empty_families() -> None:
    assert holm([0.04]) == [0.04]  # one test: nothing to adjust
    assert holm([]) == []


def test_p_values_outside_zero_one_are_refused() -> None:
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        holm([0.5, 1.2])


def rejected_by_step_down(p_values: list[float], alpha: float) -> set[int]:
    """Holm's (1979) test at level alpha: from the smallest p up, reject while
    p_(k) <= alpha / (m - k + 1), k from 1; stop at the first that is not."""
    m = len(p_values)
    rejected: set[int] = set()
    for rank, index in enumerate(sorted(range(m), key=p_values.__getitem__)):
        if (m - rank) * p_values[index] > alpha:  # multiplied, as holm() does: same rounding
            break
        rejected.add(index)
    return rejected


p_values = st.lists(
    st.one_of(st.floats(0, 1), st.sampled_from([0.0, 0.01, 0.02, 0.05, 1.0])), max_size=12
)


@given(p_values, st.floats(0, 1, exclude_max=True))
def test_adjusted_p_at_most_alpha_exactly_where_the_step_down_test_rejects(
    p_values: list[float], drawn_alpha: float
) -> None:
    # The adjusted p-value is the smallest level at which Holm's test rejects: check at a drawn
    # level and at every adjusted value itself (the edge where a rejection starts).
    adjusted = holm(p_values)
    for alpha in [drawn_alpha, *(a for a in adjusted if a < 1)]:
        expected = rejected_by_step_down(p_values, alpha)
        assert {i for i, a in enumerate(adjusted) if a <= alpha} == expected
