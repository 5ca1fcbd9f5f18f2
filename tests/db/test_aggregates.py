"""Per-group metric values read in one pass (db/aggregates.py), on SQLite and PostgreSQL:
each group's values in thread id order, a missing value's reason read from the database."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

from db.aggregates import GroupBy, Selection, UnknownMetric, metric_values, metrics_values
from db.models import MetricsRow, ThreadRow, ThreadTagRow

NO_AUTHOR = "no comment has a known author"
NO_QUESTION = "no comment is a question"
# (platform, comments, reply_share, dyadic_share, reason dyadic_share is missing), inserted so
# that ids and insertion order differ from the order of sizes and values.
THREADS = [
    ("reddit", 9, 0.9, 0.5, None),
    ("youtube", 3, 0.1, None, NO_AUTHOR),
    ("reddit", 2, 0.2, None, NO_QUESTION),
    ("youtube", 7, 0.7, None, NO_AUTHOR),
    ("reddit", 5, 0.5, None, NO_AUTHOR),
    ("youtube", 1, 0.4, 0.25, None),
    ("reddit", 8, 0.3, None, NO_AUTHOR),
]


def metrics(
    thread_id: int, size: int, reply: float, dyadic: float | None, reason: str | None
) -> dict[str, Any]:
    return {
        "thread_id": thread_id,
        "metric_version": 1,
        "unavailable": {"dyadic_share": reason} if reason else {},
        "comments": size,
        "top_level": 1,
        "replies": size - 1,
        "authors": 1,
        "max_depth": 1,
        "max_width": 1,
        "h_index": 1,
        "reply_share": reply,
        "dyadic_share": dyadic,
    }


@pytest.fixture
def stored(session: Session) -> Session:
    with session.begin():
        for index, (platform, size, reply, dyadic, reason) in enumerate(THREADS, start=1):
            thread_id = 100 - index * 10  # ids fall as the rows go in
            thread = {
                "id": thread_id,
                "platform": platform,
                "external_id": f"p{index}",
                "source_format": "canonical",
                "integrity": {},
                "import_report": {},
            }
            session.execute(insert(ThreadRow), [thread])
            session.execute(insert(MetricsRow), [metrics(thread_id, size, reply, dyadic, reason)])
            session.execute(insert(ThreadTagRow), [{"thread_id": thread_id, "tag": "all"}])
    return session


def test_values_come_in_thread_id_order_with_their_sizes(stored: Session) -> None:
    found = metric_values(stored, "reply_share", Selection())
    assert list(found) == ["reddit", "youtube"]
    # reddit ids: 90, 70, 50, 30 → by id: 30 (0.3, 8), 50 (0.5, 5), 70 (0.2, 2), 90 (0.9, 9)
    assert found["reddit"].values == [0.3, 0.5, 0.2, 0.9]
    assert found["reddit"].sizes == [8, 5, 2, 9]
    assert found["youtube"].values == [0.4, 0.7, 0.1]


def test_missing_values_are_counted_with_the_most_common_reason(stored: Session) -> None:
    found = metric_values(stored, "dyadic_share", Selection())
    assert (found["reddit"].values, found["reddit"].missing) == ([0.5], 3)
    assert found["reddit"].missing_reason == NO_AUTHOR  # two of three say so
    assert (found["youtube"].values, found["youtube"].missing) == ([0.25], 2)
    assert found["youtube"].missing_reason == NO_AUTHOR


def test_several_metrics_in_one_pass_equal_one_at_a_time(stored: Session) -> None:
    selection = Selection(GroupBy.TAG, min_comments=3)
    together = metrics_values(stored, ("reply_share", "dyadic_share"), selection)
    for metric in ("reply_share", "dyadic_share"):
        assert together[metric] == metric_values(stored, metric, selection)
    assert together["reply_share"]["all"].sizes == [8, 5, 7, 3, 9]


def test_no_thread_no_group(session: Session) -> None:
    assert metrics_values(session, ("reply_share",), Selection()) == {"reply_share": {}}


def test_an_unknown_metric_is_refused(session: Session) -> None:
    with pytest.raises(UnknownMetric):
        metrics_values(session, ("reply_share", "nope"), Selection())
