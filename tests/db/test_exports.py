"""The exports' streaming selects (db/exports.py) on SQLite and PostgreSQL: the listing's filters,
orders, tags, and rows read in partitions smaller than the data."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from db import exports
from db.exports import ThreadFilter
from db.models import CommentRow, MetricsRow, ThreadRow, ThreadTagRow
from metrics import METRICS

# Three threads, stored in this order (ids ascending):
#   p1  reddit   tags a, b   3 comments   x ─ y ─ z (a chain), creator "op"
#   p2  youtube  tag  a      1 comment    w
#   p3  reddit   no tag      2 comments   u, v (both top-level)
THREADS: list[tuple[str, str, tuple[str, ...], list[tuple[str, str | None]]]] = [
    ("p1", "reddit", ("b", "a"), [("x", None), ("y", "x"), ("z", "y")]),
    ("p2", "youtube", ("a",), [("w", None)]),
    ("p3", "reddit", (), [("u", None), ("v", None)]),
]


def stored_thread(
    session: Session, post: str, platform: str, tags: tuple[str, ...], comments: list[Any]
) -> int:
    metrics: dict[str, Any] = {m.name: 0 for m in METRICS if not m.nullable}
    metrics |= {"comments": len(comments), "metric_version": 2, "unavailable": {}}
    row = ThreadRow(
        platform=platform,
        external_id=post,
        creator="op" if post == "p1" else None,
        source_format="canonical",
        integrity={},
        import_report={"post": post},
        metrics=MetricsRow(**metrics),
        tag_rows=[ThreadTagRow(tag=tag) for tag in tags],
    )
    session.add(row)
    session.flush()
    values = [
        {
            "thread_id": row.id,
            "position": position,
            "comment_id": cid,
            "parent_id": parent,
            "reply_to": parent,
            "reply_to_method": "given",
            "depth": position + 1 if post == "p1" else 1,
            "author": f"author-{cid}",
            "text": f"text {cid}",
        }
        for position, (cid, parent) in enumerate(comments)
    ]
    session.execute(insert(CommentRow), values)
    return row.id


@pytest.fixture
def ids(session: Session) -> dict[str, int]:
    with session.begin():
        return {
            post: stored_thread(session, post, platform, tags, comments)
            for post, platform, tags, comments in THREADS
        }


@pytest.fixture
def tiny_partitions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two rows per fetch: every select crosses partitions on these few threads."""
    monkeypatch.setattr(exports, "ROWS_PER_FETCH", 2)


@pytest.mark.parametrize(
    ("selection", "chosen"),
    [
        (ThreadFilter(), ["p1", "p2", "p3"]),
        (ThreadFilter(platform="reddit"), ["p1", "p3"]),
        (ThreadFilter(tags=("a",)), ["p1", "p2"]),
        (ThreadFilter(tags=("a", "b")), ["p1"]),
        (ThreadFilter(min_comments=2), ["p1", "p3"]),
        (ThreadFilter(platform="youtube", min_comments=2), []),
    ],
)
def test_threads_are_chosen_by_the_listings_filters_in_id_order(
    session: Session, ids: dict[str, int], selection: ThreadFilter, chosen: list[str]
) -> None:
    with session.begin():
        posts = [row.external_id for row, _ in exports.threads(session, selection)]
        assert posts == chosen
        selected = set(session.scalars(exports.selected_thread_ids(selection)))
        assert selected == {ids[p] for p in chosen}


@pytest.mark.usefixtures("tiny_partitions")
def test_threads_carry_their_own_tags_and_metrics_across_partitions(
    session: Session, ids: dict[str, int]
) -> None:
    with session.begin():
        found = {
            row.external_id: (tags, row.comments)
            for row, tags in exports.threads(session, ThreadFilter())
        }
    assert found == {"p1": (["a", "b"], 3), "p2": (["a"], 1), "p3": ([], 2)}


@pytest.mark.usefixtures("tiny_partitions")
def test_comments_come_by_thread_in_tree_order(session: Session, ids: dict[str, int]) -> None:
    with session.begin():
        rows = list(exports.comments(session, ThreadFilter(platform="reddit")))
    assert [(r.thread_id, r.comment_id, r.parent_id) for r in rows] == [
        (ids["p1"], "x", None),
        (ids["p1"], "y", "x"),
        (ids["p1"], "z", "y"),
        (ids["p3"], "u", None),
        (ids["p3"], "v", None),
    ]
    assert rows[2].text == "text z"


@pytest.mark.usefixtures("tiny_partitions")
def test_replies_carry_their_threads_post_and_creator(
    session: Session, ids: dict[str, int]
) -> None:
    with session.begin():
        rows = list(exports.replies(session, ThreadFilter(tags=("a",))))
    assert [(r.external_id, r.creator, r.comment_id, r.author) for r in rows] == [
        ("p1", "op", "x", "author-x"),
        ("p1", "op", "y", "author-y"),
        ("p1", "op", "z", "author-z"),
        ("p2", None, "w", "author-w"),
    ]


def test_import_reports_come_with_their_thread_ids(session: Session, ids: dict[str, int]) -> None:
    with session.begin():
        rows = list(exports.import_reports(session, ThreadFilter(min_comments=2)))
    assert [(r.id, r.import_report) for r in rows] == [
        (ids["p1"], {"post": "p1"}),
        (ids["p3"], {"post": "p3"}),
    ]


def test_an_export_reads_one_snapshot_on_postgresql(session: Session) -> None:
    with session.begin():
        exports.export_snapshot(session)
        if session.get_bind().dialect.name != "postgresql":
            pytest.skip("a SQLite statement reads one snapshot already")
        level = session.execute(text("SHOW transaction_isolation")).scalar_one()
    assert level == "repeatable read"
