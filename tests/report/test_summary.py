"""The at-a-glance wording: ranked groups and reliable differences, worded from the numbers."""

from __future__ import annotations

import pytest

from report.summary import (
    glance_sentence,
    joined,
    mentions,
    ranked_groups,
    reliably_above,
    scope_statements,
)
from stats.compare import Comparison, PairComparison, compare_groups
from stats.summary import GroupSummary


def group(mean: float | None, n: int) -> GroupSummary:
    """A group whose interval is mean ± 1 (the wording reads only the mean and n)."""
    if mean is None:
        return GroupSummary(n=n, mean=None, median=None, ci_low=None, ci_high=None, confidence=0.95)
    return GroupSummary(
        n=n, mean=mean, median=mean, ci_low=mean - 1, ci_high=mean + 1, confidence=0.95
    )


def pair(first: str, second: str, low: float, high: float, holm_p: float) -> PairComparison:
    """first − second with its interval and adjusted p; the other fields are not worded."""
    return PairComparison(
        first, second, difference=(low + high) / 2, ci_low=low, ci_high=high, cliffs_delta=0.5,
        magnitude="large", u_statistic=0.0, p_value=holm_p, p_method="exact", holm_p=holm_p,
    )  # fmt: skip


def comparison(groups: dict[str, GroupSummary], *pairs: PairComparison) -> Comparison:
    return Comparison(groups, pairs, (), 200, 0, 0.95)


def test_three_groups_one_above_two_that_cannot_be_told_apart() -> None:
    # a = 20..24 (mean 22), b = 1, 3, 5, 7, 9 (mean 5), c = 2, 4, 6, 8, 10 (mean 6):
    #
    #   b c b c b c b c b c ........... a a a a a
    #   1 2 3 4 5 6 7 8 9 10            20 ... 24
    #
    # a vs b and a vs c: every a above every other value, U = 0, exact p = 2 / C(10, 5)
    # = 2/252 = 0.0079; Holm over three pairs: 3 × 0.0079 = 0.024 and max(0.024, 2 × 0.0079)
    # = 0.024, both < 0.05. Every resampled mean of a (>= 20) exceeds every one of b or c
    # (<= 10), so both intervals exclude 0. b vs c: U = 10 of 25, p far above 0.05.
    values = {"a": [20.0, 21, 22, 23, 24], "b": [1.0, 3, 5, 7, 9], "c": [2.0, 4, 6, 8, 10]}
    result = compare_groups(values, resamples=500)
    assert [p.holm_p is not None and p.holm_p < 0.05 for p in result.pairs] == [True, True, False]
    assert ranked_groups(result.groups) == ["a", "c", "b"]  # means 22 > 6 > 5
    assert reliably_above(result) == {"a": ["c", "b"], "c": [], "b": []}
    # one decimal: the largest number shown is about 24 (three significant digits)
    assert glance_sentence("dialogue_score", result) == (
        "On dialogue_score, a (22.0) is reliably above every other group. "
        "No other pair can be told apart."
    )


def test_a_chain_of_reliable_differences_lists_each_step() -> None:
    # high 3.0 > middle 2.0 > low 1.0, every pair reliable: nothing is left unresolved
    result = comparison(
        {"low": group(1.0, 30), "high": group(3.0, 30), "middle": group(2.0, 30)},
        pair("low", "high", -2.5, -1.5, 0.001),  # negative: the second group is higher
        pair("low", "middle", -1.5, -0.5, 0.01),
        pair("high", "middle", 0.5, 1.5, 0.01),
    )
    assert reliably_above(result) == {"high": ["middle", "low"], "middle": ["low"], "low": []}
    assert glance_sentence("m", result) == (
        "On m, high (3.00) is reliably above every other group; middle (2.00) is reliably "
        "above low."
    )


def test_half_the_evidence_is_no_reliable_difference() -> None:
    # a 2.0 vs b 1.0: the interval 0.5 to 1.5 excludes 0 but the adjusted p is 0.06
    result = comparison({"a": group(2.0, 30), "b": group(1.0, 30)}, pair("a", "b", 0.5, 1.5, 0.06))
    assert reliably_above(result) == {"a": [], "b": []}
    assert glance_sentence("m", result) == "On m, no group is reliably above or below another."


def test_a_group_apart_from_all_is_named_with_its_size() -> None:
    # big 5.0 above small 1.0 reliably; tiny (3.0, n = 3) differs reliably from neither.
    # The only pair left unresolved involves tiny, so no "other pair" sentence follows.
    result = comparison(
        {"big": group(5.0, 40), "small": group(1.0, 40), "tiny": group(3.0, 3)},
        pair("big", "small", 3.0, 5.0, 0.001),
        pair("big", "tiny", -1.0, 5.0, 0.2),
        pair("small", "tiny", -5.0, 1.0, 0.2),
    )
    assert glance_sentence("m", result) == (
        "On m, big (5.00) is reliably above small. "
        "tiny (3.00, n = 3) cannot be told apart from any other group."
    )


def test_groups_too_small_to_compare_are_said_so() -> None:
    # a has two threads, b one, c none: a pair needs two threads a side to be tested
    result = compare_groups({"a": [1.0, 2.0], "b": [3.0], "c": []}, resamples=100)
    assert ranked_groups(result.groups) == ["b", "a", "c"]  # means 3 > 1.5, no mean last
    assert glance_sentence("m", result) == (
        "On m, fewer than two groups have two or more threads. "
        "b: a single thread, too few to compare. c: no threads with a value."
    )


def test_equal_means_keep_the_given_order() -> None:
    groups = {"x": group(1.0, 5), "none": group(None, 0), "y": group(2.0, 5), "z": group(1.0, 5)}
    assert ranked_groups(groups) == ["y", "x", "z", "none"]


def test_joined_and_whole_word_mentions() -> None:
    assert [joined([]), joined(["a"]), joined(["a", "b"]), joined(["a", "b", "c"])] == [
        "",
        "a",
        "a and b",
        "a, b and c",
    ]
    assert mentions("so dialogue_score is a lower bound there.", "dialogue_score")
    assert not mentions("the dialogue_scores of…", "dialogue_score")
    assert not mentions("exchange_comment_share is missing", "comment_share")


@pytest.mark.parametrize(("notes", "pointer"), [(0, None), (1, "1 further note concerns")])
def test_scope_statements_are_filled_from_the_numbers(notes: int, pointer: str | None) -> None:
    # threads per group across two measures: p 10 and 12, q 7 and 7
    first = comparison({"p": group(1.0, 10), "q": group(2.0, 7)})
    second = comparison({"p": group(1.0, 12), "q": group(2.0, 7)})
    statements = scope_statements([first, second], ["Not a random sample."], notes)
    assert statements[0] == (
        "Shows: the average thread of each group on 2 measures, from p (10–12 threads, by "
        "measure) and q (7 threads); each thread counts once."
    )
    assert "the 95% interval of the difference excludes 0" in statements[1]
    assert "Not a random sample." in statements
    assert statements[-1].startswith(pointer) if pointer else statements[-1].startswith("Not")
