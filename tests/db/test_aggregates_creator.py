"""Grouping by creator in SQL (db/aggregates.py), on SQLite and PostgreSQL: the group label
"<platform>/<handle>" built by the database, and the threads without a handle counted apart."""

from __future__ import annotations

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

from db.aggregates import (
    GroupBy,
    Selection,
    group_platforms,
    group_totals,
    metric_values,
    without_creator,
)
from db.grouping import creator_group
from db.models import MetricsRow, ThreadRow

#   id  platform   handle      comments  reply_share
#   10  tiktok     mia             12       0.5
#   20  reddit     mia              4       0.25
#   30  tiktok     mia              3       0.75
#   40  tiktok     —               12       0.1
#   50  reddit     —                4       0.2
#   60  tiktok     o'neil/x        20       0.4   (quotes and slashes are only characters)
THREADS = [
    (10, "tiktok", "mia", 12, 0.5),
    (20, "reddit", "mia", 4, 0.25),
    (30, "tiktok", "mia", 3, 0.75),
    (40, "tiktok", None, 12, 0.1),
    (50, "reddit", None, 4, 0.2),
    (60, "tiktok", "o'neil/x", 20, 0.4),
]
BY_CREATOR = Selection(GroupBy.CREATOR)


@pytest.fixture
def stored(session: Session) -> Session:
    with session.begin():
        for thread_id, platform, handle, size, share in THREADS:
            session.execute(
                insert(ThreadRow),
                [
                    {
                        "id": thread_id,
                        "platform": platform,
                        "external_id": f"p{thread_id}",
                        "creator_handle": handle,
                        "source_format": "canonical",
                        "integrity": {},
                        "import_report": {},
                    }
                ],
            )
            metrics = {"comments": size, "top_level": 1, "replies": size - 1, "authors": 2}
            session.execute(
                insert(MetricsRow),
                [
                    {
                        "thread_id": thread_id,
                        "metric_version": 1,
                        "unavailable": {},
                        **metrics,
                        "max_depth": 1,
                        "max_width": 1,
                        "h_index": 1,
                        "reply_share": share,
                    }
                ],
            )
    return session


def test_a_creator_is_a_handle_on_one_platform(stored: Session) -> None:
    found = metric_values(stored, "reply_share", BY_CREATOR)
    assert {group: values.values for group, values in found.items()} == {
        "reddit/mia": [0.25],
        "tiktok/mia": [0.5, 0.75],
        "tiktok/o'neil/x": [0.4],
    }
    assert creator_group("tiktok", "o'neil/x") in found
    totals = group_totals(stored, BY_CREATOR)
    assert {g: (t.threads, t.comments) for g, t in totals.items()} == {
        "reddit/mia": (1, 4),
        "tiktok/mia": (2, 15),
        "tiktok/o'neil/x": (1, 20),
    }
    assert group_platforms(stored, BY_CREATOR) == {
        "reddit/mia": {"reddit"},
        "tiktok/mia": {"tiktok"},
        "tiktok/o'neil/x": {"tiktok"},
    }


def test_groups_and_size_select_creators(stored: Session) -> None:
    chosen = Selection(GroupBy.CREATOR, ("tiktok/mia",), min_comments=4)
    assert {g: v.values for g, v in metric_values(stored, "reply_share", chosen).items()} == {
        "tiktok/mia": [0.5]
    }


def test_threads_without_a_handle_are_counted_per_platform(stored: Session) -> None:
    assert without_creator(stored, BY_CREATOR) == {"reddit": 1, "tiktok": 1}
    assert without_creator(stored, Selection(GroupBy.CREATOR, min_comments=5)) == {"tiktok": 1}
    # A first-10 window takes threads of at least 10 comments, whatever the minimum.
    window = Selection(GroupBy.CREATOR, min_comments=1, window=10)
    assert without_creator(stored, window) == {"tiktok": 1}
    assert without_creator(stored, Selection(GroupBy.CREATOR, min_comments=13)) == {}
