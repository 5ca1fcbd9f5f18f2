"""New threads written together, inside the caller's transaction: a job's worker stores a batch
of units (tens of posts) at once. Core statements, one per table for the whole batch (the ORM's
unit of work spent more time per thread than the database did: a quarter of a worker's time);
on PostgreSQL, COPY for every table but the threads' (whose ids come back).
Call `db.repository.lock_posts` for the posts first and check none is stored (`stored_posts`):
a new thread is only ever inserted."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, tuple_
from sqlalchemy.orm import Session

from db.bulk import COMMENTS, insert_thread_rows, insert_thread_values
from db.models import MetricsRow, ThreadRow, ThreadTagRow, WindowMetricsRow

# Core tables, not the ORM's bulk INSERT: that leaves out a row's None columns and starts a new
# statement whenever that set changes (db/bulk.py).
THREADS, METRICS, WINDOWS, TAGS = (
    row.metadata.tables[row.__tablename__]
    for row in (ThreadRow, MetricsRow, WindowMetricsRow, ThreadTagRow)
)
# A new thread's comment values, in order: the table's columns but its id and thread_id.
COMMENT_KEYS = tuple(c.key for c in COMMENTS.columns if c.key not in ("id", "thread_id"))
# Parameters per statement stay under SQLite's limit (32,766) with every column of a row.
KEYS_PER_QUERY = 500


@dataclass(frozen=True, slots=True)
class NewThread:
    """A thread's rows: by column name the thread's (but id and stored_at), its metrics row's and
    its window rows' (but thread_id); its tags; its comments' values in COMMENT_KEYS order."""

    values: Mapping[str, Any]
    metrics: Mapping[str, Any]
    windows: Sequence[Mapping[str, Any]]
    tags: Sequence[str]
    comments: Sequence[Sequence[Any]]


def stored_posts(session: Session, posts: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of these (platform, external_id) posts are stored."""
    keys = sorted(set(posts))
    found: set[tuple[str, str]] = set()
    key = tuple_(ThreadRow.platform, ThreadRow.external_id)
    for start in range(0, len(keys), KEYS_PER_QUERY):
        query = select(ThreadRow.platform, ThreadRow.external_id).where(
            key.in_(keys[start : start + KEYS_PER_QUERY])
        )
        found |= {(platform, post) for platform, post in session.execute(query)}
    return found


def insert_new_threads(session: Session, threads: Sequence[NewThread]) -> list[int]:
    """Insert the threads with their metrics, windows, tags and comments; their ids, in order."""
    if not threads:
        return []
    statement = insert(THREADS).returning(THREADS.c.id, sort_by_parameter_order=True)
    ids = list(session.scalars(statement, [dict(thread.values) for thread in threads]))
    by_thread = list(zip(ids, threads, strict=True))
    insert_thread_rows(session, METRICS, [(id_, [thread.metrics]) for id_, thread in by_thread])
    insert_thread_rows(session, WINDOWS, [(id_, thread.windows) for id_, thread in by_thread])
    tags = [(id_, [{"tag": tag} for tag in thread.tags]) for id_, thread in by_thread]
    insert_thread_rows(session, TAGS, tags)
    comments = [(id_, thread.comments) for id_, thread in by_thread]
    insert_thread_values(session, COMMENTS, COMMENT_KEYS, comments)
    return ids
