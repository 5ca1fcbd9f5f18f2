"""Group comparisons and size strata on small hand-worked groups."""

from __future__ import annotations

import math

import pytest

from stats.compare import (
    EMPTY_GROUP,
    SINGLE_THREAD,
    compare_groups,
    size_strata,
    stratified_compare,
    stratum_labels,
)
from stats.multiple import holm
from stats.summary import summarise
from stats.tests import mann_whitney


def test_pairs_in_given_order() -> None:
    groups = {"tiktok": [1.0, 2.0], "youtube": [3.0, 4.0], "reddit": [5.0, 6.0]}
    comparison = compare_groups(groups, resamples=100)
    assert [(p.first, p.second) for p in comparison.pairs] == [
        ("tiktok", "youtube"),
        ("tiktok", "reddit"),
        ("youtube", "reddit"),
    ]
    assert list(comparison.groups) == ["tiktok", "youtube", "reddit"]


def test_one_pair_by_hand() -> None:
    # a [1, 2, 3] vs b [2, 3, 4]
    # difference of means: 2 - 3 = -1;  Cliff's delta -5/9 (see test_effect)
    # ranks of 1 2 2 3 3 4: 1, 2.5, 2.5, 4.5, 4.5, 6 -> R_a = 8, U_a = 8 - 3*4/2 = 2
    # ties of 2 and 2: sum t^3 - t = 12; var = 9/12 * (7 - 12/30) = 4.95
    # U_max = 9 - 2 = 7; z = (7 - 4.5 - 0.5) / sqrt(4.95); p = erfc(z / sqrt 2)
    (pair,) = compare_groups({"a": [1, 2, 3], "b": [2, 3, 4]}, resamples=500).pairs
    assert pair.difference == pytest.approx(-1.0)
    assert pair.cliffs_delta == pytest.approx(-5 / 9)
    assert pair.magnitude == "large"
    assert pair.u_statistic == 2.0
    assert pair.p_method == "asymptotic"
    z = 2 / math.sqrt(4.95)
    assert pair.p_value == pytest.approx(math.erfc(z / math.sqrt(2)))
    assert pair.holm_p == pair.p_value  # a family of one
    assert pair.ci_low is not None
    assert pair.ci_high is not None
    # resampled means: a in 1..3, b in 2..4, so every difference lies in -3..1
    assert -3 <= pair.ci_low < -1 < pair.ci_high <= 1


def test_group_summaries_and_pairs_do_not_depend_on_other_groups() -> None:
    a = [float(v % 7) for v in range(30)]
    b = [float(v % 5) + 1 for v in range(25)]
    two = compare_groups({"a": a, "b": b}, resamples=300, seed=4)
    three = compare_groups({"a": a, "b": b, "c": [1.0, 9.0, 3.0]}, resamples=300, seed=4)
    assert two.groups["a"] == summarise(a, resamples=300, seed=4, key="a")
    assert three.groups["a"] == two.groups["a"]
    first, same = two.pairs[0], three.pairs[0]
    assert (same.ci_low, same.ci_high, same.p_value) == (first.ci_low, first.ci_high, first.p_value)


def test_holm_runs_across_all_tested_pairs() -> None:
    groups = {"a": [1.0, 2.0, 3.0, 4.0], "b": [5.0, 6.0, 7.0, 8.0], "c": [2.5, 3.5, 9.0, 10.0]}
    comparison = compare_groups(groups, resamples=100)
    raw = [mann_whitney(groups[p.first], groups[p.second]).p_value for p in comparison.pairs]
    assert [p.p_value for p in comparison.pairs] == raw
    assert [p.holm_p for p in comparison.pairs] == pytest.approx(holm(raw))


