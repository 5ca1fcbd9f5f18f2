"""A creator's stored posts with who commented under them, read for the community measures.

A creator is a (platform, creator_handle) pair; its posts are the stored threads carrying it.
Only the columns the measures need leave the database: per thread its id, post id, owner's
author id, month and Dialogue Score; per comment its id, parent and author, in tree order.
The rows are plain frozen dataclasses of this module (storage knows nothing of `nlp/`; the
service turns them into `nlp.community` posts).

Listing every creator streams: the threads' heads are read first (one small row per thread),
then the comments of a batch of creators at a time, in partitions of at most
`POSTS_PER_QUERY` threads fetched `COMMENTS_PER_FETCH` rows at a time, so a large database is
never held in memory whole.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from db.aggregates import group_key
from db.grouping import GroupBy
from db.models import CommentRow, MetricsRow, ThreadRow, ThreadTagRow, metric_column
from metrics import DIALOGUE_SCORE

# Threads whose comments one query reads (the ids travel as bound parameters).
POSTS_PER_QUERY = 500
# Comment rows fetched from the cursor at a time.
COMMENTS_PER_FETCH = 10_000


@dataclass(frozen=True, slots=True)
class StoredComment:
    comment_id: str
    parent_id: str | None  # after integrity repair; None: on the post
    author: str | None


@dataclass(frozen=True, slots=True)
class StoredPost:
    thread_id: int
    external_id: str
    creator: str | None  # threads.creator: the owner's author id, where known
    month: str  # UTC "YYYY-MM" of the first comment, or "undated"
    score: float | None  # the thread's Dialogue Score
    comments: tuple[StoredComment, ...]  # in tree order


@dataclass(frozen=True, slots=True)
class _Head:
    """A selected thread before its comments are read."""

    platform: str
    handle: str
    thread_id: int
    external_id: str
    creator: str | None
    month: str
    score: float | None


def creator_posts(
    session: Session, platform: str, handle: str, tag: str | None = None
) -> list[StoredPost]:
    """The posts of one creator (with `tag` only, when given), in thread id order; empty when
    no stored thread has that creator."""
    heads = _heads(session, platform, handle, tag)
    return [post for _, _, posts in _filled(session, [heads]) for post in posts]


def creators_posts(
    session: Session, platform: str | None = None, tag: str | None = None, min_threads: int = 1
) -> Iterator[tuple[str, str, list[StoredPost]]]:
    """(platform, handle, posts) for every creator with at least `min_threads` selected posts
    (on `platform`, with `tag`, when given), posts in thread id order. Threads without a
    creator handle belong to no creator."""
    batch: list[list[_Head]] = []
    size = 0
    for _, group in groupby(_heads(session, platform, None, tag), _creator_of):
        heads = list(group)
        if len(heads) < min_threads:
            continue
        batch.append(heads)
        size += len(heads)
        if size >= POSTS_PER_QUERY:
            yield from _filled(session, batch)
            batch, size = [], 0
    yield from _filled(session, batch)


def _creator_of(head: _Head) -> tuple[str, str]:
    return head.platform, head.handle


def _heads(
    session: Session, platform: str | None, handle: str | None, tag: str | None
) -> list[_Head]:
    """The selected threads, each creator's together and in thread id order."""
    month = group_key(session, GroupBy.MONTH)
    score = metric_column(MetricsRow, DIALOGUE_SCORE)
    statement: Select[Any] = (
        select(
            ThreadRow.platform,
            ThreadRow.creator_handle,
            ThreadRow.id,
            ThreadRow.external_id,
            ThreadRow.creator,
            month,
            score,
        )
        .select_from(ThreadRow)
        .outerjoin(MetricsRow, MetricsRow.thread_id == ThreadRow.id)
        .where(ThreadRow.creator_handle.is_not(None))
    )
    if platform is not None:
        statement = statement.where(ThreadRow.platform == platform)
    if handle is not None:
        statement = statement.where(ThreadRow.creator_handle == handle)
    if tag is not None:
        tagged = select(ThreadTagRow.thread_id).where(ThreadTagRow.tag == tag)
        statement = statement.where(ThreadRow.id.in_(tagged))
    statement = statement.order_by(ThreadRow.platform, ThreadRow.creator_handle, ThreadRow.id)
    return [_Head(*row) for row in session.execute(statement)]


def _filled(
    session: Session, creators: Sequence[list[_Head]]
) -> Iterator[tuple[str, str, list[StoredPost]]]:
    """Each creator of the batch with its posts' comments read."""
    thread_ids = [head.thread_id for heads in creators for head in heads]
    comments = _comments(session, thread_ids)
    for heads in creators:
        if not heads:
            continue
        posts = [
            StoredPost(
                head.thread_id,
                head.external_id,
                head.creator,
                head.month,
                head.score,
                tuple(comments.pop(head.thread_id, ())),
            )
            for head in heads
        ]
        yield heads[0].platform, heads[0].handle, posts


def _comments(session: Session, thread_ids: Sequence[int]) -> dict[int, list[StoredComment]]:
    """The comments of these threads by thread, each in tree order."""
    found: dict[int, list[StoredComment]] = {}
    for start in range(0, len(thread_ids), POSTS_PER_QUERY):
        partition = thread_ids[start : start + POSTS_PER_QUERY]
        statement = (
            select(
                CommentRow.thread_id, CommentRow.comment_id, CommentRow.parent_id, CommentRow.author
            )
            .where(CommentRow.thread_id.in_(partition))
            .order_by(CommentRow.thread_id, CommentRow.position)
            .execution_options(yield_per=COMMENTS_PER_FETCH)
        )
        for thread_id, comment_id, parent_id, author in session.execute(statement):
            found.setdefault(thread_id, []).append(StoredComment(comment_id, parent_id, author))
    return found
