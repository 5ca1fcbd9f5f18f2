"""The library forms of the rank test (scipy) and Cliff's delta give what the Python loops they
replaced gave, on drawn samples with and without ties, small and large: U, the method and
delta exactly, the p-value to 1e-12 relative (scipy's normal tail and exact sums differ from
the loops' in the last bits).

The reference functions below are the loops as they were (stats/tests.py and stats/effect.py
before scipy), kept here as the oracle.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import groupby

import pytest

from stats import MannWhitney, cliffs_delta, mann_whitney


def reference_ranks(values: list[float]) -> tuple[list[float], list[int]]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    tie_sizes: list[int] = []
    start = 0
    for _, members in groupby(order, key=values.__getitem__):
        indices = list(members)
        average = start + (len(indices) + 1) / 2
        for index in indices:
            ranks[index] = average
        tie_sizes.append(len(indices))
        start += len(indices)
    return ranks, tie_sizes


def normal_upper_tail(u: float, n1: int, n2: int, tie_sizes: Sequence[int]) -> float:
    n = n1 + n2
    tie_term = sum(t**3 - t for t in tie_sizes)
    variance = n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1)))
    if variance <= 0:
        # Every value is tied: every arrangement gives the same U, so nothing is surprising.
        return 1.0
    z = (u - n1 * n2 / 2 - 0.5) / math.sqrt(variance)  # 0.5: continuity correction
    return 0.5 * math.erfc(z / math.sqrt(2))


def exact_upper_tail(u: int, n1: int, n2: int) -> float:
    """P(U >= u) when all C(n1 + n2, n1) orderings of two tie-free groups are equally likely."""
    small, large = sorted((n1, n2))
    counts = orderings_by_u(small, large)
    return sum(counts[u:]) / math.comb(n1 + n2, n1)


def orderings_by_u(small: int, large: int) -> list[int]:
    """counts[u]: orderings of the two groups giving U = u, for u = 0 .. small * large.

    They are the coefficients of the Gaussian binomial [small + large choose small] in q,
    the product over i = 1..small of (1 - q^(large + i)) / (1 - q^i); every partial product is
    itself a polynomial, so exact integer arithmetic truncated at degree small * large suffices.
    """
    top = small * large
    counts = [1] + [0] * top
    for i in range(1, small + 1):
        step = large + i
        for degree in range(top, step - 1, -1):  # times (1 - q^step)
            counts[degree] -= counts[degree - step]
        for degree in range(i, top + 1):  # divided by (1 - q^i)
            counts[degree] += counts[degree - i]
    return counts


def reference_mann_whitney(
    first: Sequence[float], second: Sequence[float]
) -> tuple[float, float, str]:
    n1, n2 = len(first), len(second)
    ranks, tie_sizes = reference_ranks([*first, *second])
    u1 = sum(ranks[:n1]) - n1 * (n1 + 1) / 2
    u_max = max(u1, n1 * n2 - u1)
    tied = any(size > 1 for size in tie_sizes)
    if min(n1, n2) <= 8 and not tied:
        p, method = 2 * exact_upper_tail(round(u_max), n1, n2), "exact"
    else:
        p, method = 2 * normal_upper_tail(u_max, n1, n2, tie_sizes), "asymptotic"
    return u1, min(1.0, p), method


def assert_same_test(test: MannWhitney, reference: tuple[float, float, str]) -> None:
    u, p_value, method = reference
    assert (test.u, test.method) == (u, method)
    assert test.p_value == pytest.approx(p_value, rel=1e-12, abs=0)


def reference_cliffs_delta(first: Sequence[float], second: Sequence[float]) -> float:
    ordered = sorted(second)
    above = below = 0
    for x in first:
        below += bisect_left(ordered, x)
        above += len(ordered) - bisect_right(ordered, x)
    return (below - above) / (len(first) * len(second))


def drawn(rng: random.Random, size: int, kind: str) -> list[float]:
    if kind == "counts":  # many ties, as integer metrics have
        return [float(rng.randint(0, 6)) for _ in range(size)]
    if kind == "shares":  # ties at 0 and 1, as share metrics have
        return [rng.choice((0.0, 1.0, rng.random())) for _ in range(size)]
    return [rng.gauss(0, 1) for _ in range(size)]


@pytest.mark.parametrize("kind", ["counts", "shares", "continuous"])
@pytest.mark.parametrize("sizes", [(1, 1), (3, 5), (8, 30), (9, 9), (40, 200), (3000, 5000)])
def test_equal_to_the_loops_on_drawn_samples(kind: str, sizes: tuple[int, int]) -> None:
    rng = random.Random(f"{kind}{sizes}")
    for _ in range(5):
        first, second = drawn(rng, sizes[0], kind), drawn(rng, sizes[1], kind)
        test = mann_whitney(first, second)
        assert_same_test(test, reference_mann_whitney(first, second))
        assert cliffs_delta(first, second) == reference_cliffs_delta(first, second)


def test_integers_and_floats_mixed() -> None:
    first, second = [1, 2, 2, 3.5], [2.0, 3, 3, 4]
    test = mann_whitney(first, second)
    assert_same_test(test, reference_mann_whitney(first, second))
    assert cliffs_delta(first, second) == reference_cliffs_delta(first, second)
