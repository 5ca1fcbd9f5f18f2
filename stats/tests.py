"""Two-sided Mann–Whitney U test: scipy.stats.mannwhitneyu(method="auto").

Exact null distribution when one group has at most 8 threads and no value is tied; otherwise the
normal approximation with tie and continuity corrections. The p-values equal those of the
hand-written test this replaced to 1e-12 relative (tests/stats/test_vectorised.py keeps it as
the oracle; scipy takes the normal tail from special.ndtr and sums the exact distribution in
floating point, so the last bits may differ).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from stats.scipy_stats import scipy_stats

# scipy's switch: the exact distribution is used only while one group stays this small.
EXACT_MAX_SMALLER_GROUP = 8


@dataclass(frozen=True, slots=True)
class MannWhitney:
    u: float  # U of the first group: pairs where its value is larger, ties counting one half
    p_value: float  # two-sided
    method: str  # "exact" | "asymptotic"


def mann_whitney(first: Sequence[float], second: Sequence[float]) -> MannWhitney:
    """Raises ValueError when a group is empty."""
    if not first or not second:
        raise ValueError("the Mann–Whitney test needs at least one value in each group")
    tied = len(np.unique([*first, *second])) < len(first) + len(second)
    exact = min(len(first), len(second)) <= EXACT_MAX_SMALLER_GROUP and not tied
    result = scipy_stats().mannwhitneyu(
        first, second, alternative="two-sided", use_continuity=True, method="auto"
    )
    return MannWhitney(
        u=float(result.statistic),
        p_value=min(1.0, float(result.pvalue)),
        method="exact" if exact else "asymptotic",
    )


def u_statistic(first: Sequence[float], second: Sequence[float]) -> float:
    """U of the first group: its rank sum less n1 * (n1 + 1) / 2, tied values sharing their
    average rank (ranks are whole or half numbers, so the sum is exact in any order)."""
    ranks = scipy_stats().rankdata(np.asarray([*first, *second], dtype=np.float64))
    return float(ranks[: len(first)].sum()) - len(first) * (len(first) + 1) / 2
