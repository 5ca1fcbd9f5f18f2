"""Terse builders for the threads drawn in the nlp tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from nlp.thread import Comment, Platform, Thread

T0 = datetime(2024, 1, 1, tzinfo=UTC)
Row = tuple[str, str | None, str | None]  # (id, reply_to, author)


def at(minute: int) -> datetime:
    return T0 + timedelta(minutes=minute)


def comment(
    cid: str, reply_to: str | None, author: str | None, minute: int | None, text: str = ""
) -> Comment:
    created_at = None if minute is None else at(minute)
    return Comment(id=cid, reply_to=reply_to, author=author, text=text, created_at=created_at)


def thread(
    *rows: Row | Comment, creator: str | None = "op", timed: bool = True, external_id: str = "post"
) -> Thread:
    """A thread of the given comments; a row (id, reply_to, author) at position i is stamped
    at minute i + 1 when `timed`, so time order equals input order unless a Comment says otherwise.
    """
    comments = tuple(
        row if isinstance(row, Comment) else comment(*row, i + 1 if timed else None)
        for i, row in enumerate(rows)
    )
    return Thread(
        platform=Platform.OTHER, external_id=external_id, comments=comments, creator=creator
    )


def chain(length: int, authors: tuple[str, ...] = ("ann", "bob")) -> Thread:
    """c0 <- c1 <- ... : each comment replies to the previous one, authors taking turns."""
    rows: list[Row | Comment] = [
        (f"c{i}", f"c{i - 1}" if i else None, authors[i % len(authors)]) for i in range(length)
    ]
    return thread(*rows)


# post (op)
# ├── a  ann
# │   ├── b  bob
# │   │   └── c  ann
# │   └── d  ann          ann answers herself
# ├── e  bob
# │   └── f  op
# └── g  [deleted]
#     └── h  cat          answers an unknown author: no edge
EIGHT = thread(
    ("a", None, "ann"),
    ("b", "a", "bob"),
    ("c", "b", "ann"),
    ("d", "a", "ann"),
    ("e", None, "bob"),
    ("f", "e", "op"),
    ("g", None, "[deleted]"),
    ("h", "g", "cat"),
)
