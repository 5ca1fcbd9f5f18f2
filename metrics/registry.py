"""Every metric Parley reports, declared once (the declarations sit in metrics/reply_graph.py and
metrics/text_and_score.py, one tuple per group, in column order).

A metric's name, type, unit, nullability, one-line description, source and the sets it belongs
to live here and nowhere else. Storage columns (db/models.py), the response schema
(app/api/schemas.py), the comparison and report sets, and the metric tables of
docs/methodology.md and the README are derived from this table or checked against it by tests.
Its computation lives in nlp/ (the module named by its group); tests keep the two in step.
"""

from __future__ import annotations

from metrics.model import Group, Metric, Role
from metrics.reply_graph import INTERACTION_METRICS, STRUCTURE_METRICS
from metrics.text_and_score import PRESENCE_METRICS, SCORE_METRICS, TEXT_METRICS

METRICS: tuple[Metric, ...] = (
    *STRUCTURE_METRICS,
    *INTERACTION_METRICS,
    *TEXT_METRICS,
    *PRESENCE_METRICS,
    *SCORE_METRICS,
)

# The number users quote: the default of every comparison, leading every set it belongs to.
DIALOGUE_SCORE = "dialogue_score"
DIALOGUE_CATEGORY = "dialogue_category"
_BY_NAME = {metric.name: metric for metric in METRICS}


class UnknownMetric(KeyError):
    """A name that is not in the registry."""


def metric(name: str) -> Metric:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownMetric(name) from None


def names(*, group: Group | None = None, role: Role | None = None) -> tuple[str, ...]:
    """Metric names of one group and/or with one role. Registry (column) order, except that the
    Dialogue Score leads every set it belongs to: overviews and the report open with it."""
    chosen = [
        m
        for m in METRICS
        if (group is None or m.group is group) and (role is None or role in m.roles)
    ]
    return tuple(m.name for m in sorted(chosen, key=lambda m: m.group is not Group.SCORE))


def sortable() -> tuple[str, ...]:
    """Every numeric metric, in column order: what threads can be listed and compared by."""
    return tuple(m.name for m in METRICS if m.numeric)
