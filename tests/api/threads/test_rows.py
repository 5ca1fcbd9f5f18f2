"""A thread's comment rows (app/api/threads/rows.py): each value under its column's name, exact
repeats once, and the values a job's COPY takes in the order of COMMENT_KEYS."""

from __future__ import annotations

from datetime import UTC, datetime

from app.api.threads.rows import comment_rows, comment_values
from db.new_threads import COMMENT_KEYS
from importers.base import ImportedThread, ImportReport
from nlp.analyze import analyze_thread
from nlp.thread import Comment, Platform, ReplyToMethod, Thread

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def imported(*comments: Comment) -> ImportedThread:
    thread = Thread(platform=Platform.TIKTOK, external_id="post", comments=comments)
    report = ImportReport(format="canonical", rows_read=len(comments), comments_kept=len(comments))
    return ImportedThread(thread, report)


def test_rows_name_each_value_and_keep_an_exact_repeat_once() -> None:
    late = T0.replace(hour=2)
    top = Comment("c1", None, "ann", "first", late, "Ann", 3)
    reply = Comment(
        "c2",
        "c1",
        "bob",
        "@ann yes",
        late.replace(hour=3),
        None,
        None,
        None,
        ReplyToMethod.MENTION,
    )
    earlier = Comment("c3", None, None, "", T0)  # first in time: first in tree order
    item = imported(top, reply, top, earlier)
    rows = comment_rows(item, analyze_thread(item.thread))
    assert rows == [
        {
            "position": 1,
            "input_position": 0,
            "comment_id": "c1",
            "parent_id": None,
            "reply_to": None,
            "platform_reply_to": None,
            "reply_to_method": "given",
            "depth": 1,
            "author": "ann",
            "author_name": "Ann",
            "text": "first",
            "created_at": late,
            "like_count": 3,
        },
        {
            "position": 2,
            "input_position": 1,
            "comment_id": "c2",
            "parent_id": "c1",
            "reply_to": "c1",
            "platform_reply_to": None,
            "reply_to_method": "mention",
            "depth": 2,
            "author": "bob",
            "author_name": None,
            "text": "@ann yes",
            "created_at": late.replace(hour=3),
            "like_count": None,
        },
        {
            "position": 0,
            "input_position": 2,
            "comment_id": "c3",
            "parent_id": None,
            "reply_to": None,
            "platform_reply_to": None,
            "reply_to_method": "given",
            "depth": 1,
            "author": None,
            "author_name": None,
            "text": "",
            "created_at": T0,
            "like_count": None,
        },
    ]
    assert all(type(row["reply_to_method"]) is str for row in rows)  # the value, not the enum
    values = comment_values(item, analyze_thread(item.thread), store_text=False)
    assert values == [  # no text kept: stored empty
        tuple("" if key == "text" else row[key] for key in COMMENT_KEYS) for row in rows
    ]
