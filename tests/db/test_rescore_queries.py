"""The repository functions `parley rescore` reads and writes with (SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CommentRow, ThreadRow, ThreadTagRow
from db.repository import (
    StoredVersions,
    comments_as_stored,
    move_comments,
    replace_thread,
    stored_versions,
)
from tests.db.test_repository import comment, thread


def test_stored_versions_filter_by_platform_and_tag_in_id_order(session: Session) -> None:
    with session.begin():
        for name, platform, tags in (
            ("a", "reddit", ["x"]),
            ("b", "tiktok", ["x", "y"]),
            ("c", "reddit", []),
        ):
            row = thread(name)
            row.platform = platform
            row.tag_rows = [ThreadTagRow(tag=tag) for tag in tags]
            replace_thread(session, row, [])
    ids = {row.external_id: row.id for row in session.scalars(select(ThreadRow)).unique()}
    every = stored_versions(session)
    assert [v.thread_id for v in every] == sorted(ids.values())
    assert every[0] == StoredVersions(ids["a"], 1, None)  # no score stored
    assert [v.thread_id for v in stored_versions(session, platform="reddit")] == [
        ids["a"],
        ids["c"],
    ]
    assert [v.thread_id for v in stored_versions(session, tag="x")] == [ids["a"], ids["b"]]
    assert [v.thread_id for v in stored_versions(session, "tiktok", "y")] == [ids["b"]]
    assert stored_versions(session, "reddit", "y") == []


def test_comments_come_back_in_stored_order_and_move_by_row_id(session: Session) -> None:
    # Stored in input order (b before its parent a in the tree's order), as an upload does.
    with session.begin():
        replace_thread(session, thread("p"), [comment("b", 1, "a"), comment("a", 0)])
    with session.begin():
        stored = session.scalars(select(ThreadRow.id)).one()
        listed = comments_as_stored(session, stored)
        assert [c.comment_id for c in listed] == ["b", "a"]
        move_comments(session, [{"id": listed[0].id, "position": 5, "parent_id": None, "depth": 1}])
        move_comments(session, [])
    places = select(CommentRow.comment_id, CommentRow.position, CommentRow.parent_id)
    places = places.add_columns(CommentRow.depth).order_by(CommentRow.id)
    assert [tuple(p) for p in session.execute(places)] == [("b", 5, None, 1), ("a", 0, None, 1)]
