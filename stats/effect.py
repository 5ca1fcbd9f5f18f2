"""Cliff's delta: how often a thread of one group beats a thread of the other, minus the reverse.

Derived from the Mann–Whitney U of the first group (stats.tests, ranks from
scipy.stats.rankdata), which counts the pairs where its value is larger plus half the tied
pairs: wins - losses = 2U - n1*n2, so delta = 2U / (n1*n2) - 1. A comparison takes both from
the one ranking of the pair.
"""

from __future__ import annotations

from collections.abc import Sequence

from stats.tests import u_statistic

# Romano et al. (2006) thresholds on |delta|, checked from the smallest up.
MAGNITUDES = ((0.147, "negligible"), (0.33, "small"), (0.474, "medium"))
LARGEST_MAGNITUDE = "large"


def cliffs_delta(first: Sequence[float], second: Sequence[float]) -> float:
    """(#(x > y) - #(x < y)) / (len(first) * len(second)) over all pairs x of first, y of second.

    Positive when `first` tends to be larger. Ties count for neither side.
    Raises ValueError when a group is empty.
    """
    if not first or not second:
        raise ValueError("Cliff's delta needs at least one value in each group")
    return delta_from_u(u_statistic(first, second), len(first), len(second))


def delta_from_u(u: float, n1: int, n2: int) -> float:
    """Cliff's delta of the first group from its Mann–Whitney U (n1 and n2 values)."""
    pairs = n1 * n2
    # 2U - pairs is a whole number held exactly, so the one rounding is the division's, as
    # when wins and losses were counted pair by pair.
    return (2 * u - pairs) / pairs


def magnitude(delta: float) -> str:
    """negligible | small | medium | large, by |delta| (Romano et al. 2006)."""
    size = abs(delta)
    for bound, label in MAGNITUDES:
        if size < bound:
            return label
    return LARGEST_MAGNITUDE
