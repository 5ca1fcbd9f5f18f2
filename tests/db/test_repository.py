"""Repository functions on a schema built by the Alembic migrations (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import SIZE_METRIC, SORTABLE_METRICS, CommentRow, MetricsRow, ThreadRow
from db.repository import (
    InvalidCursor,
    ThreadQuery,
    delete_thread,
    find_thread,
    list_comments,
    list_threads,
    replace_thread,
)

METRIC_DEFAULTS: dict[str, Any] = dict.fromkeys(SORTABLE_METRICS, 0) | {
    "metric_version": 1,
    "unavailable": {},
}


def thread(external_id: str, comments: int = 2, reply_share: float | None = 0.5) -> ThreadRow:
    metrics = METRIC_DEFAULTS | {"comments": comments, "reply_share": reply_share}
    return ThreadRow(
        platform="reddit",
        external_id=external_id,
        source_format="canonical",
        integrity={},
        import_report={},
        collected_at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        metrics=MetricsRow(**metrics),
    )


def comment(comment_id: str, position: int, parent: str | None = None) -> dict[str, Any]:
    return {
        "position": position,
        "comment_id": comment_id,
        "parent_id": parent,
        "reply_to": parent,
        "platform_reply_to": None,
        "reply_to_method": "given",
        "depth": 1 if parent is None else 2,
        "author": "a",
        "author_name": None,
        "text": "t",
        "created_at": None,
        "like_count": None,
    }


def test_migrations_create_every_table(clean_engine: Engine) -> None:
    tables = set(inspect(clean_engine).get_table_names())
    assert {"threads", "comments", "thread_metrics", "alembic_version"} <= tables


def test_replace_thread_swaps_comments_and_metrics(session: Session) -> None:
    with session.begin():
        assert (
            replace_thread(session, thread("p1"), [comment("a", 0), comment("b", 1, "a")]) is False
        )
    with session.begin():
        assert replace_thread(session, thread("p1", comments=1), [comment("z", 0)]) is True
    stored = find_thread(session, "reddit", "p1")
    assert stored is not None
    assert getattr(stored.metrics, SIZE_METRIC) == 1
    ids = session.scalars(select(CommentRow.comment_id)).all()
    assert ids == ["z"]
    assert session.scalar(select(func.count()).select_from(MetricsRow)) == 1
    assert stored.collected_at == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_a_failed_write_leaves_the_previous_version(session: Session) -> None:
    with session.begin():
        replace_thread(session, thread("p1"), [comment("a", 0)])
    # Two comments with one id violate the unique constraint: the whole replacement rolls back.
    with pytest.raises(IntegrityError), session.begin():
        replace_thread(session, thread("p1"), [comment("x", 0), comment("x", 1)])
    stored = find_thread(session, "reddit", "p1")
    assert stored is not None
    assert session.scalars(select(CommentRow.comment_id)).all() == ["a"]


def test_delete_thread_removes_comments_and_metrics(session: Session) -> None:
    with session.begin():
        replace_thread(session, thread("p1"), [comment("a", 0)])
    with session.begin():
        stored = find_thread(session, "reddit", "p1")
        assert stored is not None
        delete_thread(session, stored)
    assert session.scalar(select(func.count()).select_from(CommentRow)) == 0
    assert session.scalar(select(func.count()).select_from(MetricsRow)) == 0


def test_list_threads_pages_by_metric_with_nulls_last(session: Session) -> None:
    shares = {"a": 0.2, "b": None, "c": 0.9, "d": 0.2, "e": None}
    with session.begin():
        for name, share in shares.items():
            replace_thread(session, thread(name, reply_share=share), [])
    for descending, expected in ((False, "adcbe"), (True, "cadbe")):
        seen, cursor = "", None
        while True:
            query = ThreadQuery(sort="reply_share", descending=descending, limit=2, cursor=cursor)
            page = list_threads(session, query)
            seen += "".join(row.external_id for row in page.items)
            cursor = page.next_cursor
            if cursor is None:
                break
        assert seen == expected


def test_cursor_from_another_sort_is_refused(session: Session) -> None:
    with session.begin():
        for name in "abc":
            replace_thread(session, thread(name), [])
    page = list_threads(session, ThreadQuery(sort="comments", limit=1))
    assert page.next_cursor is not None
    with pytest.raises(InvalidCursor):
        list_threads(session, ThreadQuery(sort="reply_share", limit=1, cursor=page.next_cursor))


def test_list_comments_in_position_order(session: Session) -> None:
    with session.begin():
        replace_thread(session, thread("p1"), [comment("b", 1, "a"), comment("a", 0)])
    stored = find_thread(session, "reddit", "p1")
    assert stored is not None
    rows = list_comments(session, stored.id, None, 1)
    assert [r.comment_id for r in rows] == ["a", "b"]  # limit + 1 rows tell there is more
    assert [r.comment_id for r in list_comments(session, stored.id, 0, 5)] == ["b"]
