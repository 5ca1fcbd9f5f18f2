"""A stored thread read as plain rows, for the busiest read (GET /v1/threads/{id}).

The ORM's eager load of a thread with its metrics, windows and tags cost ~600 µs of CPU a read
(identity map, instrumented attributes, the row product of two joined collections); the same
columns in three Core statements cost less. Those statements are built once, with the id as a
bound parameter, and run on a connection: built per read (coercing each of ~150 columns, then
computing the cache key) and run through a session, they cost ~1.25 ms of CPU a read, against
~0.5 ms (SQLite, 50,000 stored threads). Everything else that needs a thread as an object (to
change it, or to walk its comments) still loads ThreadRow.

On PostgreSQL each statement is a round trip to the server: there the tags come on the thread's
row, aggregated in its order (one statement fewer of three: ~10 % of a read's instructions in
this process, 50,000 stored threads). SQLite, answering in-process, lacks an ordered aggregate
before 3.44, and keeps the three.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, Connection, Row, bindparam, func, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from db.models import MetricsRow, ThreadRow, ThreadTagRow, WindowMetricsRow

_THREADS = ThreadRow.__table__
_METRICS = MetricsRow.__table__
_TAGS = ThreadTagRow.__table__
_WINDOWS = WindowMetricsRow.__table__
_ID: BindParameter[int] = bindparam("thread_id")

_THREAD = (
    select(_THREADS, _METRICS)
    .select_from(_THREADS.join(_METRICS, _METRICS.c.thread_id == _THREADS.c.id))
    .where(_THREADS.c.id == _ID)
)
_THREAD_TAGS = select(_TAGS.c.tag).where(_TAGS.c.thread_id == _ID).order_by(_TAGS.c.tag)
# A name that neither table has; NULL when the thread has no tag.
_TAG_LIST = "tag_list"
_THREAD_WITH_TAGS = _THREAD.add_columns(
    select(func.array_agg(aggregate_order_by(_TAGS.c.tag, _TAGS.c.tag)))
    .where(_TAGS.c.thread_id == _THREADS.c.id)
    .scalar_subquery()
    .label(_TAG_LIST)
)
_THREAD_WINDOWS = (
    select(_WINDOWS).where(_WINDOWS.c.thread_id == _ID).order_by(_WINDOWS.c.window_size)
)


@dataclass(frozen=True, slots=True)
class ThreadRecord:
    # The thread's columns and its metrics' columns in one row (no name is in both tables);
    # on PostgreSQL also the tags, as `tag_list`.
    row: Row[Any]
    tags: list[str]  # in order
    windows: list[Row[Any]]  # by window size


def thread_record(connection: Connection, thread_id: int) -> ThreadRecord | None:
    given = {"thread_id": thread_id}
    if connection.dialect.name == "postgresql":
        found = connection.execute(_THREAD_WITH_TAGS, given).first()
        if found is None:
            return None
        tags = list(found._mapping[_TAG_LIST] or ())
    else:
        found = connection.execute(_THREAD, given).first()
        if found is None:
            return None
        tags = list(connection.execute(_THREAD_TAGS, given).scalars())
    windows = connection.execute(_THREAD_WINDOWS, given).all()
    return ThreadRecord(found, tags, list(windows))
