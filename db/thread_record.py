"""A stored thread read as plain rows, for the busiest read (GET /v1/threads/{id}).

The ORM's eager load of a thread with its metrics, windows and tags cost ~600 µs of CPU a read
(identity map, instrumented attributes, the row product of two joined collections); the same
columns in Core statements cost less. Those statements are built once, with the id as a bound
parameter, and run on a connection: built per read (coercing each of ~150 columns, then
computing the cache key) and run through a session, they cost ~1.25 ms of CPU a read, against
~0.5 ms (SQLite, 50,000 stored threads). Everything else that needs a thread as an object (to
change it, or to walk its comments) still loads ThreadRow.

On PostgreSQL each statement is a round trip to the server: there one statement reads it all,
the tags aggregated in their order on the thread's row, the windows joined (one row each, the
thread's columns repeated: a thread has a few). SQLite, answering in-process, lacks an ordered
aggregate before 3.44, and keeps three statements.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, Connection, Row, bindparam, func, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.engine.result import IteratorResult, SimpleResultMetaData

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
_THREAD_WINDOWS = (
    select(_WINDOWS).where(_WINDOWS.c.thread_id == _ID).order_by(_WINDOWS.c.window_size)
)

# PostgreSQL's one statement: the thread's and its metrics' columns, `tag_list` (a name that
# neither table has; NULL when the thread has no tag), then a window's columns under names of
# their own (the metrics' names are the windows' too); a thread without windows has one row,
# its window columns NULL.
_TAG_LIST = "tag_list"
_WINDOW_PREFIX = "window."
_WINDOW_KEYS = tuple(column.key for column in _WINDOWS.columns)
_THREAD_KEYS = (*(str(column.key) for column in _THREAD.selected_columns), _TAG_LIST)
_THREAD_WITH_ALL = (
    select(
        *_THREAD.selected_columns,
        select(func.array_agg(aggregate_order_by(_TAGS.c.tag, _TAGS.c.tag)))
        .where(_TAGS.c.thread_id == _THREADS.c.id)
        .scalar_subquery()
        .label(_TAG_LIST),
        *(column.label(_WINDOW_PREFIX + column.key) for column in _WINDOWS.columns),
    )
    .select_from(
        _THREADS.join(_METRICS, _METRICS.c.thread_id == _THREADS.c.id).outerjoin(
            _WINDOWS, _WINDOWS.c.thread_id == _THREADS.c.id
        )
    )
    .where(_THREADS.c.id == _ID)
    .order_by(_WINDOWS.c.window_size)
)
_THREAD_METADATA = SimpleResultMetaData(_THREAD_KEYS)
_WINDOW_METADATA = SimpleResultMetaData(_WINDOW_KEYS)
_WINDOW_SIZE = len(_THREAD_KEYS) + _WINDOW_KEYS.index("window_size")


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
        return _record_of(connection.execute(_THREAD_WITH_ALL, given).all())
    found = connection.execute(_THREAD, given).first()
    if found is None:
        return None
    tags = list(connection.execute(_THREAD_TAGS, given).scalars())
    windows = connection.execute(_THREAD_WINDOWS, given).all()
    return ThreadRecord(found, tags, list(windows))


def _record_of(rows: Sequence[Sequence[Any]]) -> ThreadRecord | None:
    """The record from the rows of `_THREAD_WITH_ALL` (none: no such thread)."""
    if not rows:
        return None
    split = len(_THREAD_KEYS)
    first = tuple(rows[0])
    (thread,) = _rows(_THREAD_METADATA, [first[:split]])
    windows = _rows(
        _WINDOW_METADATA, (tuple(row)[split:] for row in rows if row[_WINDOW_SIZE] is not None)
    )
    return ThreadRecord(thread, list(first[split - 1] or ()), windows)


def _rows(metadata: SimpleResultMetaData, values: Iterable[tuple[Any, ...]]) -> list[Row[Any]]:
    """Rows as SQLAlchemy gives them (read by name, or as a mapping), of values read apart."""
    result: IteratorResult[Any] = IteratorResult(metadata, iter(values))
    return list(result.all())
