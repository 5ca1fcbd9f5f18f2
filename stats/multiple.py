"""Holm–Bonferroni step-down adjustment of a family of p-values.

Kept as the few lines below rather than taken from a library. scipy.stats has no Holm (its
false_discovery_control does Benjamini–Hochberg and Benjamini–Yekutieli only). statsmodels'
multipletests(method="holm") has it and returns the same values to the bit (1,400 drawn
families of 1 to 300 p-values, statsmodels 0.15), but it would bring statsmodels, pandas, patsy,
python-dateutil and tzdata: 155 MB installed, and 1.6 s to import statsmodels.stats.multitest,
for a loop of ten lines whose definition (Holm 1979) is short enough to check. The test suite
checks it against that definition, Holm's step-down test, at every level on drawn families
(tests/stats/test_multiple.py).
"""

from __future__ import annotations

from collections.abc import Sequence


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm-adjusted p-values, in the order given.

    With the m p-values sorted ascending, the i-th smallest (i from 1) becomes
    max over j <= i of min(1, (m - j + 1) * p_(j)); the running maximum keeps the order.
    Raises ValueError on a p-value outside [0, 1].
    """
    if any(not 0 <= p <= 1 for p in p_values):
        raise ValueError(f"p-values must lie in [0, 1]: {list(p_values)}")
    m = len(p_values)
    adjusted = [0.0] * m
    running = 0.0
    for rank, index in enumerate(sorted(range(m), key=lambda i: p_values[i])):
        running = max(running, min(1.0, (m - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted
