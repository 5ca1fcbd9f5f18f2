"""Cliff's delta: how often a thread of one group beats a thread of the other, minus the reverse."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

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
    ordered = np.sort(np.asarray(second, dtype=np.float64))
    values = np.asarray(first, dtype=np.float64)
    below = int(np.searchsorted(ordered, values, side="left").sum())  # pairs where x > y
    above = int((ordered.size - np.searchsorted(ordered, values, side="right")).sum())  # x < y
    return (below - above) / (len(first) * len(second))


def magnitude(delta: float) -> str:
    """negligible | small | medium | large, by |delta| (Romano et al. 2006)."""
    size = abs(delta)
    for bound, label in MAGNITUDES:
        if size < bound:
            return label
    return LARGEST_MAGNITUDE
