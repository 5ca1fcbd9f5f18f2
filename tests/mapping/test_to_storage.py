"""nlp results -> storage columns (app/mapping/to_storage.py)."""

from __future__ import annotations

import types
import typing
from dataclasses import asdict
from datetime import UTC, datetime

from app.mapping.to_storage import metric_columns
from nlp.analyze import analyze_thread
from nlp.results import ScoreComponent
from nlp.thread import Comment, Platform, Thread


def test_score_components_are_stored_as_their_fields() -> None:
    """post ── a ann ── b bob ── c ann     d dan (top-level, unanswered)"""
    at = [datetime(2024, 1, 1, 0, minute, tzinfo=UTC) for minute in range(4)]
    comments = (
        Comment("a", None, "ann", "why so?", at[0]),
        Comment("b", "a", "bob", "because", at[1]),
        Comment("c", "b", "ann", "fair", at[2]),
        Comment("d", None, "dan", "nice", at[3]),
    )
    analysis = analyze_thread(Thread(Platform.YOUTUBE, "p", comments))
    assert analysis.score is not None
    assert analysis.score.components
    columns = metric_columns(analysis.metrics, analysis.text, analysis.score)
    assert columns["score_components"] == [asdict(c) for c in analysis.score.components]


def test_a_score_component_holds_plain_values_only() -> None:
    """metric_columns copies a component's fields without asdict's deep copy: a container field
    (a list, a nested dataclass) would be shared with the analysis, so there must be none."""
    plain = {str, float, int, type(None)}
    for hint in typing.get_type_hints(ScoreComponent).values():
        parts = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        assert set(parts) <= plain, hint


def test_a_measurement_names_the_same_columns_with_a_score_or_without() -> None:
    """Rows are inserted together (db/bulk.py), so each names every column; without a score
    its columns are null and it has no components."""
    analysis = analyze_thread(Thread(Platform.REDDIT, "p", (Comment("a", None, "ann", "hi"),)))
    assert analysis.score is not None
    scored = metric_columns(analysis.metrics, analysis.text, analysis.score)
    unscored = metric_columns(analysis.metrics, analysis.text, None)
    assert scored.keys() == unscored.keys()
    assert unscored["score_components"] == []
    assert unscored["dialogue_score"] is unscored["score_version"] is None
