"""Streaming selects for the table exports (GET /v1/exports/...): the selected threads with
their metrics and tags, their comments, and what the author networks are built from.

Rows come from the cursor `ROWS_PER_FETCH` at a time (`yield_per`: a server-side cursor on
PostgreSQL), so an export of the whole database is never held in memory. On PostgreSQL the
reads of one export see one snapshot (`export_snapshot`), so a thread stored meanwhile is in
every table of it or in none.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session

from db.models import SIZE_METRIC, CommentRow, MetricsRow, ThreadRow, ThreadTagRow, metric_column
from metrics import METRICS

ROWS_PER_FETCH = 5_000
AnySelect = Select[*tuple[Any, ...]]  # a select of any columns


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadFilter:
    """The threads an export takes: the thread listing's filters (all off by default)."""

    platform: str | None = None
    tags: tuple[str, ...] = ()  # threads carrying every one of these tags
    min_comments: int | None = None  # threads with at least this many comments


def export_snapshot(session: Session) -> None:
    """Make the session's transaction, before its first statement, one snapshot of the data
    (PostgreSQL; a SQLite read already is, for each statement)."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def selected_thread_ids(selection: ThreadFilter) -> Select[int]:
    """The ids of the threads `selection` takes (a subquery for the other selects)."""
    statement = select(ThreadRow.id).join(MetricsRow, MetricsRow.thread_id == ThreadRow.id)
    if selection.platform is not None:
        statement = statement.where(ThreadRow.platform == selection.platform)
    if selection.min_comments is not None:
        size = metric_column(MetricsRow, SIZE_METRIC)
        statement = statement.where(size >= selection.min_comments)
    for tag in selection.tags:
        tagged = select(ThreadTagRow.thread_id).where(ThreadTagRow.tag == tag)
        statement = statement.where(ThreadRow.id.in_(tagged))
    return statement


def threads(session: Session, selection: ThreadFilter) -> Iterator[tuple[Row[Any], list[str]]]:
    """Each selected thread in id order, its metric columns by their registry names (and its
    `integrity` report), with its tags in alphabetical order."""
    columns = [
        ThreadRow.id,
        ThreadRow.platform,
        ThreadRow.external_id,
        ThreadRow.creator_handle,
        ThreadRow.url,
        ThreadRow.title,
        ThreadRow.first_comment_at,
        ThreadRow.integrity,
        *(metric_column(MetricsRow, metric.name) for metric in METRICS),
    ]
    statement: AnySelect = (
        select(*columns)
        .join(MetricsRow, MetricsRow.thread_id == ThreadRow.id)
        .where(ThreadRow.id.in_(selected_thread_ids(selection)))
        .order_by(ThreadRow.id)
    )
    for partition in _partitions(session, statement):
        tags = _tags(session, [row.id for row in partition])
        for row in partition:
            yield row, tags.get(row.id, [])


def comments(session: Session, selection: ThreadFilter) -> Iterator[Row[Any]]:
    """The selected threads' comments, by thread id and in each thread in tree order."""
    statement: AnySelect = (
        select(
            CommentRow.thread_id,
            CommentRow.comment_id,
            CommentRow.parent_id,
            CommentRow.author,
            CommentRow.author_name,
            CommentRow.created_at,
            CommentRow.depth,
            CommentRow.like_count,
            CommentRow.reply_to_method,
            CommentRow.text,
        )
        .where(CommentRow.thread_id.in_(selected_thread_ids(selection)))
        .order_by(CommentRow.thread_id, CommentRow.position)
    )
    for partition in _partitions(session, statement):
        yield from partition


def replies(session: Session, selection: ThreadFilter) -> Iterator[Row[Any]]:
    """What each selected thread's author network is built from, by thread id and in tree
    order: per comment its thread's platform, post id and creator, its id, parent and author."""
    statement: AnySelect = (
        select(
            CommentRow.thread_id,
            ThreadRow.platform,
            ThreadRow.external_id,
            ThreadRow.creator,
            CommentRow.comment_id,
            CommentRow.parent_id,
            CommentRow.author,
        )
        .join(ThreadRow, ThreadRow.id == CommentRow.thread_id)
        .where(CommentRow.thread_id.in_(selected_thread_ids(selection)))
        .order_by(CommentRow.thread_id, CommentRow.position)
    )
    for partition in _partitions(session, statement):
        yield from partition


def import_reports(session: Session, selection: ThreadFilter) -> Iterator[Row[Any]]:
    """(id, import_report) of each selected thread: its report says what of it was stored."""
    statement: AnySelect = (
        select(ThreadRow.id, ThreadRow.import_report)
        .where(ThreadRow.id.in_(selected_thread_ids(selection)))
        .order_by(ThreadRow.id)
    )
    for partition in _partitions(session, statement):
        yield from partition


def _partitions(session: Session, statement: AnySelect) -> Iterator[list[Row[Any]]]:
    result = session.execute(statement.execution_options(yield_per=ROWS_PER_FETCH))
    for partition in result.partitions():
        yield list(partition)


def _tags(session: Session, thread_ids: list[int]) -> dict[int, list[str]]:
    statement: AnySelect = (
        select(ThreadTagRow.thread_id, ThreadTagRow.tag)
        .where(ThreadTagRow.thread_id.in_(thread_ids))
        .order_by(ThreadTagRow.thread_id, ThreadTagRow.tag)
    )
    tags: dict[int, list[str]] = {}
    for thread_id, tag in session.execute(statement):
        tags.setdefault(thread_id, []).append(tag)
    return tags
