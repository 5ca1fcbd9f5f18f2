"""Computed aggregates kept in memory under the data version (db/data_version.py).

An overview, a comparison or a report is a function of the stored threads and the request's
parameters; the stored threads change only with the data version, which every write moves on
in its own transaction. So a result computed at version V answers every later request with the
same parameters while the version is still V, and never after: a write is never followed by a
stale answer, in this process or in any other sharing the database.

Identical requests arriving while one computes wait for it rather than compute again (twenty
clients asking at once cost one computation). The cache holds the `entries` most recently used
results of this process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any, Final, TypeVar, cast

from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.applications import Starlette

from db.data_version import data_version

T = TypeVar("T")
_STATE: Final = "aggregate_cache"
_CREATING: Final = threading.Lock()


class ResultCache:
    """Least recently used results by key, with one computation in flight per key."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._results: OrderedDict[Hashable, Any] = OrderedDict()
        self._computing: dict[Hashable, Future[Any]] = {}
        self._lock = threading.Lock()
        self._newest_version = 0

    def get(self, key: Hashable, version: int, compute: Callable[[], T]) -> T:
        """The result under `key` at `version`, computing it (once) when not held."""
        versioned = (key, version)
        with self._lock:
            if version < self._newest_version:
                self._results.clear()  # the counter started again (database restored or reset)
            self._newest_version = version
            if versioned in self._results:
                self._results.move_to_end(versioned)
                return cast(T, self._results[versioned])
            pending = self._computing.get(versioned)
            owner = pending is None
            if pending is None:
                pending = self._computing[versioned] = Future()
        if not owner:
            return cast(T, pending.result())
        try:
            result = compute()
        except BaseException as exc:
            pending.set_exception(exc)
            raise
        finally:
            with self._lock:
                self._computing.pop(versioned, None)
        with self._lock:
            self._results[versioned] = result
            while len(self._results) > self.entries:
                self._results.popitem(last=False)
        pending.set_result(result)
        return result


def result_cache(app: Starlette, entries: int) -> ResultCache:
    """The application's cache, made with room for `entries` results on first use."""
    with _CREATING:
        cache: ResultCache | None = getattr(app.state, _STATE, None)
        if cache is None:
            cache = ResultCache(entries)
            setattr(app.state, _STATE, cache)
    return cache


def cached(cache: ResultCache, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or its result computed earlier at the current data version. The version is
    read first, so the data `compute` reads is never older."""
    version = version_before_reading(session)
    if version is None or cache.entries == 0:
        return compute()
    return cache.get(key, version, compute)


def version_before_reading(session: Session) -> int | None:
    """The data version, read before any data the session reads after it. In the session's
    transaction when it has begun one: what that sees (its own writes, which SQLite's triggers
    count inside it) is what the version must name; else on a pooled
    connection of its own, outside any transaction: then a cached answer costs its request no
    transaction (on PostgreSQL four round trips of six, BEGIN, the budget's two SETs and COMMIT,
    and the hop to the thread pool that ends it), and a computed one begins the session's
    transaction after the version was read. A one-row read by key: no budget to hold it to."""
    bind = session.get_bind()
    if session.in_transaction() or not isinstance(bind, Engine):  # bound to one connection
        return data_version(session)
    with bind.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        return data_version(connection)
