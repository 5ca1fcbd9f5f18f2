"""Two-sided Mann–Whitney U test, chosen and computed as scipy.stats.mannwhitneyu(method="auto").

Exact null distribution when one group has at most 8 threads and no value is tied; otherwise the
normal approximation with tie and continuity corrections.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

# scipy's switch: the exact distribution is used only while one group stays this small.
EXACT_MAX_SMALLER_GROUP = 8


@dataclass(frozen=True, slots=True)
class MannWhitney:
    u: float  # U of the first group: pairs where its value is larger, ties counting one half
    p_value: float  # two-sided
    method: str  # "exact" | "asymptotic"


def mann_whitney(first: Sequence[float], second: Sequence[float]) -> MannWhitney:
    """Raises ValueError when a group is empty."""
    n1, n2 = len(first), len(second)
    if n1 == 0 or n2 == 0:
        raise ValueError("the Mann–Whitney test needs at least one value in each group")
    ranks, tie_sizes = _average_ranks(np.asarray([*first, *second], dtype=np.float64))
    # Ranks are whole or half numbers: their sum is exact in any order of addition.
    u1 = float(ranks[:n1].sum()) - n1 * (n1 + 1) / 2
    # Two-sided: the larger of U1 and U2 = n1*n2 - U1, its upper tail doubled.
    u_max = max(u1, n1 * n2 - u1)
    tied = any(size > 1 for size in tie_sizes)
    if min(n1, n2) <= EXACT_MAX_SMALLER_GROUP and not tied:
        p, method = 2 * _exact_upper_tail(round(u_max), n1, n2), "exact"
    else:
        p, method = 2 * _normal_upper_tail(u_max, n1, n2, tie_sizes), "asymptotic"
    # At the centre of the distribution both tails hold the middle mass, so the doubled tail
    # can pass 1.
    return MannWhitney(u=u1, p_value=min(1.0, p), method=method)


def _average_ranks(values: NDArray[np.float64]) -> tuple[NDArray[np.float64], list[int]]:
    """Ranks from 1, tied values sharing their average rank; and the size of every tie group."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    sizes = np.diff(np.append(starts, values.size))
    ranks = np.empty(values.size, dtype=np.float64)
    ranks[order] = np.repeat(starts + (sizes + 1) / 2, sizes)
    return ranks, sizes.tolist()


def _normal_upper_tail(u: float, n1: int, n2: int, tie_sizes: Sequence[int]) -> float:
    n = n1 + n2
    tie_term = sum(t**3 - t for t in tie_sizes)
    variance = n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1)))
    if variance <= 0:
        # Every value is tied: every arrangement gives the same U, so nothing is surprising.
        return 1.0
    z = (u - n1 * n2 / 2 - 0.5) / math.sqrt(variance)  # 0.5: continuity correction
    return 0.5 * math.erfc(z / math.sqrt(2))


def _exact_upper_tail(u: int, n1: int, n2: int) -> float:
    """P(U >= u) when all C(n1 + n2, n1) orderings of two tie-free groups are equally likely."""
    small, large = sorted((n1, n2))
    counts = _orderings_by_u(small, large)
    return sum(counts[u:]) / math.comb(n1 + n2, n1)


def _orderings_by_u(small: int, large: int) -> list[int]:
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