def test_empty_and_single_thread_groups() -> None:
    groups = {"big": [1.0, 2.0, 3.0], "one": [5.0], "none": []}
    comparison = compare_groups(groups, resamples=100, min_n_warning=3)
    big_one, big_none, one_none = comparison.pairs
    # descriptive numbers exist with one thread each side; inference does not
    assert big_one.difference == pytest.approx(2.0 - 5.0)
    assert big_one.cliffs_delta == -1.0  # all three below 5
    assert (big_one.ci_low, big_one.p_value, big_one.holm_p) == (None, None, None)
    assert set(big_one.unavailable.values()) == {SINGLE_THREAD}
    assert "mann_whitney_p" in big_one.unavailable
    for pair in (big_none, one_none):
        assert (pair.difference, pair.cliffs_delta, pair.p_value) == (None, None, None)
        assert set(pair.unavailable.values()) == {EMPTY_GROUP}
    assert comparison.groups["none"].mean is None
    # "big" has exactly min_n_warning threads: no warning
    assert comparison.warnings == (
        "one: 1 thread, fewer than 3; its estimates are unreliable",
        "none: 0 threads, fewer than 3; its estimates are unreliable",
    )


def test_non_finite_values_are_refused() -> None:
    with pytest.raises(ValueError, match="finite"):
        compare_groups({"a": [1.0, math.nan], "b": [1.0, 2.0]})


def test_size_strata_labels_and_placement() -> None:
    bins = [1, 10, 50, 200, 1000, math.inf]
    assert stratum_labels(bins) == ["1–9", "10–49", "50–199", "200–999", "1000+"]
    # 0 is below the first edge; each edge opens its own bin
    assert size_strata([0, 1, 9, 10, 49, 50, 999, 1000, 10**6], bins) == [
        None, "1–9", "1–9", "10–49", "10–49", "50–199", "200–999", "1000+", "1000+",
    ]  # fmt: skip
    assert stratum_labels([5, 6, 8]) == ["5", "6–7"]
    assert size_strata([8], [5, 6, 8]) == [None]  # a closed top edge is excluded


@pytest.mark.parametrize("bins", [[1], [1, 1, 5], [10, 5], [1.5, 10], [1, math.inf, 5]])
def test_bad_bins_are_refused(bins: list[float]) -> None:
    with pytest.raises(ValueError, match="size bin"):
        stratum_labels(bins)


def test_stratified_compare_splits_by_size() -> None:
    # thread sizes    tiktok: 3, 20, 25      youtube: 5, 8, 40
    # stratum 1–9:    tiktok [0.1]           youtube [0.4, 0.5]
    # stratum 10+:    tiktok [0.2, 0.3]      youtube [0.6]
    values = {"tiktok": [0.1, 0.2, 0.3], "youtube": [0.4, 0.5, 0.6]}
    sizes = {"tiktok": [3, 20, 25], "youtube": [5, 8, 40]}
    small, large = stratified_compare(values, sizes, [1, 10, math.inf], resamples=100)
    assert (small.label, small.low, small.high) == ("1–9", 1, 10)
    assert (large.label, large.low, large.high) == ("10+", 10, math.inf)
    assert {g: s.n for g, s in small.comparison.groups.items()} == {"tiktok": 1, "youtube": 2}
    assert {g: s.n for g, s in large.comparison.groups.items()} == {"tiktok": 2, "youtube": 1}
    assert small.comparison.pairs[0].difference == pytest.approx(0.1 - 0.45)
    assert large.comparison.pairs[0].difference == pytest.approx(0.25 - 0.6)


def test_stratified_compare_checks_its_inputs() -> None:
    with pytest.raises(ValueError, match="same groups"):
        stratified_compare({"a": [1.0]}, {"b": [3]}, [1, 10])
    with pytest.raises(ValueError, match="1 values but 2 sizes"):
        stratified_compare({"a": [1.0]}, {"a": [3, 4]}, [1, 10])


def test_groups_are_resampled_independently() -> None:
    # Two groups with the same values: were they resampled with the same index stream, every
    # resampled difference would be exactly 0 and the interval would collapse to (0, 0).
    values = [float(v) for v in range(20)]
    (pair,) = compare_groups({"a": values, "b": list(values)}, resamples=500, seed=1).pairs
    assert pair.ci_low is not None
    assert pair.ci_high is not None
    assert pair.ci_low < 0 < pair.ci_high
