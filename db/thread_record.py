"""A stored thread read as plain rows, for the busiest read (GET /v1/threads/{id}).

The ORM's eager load of a thread with its metrics, windows and tags cost ~600 µs of CPU a read
(identity map, instrumented attributes, the row product of two joined collections); the same
columns in three Core statements cost ~290 µs (SQLite, 50,000 stored threads). Everything else
that needs a thread as an object (to change it, or to walk its comments) still loads ThreadRow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from db.models import MetricsRow, ThreadRow, ThreadTagRow, WindowMetricsRow

_THREADS = ThreadRow.__table__
_METRICS = MetricsRow.__table__
_TAGS = ThreadTagRow.__table__
_WINDOWS = WindowMetricsRow.__table__


@dataclass(frozen=True, slots=True)
class ThreadRecord:
    # The thread's columns and its metrics' columns in one row (no name is in both tables).
    row: Row[Any]
    tags: list[str]  # in order
    windows: list[Row[Any]]  # by window size


def thread_record(session: Session, thread_id: int) -> ThreadRecord | None:
    joined = _THREADS.join(_METRICS, _METRICS.c.thread_id == _THREADS.c.id)
    found = session.execute(
        select(_THREADS, _METRICS).select_from(joined).where(_THREADS.c.id == thread_id)
    ).first()
    if found is None:
        return None
    tags = session.scalars(
        select(_TAGS.c.tag).where(_TAGS.c.thread_id == thread_id).order_by(_TAGS.c.tag)
    ).all()
    windows = session.execute(
        select(_WINDOWS).where(_WINDOWS.c.thread_id == thread_id).order_by(_WINDOWS.c.window_size)
    ).all()
    return ThreadRecord(found, list(tags), list(windows))
