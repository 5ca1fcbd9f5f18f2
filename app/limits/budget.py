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

SQLITE_STEPS: Final = 10_000  # a check every ~0.1-1 ms of SQLite work: under 1% overhead
QUERY_CANCELED: Final = "57014"  # PostgreSQL's SQLSTATE for a statement_timeout
SQLITE_INTERRUPT: Final = "SQLITE_INTERRUPT"
# A PostgreSQL statement may end this much after the deadline before its timeout is lowered:
# each lowering is one more round trip, so it is not repeated for every statement.
POSTGRES_SLACK_SECONDS: Final = 0.1
_INFO_KEY: Final = "request_budget"


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
def _held(guarded: _GuardedConnections) -> Iterator[None]:
    """An interrupted statement as RequestBudgetExceeded; the guards taken off at the end."""
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
        guarded.detach(reset_timeout=succeeded)


@dataclass(slots=True)
class _GuardedConnections:
    """The connections a budgeted session took, each with the budget's guards on it."""

    budget: Budget
    attached: list[tuple[Connection, Callable[..., None]]] = field(default_factory=list)

    def attach(self, _session: Session | None, _transaction: Any, connection: Connection) -> None:
        budget = self.budget
        dbapi: Any = connection.connection.dbapi_connection
        postgresql = connection.dialect.name == "postgresql"

        def before_statement(*_: Any) -> None:
            budget.check()
            if postgresql and _timeout_outlasts(budget):
                # A cursor of its own: the statement's may be a server-side one (a streamed
                # read), which would wrap the SET in a DECLARE ... CURSOR and fail.
                with dbapi.cursor() as cursor:
                    _set_statement_timeout(cursor, budget)

        if connection.dialect.name == "sqlite":
            dbapi.set_progress_handler(lambda: budget.remaining() <= 0, SQLITE_STEPS)
        elif postgresql:
            with dbapi.cursor() as cursor:
                _set_statement_timeout(cursor, budget)
        event.listen(connection, "before_cursor_execute", before_statement)
        self.attached.append((connection, before_statement))

    def detach(self, *, reset_timeout: bool) -> None:
        for connection, before_statement in self.attached:
            event.remove(connection, "before_cursor_execute", before_statement)
            dbapi: Any = connection.connection.dbapi_connection
            if connection.dialect.name == "sqlite":
                dbapi.set_progress_handler(None, 0)
            elif reset_timeout:  # the transaction goes on (to its COMMIT) without the timeout
                with dbapi.cursor() as cursor:
                    cursor.execute("SET LOCAL statement_timeout = DEFAULT")


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


def _set_statement_timeout(cursor: Any, budget: Budget) -> None:
    remaining = budget.remaining()
    milliseconds = max(1, math.ceil(remaining * 1000))
    # An integer we computed, not user input: no parameter (SET takes no bind parameters).
    cursor.execute(f"SET LOCAL statement_timeout = {milliseconds}")
    budget.timeout_set = milliseconds / 1000


def _interrupted(exc: OperationalError) -> bool:
    """Whether the driver error is our own interruption (progress handler or timeout)."""
    cause = exc.orig
    return (
        getattr(cause, "sqlite_errorname", None) == SQLITE_INTERRUPT
        or getattr(cause, "sqlstate", None) == QUERY_CANCELED
    )
