"""The metric registry: every metric Parley reports, declared once (see metrics/registry.py)."""

from metrics.model import Group, Metric, Role
from metrics.registry import (
    DIALOGUE_CATEGORY,
    DIALOGUE_SCORE,
    METRICS,
    UnknownMetric,
    metric,
    names,
    sortable,
)

__all__ = [
    "DIALOGUE_CATEGORY",
    "DIALOGUE_SCORE",
    "METRICS",
    "Group",
    "Metric",
    "Role",
    "UnknownMetric",
    "metric",
    "names",
    "sortable",
]
