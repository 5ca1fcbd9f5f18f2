"""nlp results → storage: one measurement as the flat columns of a metrics row.

Column names are the metric registry's (metrics/registry.py); each group of the registry is
read from the nlp result that computes it, so a new metric needs no change here.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from metrics import DIALOGUE_CATEGORY, DIALOGUE_SCORE, Group, names
from nlp.presence import PresenceMetrics
from nlp.results import DialogueScore, ScoreComponent, ThreadMetrics
from nlp.text_metrics import TextMetrics

NO_TEXT_STEP = "the text step was not run"
TEXT_NOT_KEPT = "comment text is not stored in this deployment (measured at upload only)"
NOT_COUNTED = "not counted for this measurement"
# A component holds plain values only, so a dict of its fields is what `asdict` would give,
# without its deep copy (a few per cent of an import worker's time).
_COMPONENT_FIELDS = tuple(field.name for field in fields(ScoreComponent))


def graph_metric_values(metrics: ThreadMetrics) -> dict[str, Any]:
    """Metrics v1 by name with their version and reasons: the reply-graph part of a metrics row,
    and what is stored as a thread's `platform_metrics`."""
    values: dict[str, Any] = {"metric_version": metrics.metric_version}
    values |= {name: getattr(metrics.structure, name) for name in names(group=Group.STRUCTURE)}
    values |= {name: getattr(metrics.interaction, name) for name in names(group=Group.INTERACTION)}
    return values | {"unavailable": metrics.unavailable}


def metric_columns(
    metrics: ThreadMetrics,
    text: TextMetrics | None,
    score: DialogueScore | None,
    presence: PresenceMetrics | None = None,
    without_text: str = NO_TEXT_STEP,
) -> dict[str, Any]:
    """One measurement as the columns of a metrics row; every null metric keeps its reason
    (`without_text`: why `text` is None). Conversations are measured without presence counts."""
    columns = graph_metric_values(metrics)
    unavailable: dict[str, str] = dict(columns.pop("unavailable"))
    text_names = names(group=Group.TEXT)
    if text is None:
        columns |= dict.fromkeys(text_names)
        unavailable |= dict.fromkeys(text_names, without_text)
        columns["languages"] = {}
    else:
        columns |= {name: getattr(text, name) for name in text_names}
        columns["languages"] = dict(text.languages)
        unavailable |= {k: v for k, v in text.unavailable.items() if k in text_names}
    presence_names = names(group=Group.PRESENCE)
    if presence is None:
        columns |= dict.fromkeys(presence_names)
        unavailable |= dict.fromkeys(presence_names, NOT_COUNTED)
    else:
        columns |= {name: getattr(presence, name) for name in presence_names}
        unavailable |= presence.unavailable
    # Every row names the same columns, score or not: rows are inserted together (db/bulk.py).
    if score is None:
        columns |= dict.fromkeys((DIALOGUE_SCORE, DIALOGUE_CATEGORY, "score_version"))
        columns["score_components"] = []
    else:
        columns |= {
            DIALOGUE_SCORE: score.score,
            DIALOGUE_CATEGORY: score.category,
            "score_version": score.score_version,
            "score_components": [
                {name: getattr(component, name) for name in _COMPONENT_FIELDS}
                for component in score.components
            ],
        }
    return columns | {"unavailable": unavailable}
