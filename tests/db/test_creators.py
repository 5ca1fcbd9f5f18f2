"""A creator's posts read for the community measures (db/creators.py), on SQLite and PostgreSQL.

Stored (thread id: platform/handle, post id, creator id, first comment, score, tags), inserted
so that ids, insertion order and comment positions all differ from the order read back:

    30  tiktok/ann   a1  uid-ann  2024-06-01 01:30 +02:00 (May in UTC)  0.5   —
    10  tiktok/ann   a2  —        no comment time                        —     x
    20  tiktok/ann   a3  uid-ann  2024-07-10 12:00 UTC                   0.25  x
    40  tiktok/bob   b1  —        2024-05-02 UTC                         0.75  x
    50  youtube/ann  y1  —        2024-05-03 UTC                         —     —
    60  tiktok/—     n1  (no creator handle: nobody's post)

Comments of 30 (tree order; inserted in reverse):
    post
    ├── c1  uid-ann
    │   └── c2  fan1
    └── c3  [deleted]
Every other thread: one comment "k" by "fan2" on the post.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

import db.creators
from db.creators import StoredComment, StoredPost, creator_posts, creators_posts
from db.models import CommentRow, MetricsRow, ThreadRow, ThreadTagRow

PLUS_TWO = timezone(timedelta(hours=2))
# id: (platform, handle, post id, creator, first comment, score, tags)
THREADS: dict[int, tuple[str, str | None, str, str | None, datetime | None, float | None, str]] = {
    30: ("tiktok", "ann", "a1", "uid-ann", datetime(2024, 6, 1, 1, 30, tzinfo=PLUS_TWO), 0.5, ""),
    10: ("tiktok", "ann", "a2", None, None, None, "x"),
    20: ("tiktok", "ann", "a3", "uid-ann", datetime(2024, 7, 10, 12, tzinfo=UTC), 0.25, "x"),
    40: ("tiktok", "bob", "b1", None, datetime(2024, 5, 2, tzinfo=UTC), 0.75, "x"),
    50: ("youtube", "ann", "y1", None, datetime(2024, 5, 3, tzinfo=UTC), None, ""),
    60: ("tiktok", None, "n1", None, None, 0.1, ""),
}
# Thread 30's comments as (position, id, parent, author), inserted last position first.
TREE = [(2, "c3", None, "[deleted]"), (1, "c2", "c1", "fan1"), (0, "c1", None, "uid-ann")]
FAN = (StoredComment("k", None, "fan2"),)


def comment_row(thread_id: int, position: int, cid: str, parent: str | None, author: str) -> Any:
    return {
        "thread_id": thread_id,
        "position": position,
        "comment_id": cid,
        "parent_id": parent,
        "reply_to": parent,
        "reply_to_method": "given",
        "depth": 0 if parent is None else 1,
        "author": author,
        "text": "text",
    }


def metrics_row(thread_id: int, score: float | None) -> dict[str, Any]:
    counts = dict.fromkeys(("comments", "top_level", "replies", "authors", "max_depth"), 1)
    return {
        "thread_id": thread_id,
        "metric_version": 1,
        "unavailable": {},
        "languages": {},
        "score_components": [],
        "max_width": 1,
        "h_index": 1,
        "dialogue_score": score,
        **counts,
    }


@pytest.fixture
def stored(session: Session) -> Session:
    with session.begin():
        for thread_id, (platform, handle, post, creator, first, score, tag) in THREADS.items():
            thread = {
                "id": thread_id,
                "platform": platform,
                "creator_handle": handle,
                "external_id": post,
                "creator": creator,
                "first_comment_at": first,
                "source_format": "canonical",
                "integrity": {},
                "import_report": {},
            }
            session.execute(insert(ThreadRow), [thread])
            session.execute(insert(MetricsRow), [metrics_row(thread_id, score)])
            if tag:
                session.execute(insert(ThreadTagRow), [{"thread_id": thread_id, "tag": tag}])
            tree = TREE if thread_id == 30 else [(0, "k", None, "fan2")]
            session.execute(insert(CommentRow), [comment_row(thread_id, *row) for row in tree])
    return session


ANN_POSTS = [
    StoredPost(10, "a2", None, "undated", None, FAN),
    StoredPost(20, "a3", "uid-ann", "2024-07", 0.25, FAN),
    StoredPost(
        30,
        "a1",
        "uid-ann",
        "2024-05",
        0.5,
        (
            StoredComment("c1", None, "uid-ann"),
            StoredComment("c2", "c1", "fan1"),
            StoredComment("c3", None, "[deleted]"),
        ),
    ),
]
BOB_POSTS = [StoredPost(40, "b1", None, "2024-05", 0.75, FAN)]
YOUTUBE_ANN_POSTS = [StoredPost(50, "y1", None, "2024-05", None, FAN)]


def test_a_creators_posts_come_in_id_order_with_comments_in_tree_order(stored: Session) -> None:
    assert creator_posts(stored, "tiktok", "ann") == ANN_POSTS


def test_the_month_is_the_utc_month_of_the_first_comment(stored: Session) -> None:
    # 2024-06-01 01:30 at +02:00 is 2024-05-31 23:30 UTC: May, not June.
    (post,) = [p for p in creator_posts(stored, "tiktok", "ann") if p.thread_id == 30]
    assert post.month == "2024-05"


def test_a_tag_keeps_only_the_threads_carrying_it(stored: Session) -> None:
    assert creator_posts(stored, "tiktok", "ann", tag="x") == ANN_POSTS[:2]
    assert creator_posts(stored, "youtube", "ann", tag="x") == []


def test_an_unknown_creator_has_no_posts(stored: Session) -> None:
    assert creator_posts(stored, "tiktok", "nobody") == []
    assert creator_posts(stored, "instagram", "ann") == []


def test_every_creator_comes_once_with_its_posts(stored: Session) -> None:
    found = sorted(creators_posts(stored))
    assert found == [
        ("tiktok", "ann", ANN_POSTS),
        ("tiktok", "bob", BOB_POSTS),
        ("youtube", "ann", YOUTUBE_ANN_POSTS),
    ]  # thread 60, with no handle, belongs to nobody


def test_creators_are_filtered_by_platform_tag_and_thread_count(stored: Session) -> None:
    assert [(p, h) for p, h, _ in creators_posts(stored, platform="youtube")] == [
        ("youtube", "ann")
    ]
    tagged = sorted(creators_posts(stored, tag="x"))
    assert tagged == [("tiktok", "ann", ANN_POSTS[:2]), ("tiktok", "bob", BOB_POSTS)]
    assert [(p, h) for p, h, _ in creators_posts(stored, min_threads=2)] == [("tiktok", "ann")]
    assert list(creators_posts(stored, tag="x", min_threads=3)) == []


def test_small_partitions_read_the_same_posts(
    stored: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One thread per query and per batch: every creator still gets all its comments."""
    monkeypatch.setattr(db.creators, "POSTS_PER_QUERY", 1)
    monkeypatch.setattr(db.creators, "COMMENTS_PER_FETCH", 1)
    assert sorted(creators_posts(stored)) == [
        ("tiktok", "ann", ANN_POSTS),
        ("tiktok", "bob", BOB_POSTS),
        ("youtube", "ann", YOUTUBE_ANN_POSTS),
    ]
    assert creator_posts(stored, "tiktok", "ann") == ANN_POSTS
