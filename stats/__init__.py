"""Comparison statistics over groups of threads: one value per thread, compared between groups.

Pure functions over numbers: no I/O, and nothing here knows about platforms or storage.
"""

from stats.bootstrap import difference_interval, mean_interval
from stats.compare import (
    Comparison,
    PairComparison,
    SizeStratum,
    compare_groups,
    size_strata,
    stratified_compare,
    stratum_labels,
)
from stats.effect import cliffs_delta, magnitude
from stats.multiple import holm
from stats.quantiles import Distribution, distribution
from stats.summary import GroupSummary, summarise
from stats.tests import MannWhitney, mann_whitney

__all__ = [
    "Comparison",
    "Distribution",
    "GroupSummary",
    "MannWhitney",
    "PairComparison",
    "SizeStratum",
    "cliffs_delta",
    "compare_groups",
    "difference_interval",
    "distribution",
    "holm",
    "magnitude",
    "mann_whitney",
    "mean_interval",
    "size_strata",
    "stratified_compare",
    "stratum_labels",
    "summarise",
]
