"""One measurement (metrics, text metrics, Dialogue Score) as flat metric columns."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from nlp.results import DialogueScore, TextMetrics, ThreadMetrics

TEXT_COLUMNS = (
    "question_share",
    "answered_question_share",
    "tag_only_share",
    "low_content_share",
    "lexical_uptake",
    "uptake_reply_share",
    "mean_tokens",
)
NO_TEXT_STEP = "the text step was not run"


def metric_columns(
    metrics: ThreadMetrics, text: TextMetrics | None, score: DialogueScore | None
) -> dict[str, Any]:
    """One measurement as the columns of a metrics row; every null metric keeps its reason."""
    columns = asdict(metrics)
    unavailable: dict[str, str] = dict(columns.pop("unavailable"))
    if text is None:
        columns |= dict.fromkeys(TEXT_COLUMNS)
        unavailable |= dict.fromkeys(TEXT_COLUMNS, NO_TEXT_STEP)
        columns["languages"] = {}
    else:
        columns |= {name: getattr(text, name) for name in TEXT_COLUMNS}
        columns["languages"] = dict(text.languages)
        unavailable |= {k: v for k, v in text.unavailable.items() if k in TEXT_COLUMNS}
    if score is not None:
        columns |= {
            "dialogue_score": score.score,
            "dialogue_category": score.category,
            "score_version": score.score_version,
            "score_components": [asdict(component) for component in score.components],
        }
    return columns | {"unavailable": unavailable}
