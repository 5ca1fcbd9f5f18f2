"""A time budget for the work of one read request (`request_budget_seconds`), then a 503.

The request's session dependency (app/deps.py) opens the budget for reads (GET, HEAD); writes
are not cut, since a large upload legitimately takes long. Past the deadline:

- SQLite: a progress handler, run every SQLITE_STEPS virtual-machine steps, interrupts the
  statement in flight;
- PostgreSQL: `SET LOCAL statement_timeout` at the start of the transaction, lowered before a
  later statement so that none may run past the deadline, cancels it;
- both: no statement starts after the deadline, and long Python work between statements (text
  step, scoring, bootstrap) calls `check_budget` between its steps.

Each becomes RequestBudgetExceeded, which app/errors.py answers with 503 problem+json. Python
work does not stop inside a step: one step (one conversation, one metric's bootstrap, one
batch of texts) runs to its end.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import Connection, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from db.driver import driver_errors

SQLITE_STEPS: Final = 10_000  # a check every ~0.1-1 ms of SQLite work: under 1% overhead
QUERY_CANCELED: Final = "57014"  # PostgreSQL's SQLSTATE for a statement_timeout
SQLITE_INTERRUPT: Final = "SQLITE_INTERRUPT"
# A PostgreSQL statement may end this much after the deadline before its timeout is lowered:
# each lowering is one more round trip, so it is not repeated for every statement.
POSTGRES_SLACK_SECONDS: Final = 0.1
_INFO_KEY: Final = "request_budget"
RESET_TIMEOUT: Final = "SET LOCAL statement_timeout = DEFAULT"


class RequestBudgetExceeded(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"the request used up its time budget of {seconds:g} s for reading "
            "(request_budget_seconds) and was stopped; ask for less (fewer groups, metrics, "
            "resamples or a smaller thread) or retry when the service is less busy"
        )
        self.seconds = seconds


@dataclass(slots=True)
class Budget:
    seconds: float
    deadline: float = field(init=False)  # time.monotonic()
    # When a statement starting now would be cancelled by the timeout set (PostgreSQL).
    timeout_set: float | None = None

    def __post_init__(self) -> None:
        self.deadline = time.monotonic() + self.seconds

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def check(self) -> None:
        if self.remaining() <= 0:
            raise RequestBudgetExceeded(self.seconds)


@contextmanager
def request_budget(session: Session, seconds: float) -> Iterator[Budget]:
    """Hold the session's database work, and `check_budget` callers, to `seconds` from now.

    Entering does no I/O: the budget goes on each connection the session takes, when it takes
    it (the session's `after_begin`), in the thread that runs the statement. So a request's
    session can be opened on the event loop, and a request that never reads costs no
    connection. Enter it before the session's first statement."""
    guarded = _GuardedConnections(Budget(seconds))
    event.listen(session, "after_begin", guarded.attach)
    session.info[_INFO_KEY] = guarded.budget
    try:
        with _held(guarded):
            yield guarded.budget
    finally:
        del session.info[_INFO_KEY]
        event.remove(session, "after_begin", guarded.attach)


@contextmanager
def connection_budget(connection: Connection, seconds: float) -> Iterator[Budget]:
    """`request_budget` for a read that takes one connection and no session (a thread by id):
    the same guards, put on the connection at once, without the session's events (listening
    and unlistening cost such a read ~5 % of its CPU). Enter it inside the transaction."""
    guarded = _GuardedConnections(Budget(seconds))
    guarded.attach(None, None, connection)
    with _held(guarded):
        yield guarded.budget


@contextmanager
def read_only_budget(connection: Connection, seconds: float) -> Iterator[Budget]:
    """The transaction of a read that writes nothing (a thread by id), held to `seconds` as
    `connection_budget` holds one, committed at the end. Enter it outside a transaction.

    On PostgreSQL its BEGIN goes with the timeout's SET, and its COMMIT with the SET back to the
    default, in one message each (psycopg's own BEGIN, a round trip, is not sent): a thread read
    makes three round trips where it made five (BEGIN, SET, the read, SET, COMMIT)."""
    if connection.dialect.name != "postgresql":
        with connection.begin(), connection_budget(connection, seconds) as budget:
            yield budget
        return
    guarded = _GuardedConnections(Budget(seconds))
    dbapi: Any = connection.connection.dbapi_connection
    dbapi.autocommit = True  # the server's transaction is ours: BEGIN ... COMMIT
    try:
        with _held(guarded, reset_timeout=False):
            _run_unprepared(connection, f"BEGIN; {_statement_timeout(guarded.budget)}")
            guarded.listen(connection)
            yield guarded.budget
            guarded.detach(reset_timeout=False)
            _run_unprepared(connection, f"{RESET_TIMEOUT}; COMMIT")
    except BaseException:
        if not connection.invalidated:  # else the connection is closed, its transaction gone
            dbapi.rollback()  # sent only when the server's transaction is open
        connection.rollback()  # SQLAlchemy's own record of the transaction
        raise
    else:
        connection.commit()  # the record only: the server's transaction ended with our COMMIT
    finally:
        if not connection.invalidated:
            dbapi.autocommit = False  # as the pool's other users expect it


@contextmanager
def _held(guarded: _GuardedConnections, *, reset_timeout: bool = True) -> Iterator[None]:
    """An interrupted statement as RequestBudgetExceeded; the guards taken off at the end (and,
    with `reset_timeout`, the timeout too, after a success)."""
    succeeded = False
    try:
        yield
        succeeded = True
    except OperationalError as exc:
        if _interrupted(exc):
            raise RequestBudgetExceeded(guarded.budget.seconds) from exc
        raise
    finally:
        # Before the transaction ends: its COMMIT or ROLLBACK must not be interrupted, and
        # the pooled connection must not carry the handler into another request.
        guarded.detach(reset_timeout=reset_timeout and succeeded)


@dataclass(slots=True)
class _GuardedConnections:
    """The connections a budgeted session took, each with the budget's guards on it."""

    budget: Budget
    attached: list[tuple[Connection, Callable[..., None]]] = field(default_factory=list)

    def attach(self, _session: Session | None, _transaction: Any, connection: Connection) -> None:
        if connection.dialect.name == "postgresql":
            dbapi: Any = connection.connection.dbapi_connection
            with dbapi.cursor() as cursor:
                cursor.execute(_statement_timeout(self.budget))
        self.listen(connection)

    def listen(self, connection: Connection) -> None:
        """The guards but the first timeout: the SQLite progress handler; before each statement,
        the deadline checked and the timeout lowered when the budget has run on."""
        budget = self.budget
        dbapi: Any = connection.connection.dbapi_connection
        postgresql = connection.dialect.name == "postgresql"

        def before_statement(*_: Any) -> None:
            budget.check()
            if postgresql and _timeout_outlasts(budget):
                # A cursor of its own: the statement's may be a server-side one (a streamed
                # read), which would wrap the SET in a DECLARE ... CURSOR and fail.
                with dbapi.cursor() as cursor:
                    cursor.execute(_statement_timeout(budget))

        if connection.dialect.name == "sqlite":
            dbapi.set_progress_handler(lambda: budget.remaining() <= 0, SQLITE_STEPS)
        event.listen(connection, "before_cursor_execute", before_statement)
        self.attached.append((connection, before_statement))

    def detach(self, *, reset_timeout: bool) -> None:
        attached, self.attached = self.attached, []
        for connection, before_statement in attached:
            event.remove(connection, "before_cursor_execute", before_statement)
            dbapi: Any = connection.connection.dbapi_connection
            if connection.dialect.name == "sqlite":
                dbapi.set_progress_handler(None, 0)
            elif reset_timeout:  # the transaction goes on (to its COMMIT) without the timeout
                with dbapi.cursor() as cursor:
                    cursor.execute(RESET_TIMEOUT)


def check_budget(session: Session) -> None:
    """Raise RequestBudgetExceeded when the session's request has used up its budget."""
    budget: Budget | None = session.info.get(_INFO_KEY)
    if budget is not None:
        budget.check()


def budget_check(session: Session) -> Callable[[], None]:
    """`check_budget` for this session, for pure code that takes a callback between steps."""
    return lambda: check_budget(session)


def _timeout_outlasts(budget: Budget) -> bool:
    return budget.timeout_set is not None and (
        time.monotonic() + budget.timeout_set > budget.deadline + POSTGRES_SLACK_SECONDS
    )


def _statement_timeout(budget: Budget) -> str:
    """The SET that holds the transaction's statements to what remains of `budget`."""
    milliseconds = max(1, math.ceil(budget.remaining() * 1000))
    budget.timeout_set = milliseconds / 1000
    # An integer we computed, not user input: no parameter (SET takes no bind parameters).
    return f"SET LOCAL statement_timeout = {milliseconds}"


def _run_unprepared(connection: Connection, statements: str) -> None:
    """`statements`, several in one message, never prepared (psycopg prepares a text it has run
    five times, and PostgreSQL prepares no more than one statement); the driver's errors
    raised as SQLAlchemy raises them, a dropped connection invalidated."""
    dbapi: Any = connection.connection.dbapi_connection
    with driver_errors(connection, statements), dbapi.cursor() as cursor:
        cursor.execute(statements, prepare=False)


def _interrupted(exc: OperationalError) -> bool:
    """Whether the driver error is our own interruption (progress handler or timeout)."""
    cause = exc.orig
    return (
        getattr(cause, "sqlite_errorname", None) == SQLITE_INTERRUPT
        or getattr(cause, "sqlstate", None) == QUERY_CANCELED
    )
