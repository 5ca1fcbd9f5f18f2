"""Engine and session factory for a database URL (SQLite file by default, PostgreSQL by setting)."""

from __future__ import annotations

import select
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.orm import Session, sessionmaker

# The execution option an engine made with relaxed_commits carries.
RELAXED_COMMITS = "parley_relaxed_commits"
# Every connection a pool opens, kept: the 15 that SQLAlchemy's default pool allows at once
# (5 kept and 10 more), but the 10 were each opened and closed again for a single request
# whenever more than 5 ran at once. A SQLite file's were given their pragmas each time (20
# clients: ~6 % of a read's CPU); on PostgreSQL each was a new server process, and those
# requests were the slow ones: 126 of 4,298 /v1/platforms answers (20 clients, 2 processes)
# opened one, checking it out in 45 ms at the median and 1.9 s at the 99th percentile, where
# the others took 3 ms and 170 ms.
POOL_SIZE = 15


def make_engine(url: str, *, relaxed_commits: bool = False) -> Engine:
    """`relaxed_commits`: on PostgreSQL, no commit of this engine's connections waits for the
    disk (db.jobs.relaxed_commit says when that is safe); for an engine only import jobs use."""
    # hide_parameters: a statement's parameters (comment text, author ids) never appear in an
    # exception's message, so no error log or traceback can carry them.
    sqlite = url.startswith("sqlite")
    relaxed = relaxed_commits and url.startswith("postgresql")
    # A file: an in-memory database lives in its one connection (SQLAlchemy pools it so).
    in_memory = (make_url(url).database or ":memory:") == ":memory:" or "mode=memory" in url
    file = sqlite and not in_memory
    sizes = {"pool_size": POOL_SIZE, "max_overflow": 0} if file or not sqlite else {}
    engine = create_engine(url, hide_parameters=True, **sizes)
    if sqlite:
        event.listen(engine, "connect", _sqlite_on_connect)
    else:
        event.listen(engine.pool, "checkout", _ping_when_dropped(engine))
    if not relaxed:
        return engine
    # Set once per connection (not in the URL's `options`, which may name a search_path), and
    # said on the engine, so that a transaction need not set it (a round trip each).
    event.listen(engine, "connect", _relax_commits)
    return engine.execution_options(**{RELAXED_COMMITS: True})


def _ping_when_dropped(engine: Engine) -> Callable[[Any, Any, Any], None]:
    """A check at checkout that finds server connections dropped while pooled (a server restart,
    pg_terminate_backend, idle_session_timeout) as the pool's pre-ping did, without its round
    trip (one of a thread read's four) for a connection with nothing to read: the server ends
    a connection by sending its reason and closing it, which leaves the socket readable. Only
    then is the connection pinged; a failed ping drops every connection the pool holds, as the
    pre-ping did. (A server that vanished without a word answers no ping either.)"""

    def ping_when_readable(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        try:
            poll = select.poll()
            poll.register(dbapi_connection.fileno(), select.POLLIN)
            if poll.poll(0):
                engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:  # fileno() too, once closed
            raise InvalidatePoolError(str(error)) from error

    return ping_when_readable


def _relax_commits(dbapi_connection: Any, _record: Any) -> None:
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    dbapi_connection.commit()  # psycopg opened a transaction for the SET: end it, keeping it


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # SQLite ignores foreign keys (and so ON DELETE CASCADE) unless asked on every connection;
    # WAL lets readers proceed while one request writes; secure_delete overwrites what a delete
    # frees, so a deleted or replaced thread's text and authors do not linger in free pages.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
