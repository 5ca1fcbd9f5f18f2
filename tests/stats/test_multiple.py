"""Holm–Bonferroni adjustment worked out by hand."""

from __future__ import annotations

import pytest

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
