"""The transaction of one request: opened on the event loop with no I/O, ended in the thread
pool only when it reached the database; or, for a read that needs nothing else, opened, run and
ended in a single hop (`read_in_one_hop`).

FastAPI runs a plain dependency in the thread pool, and a generator dependency costs two hops
there (to enter and to exit). A hop is dear: a thread read by id spent ~0.35 ms of CPU per hop
of its ~1.9 ms (50,000 stored threads, 20 clients, bench.aggregates). Opening a session and a
budget does no I/O (the connection is taken at the first statement, in the thread that runs
it), so only the end needs a hop, and only when a statement ran.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractContextManager, asynccontextmanager, nullcontext
from typing import TypeVar

import anyio.to_thread
from anyio import CancelScope, CapacityLimiter
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from app.limits.budget import read_only_budget, request_budget

Read = TypeVar("Read")
# One-hop reads in threads at once, per process: well within the connections a pool keeps
# (db/engine.py), leaving the rest to the requests' sessions; more threads than that only take
# turns holding the GIL (20 clients, 2 CPUs).
READ_THREADS = 4


@asynccontextmanager
async def request_session(
    factory: sessionmaker[Session], budget_seconds: float | None
) -> AsyncIterator[Session]:
    """A session whose transaction commits when the request's handler returns and rolls back
    if it raises; with `budget_seconds`, its work is held to that budget."""
    session = factory()
    budget: AbstractContextManager[object] = (
        nullcontext() if budget_seconds is None else request_budget(session, budget_seconds)
    )
    budget.__enter__()
    try:
        yield session
    except BaseException as error:
        await _end(session, budget, error)
        raise
    await _end(session, budget, None)


async def _end(
    session: Session, budget: AbstractContextManager[object], error: BaseException | None
) -> None:
    if not session.in_transaction():  # nothing reached the database: nothing blocks
        end_transaction(session, budget, error)
        return
    # Shielded, as FastAPI ends its own generator dependencies: a client that goes away must
    # not leave the connection checked out; a limiter of its own, so that ending never waits
    # for a thread held by a request that waits for this connection.
    with CancelScope(shield=True):
        await anyio.to_thread.run_sync(
            end_transaction, session, budget, error, limiter=CapacityLimiter(1)
        )


def end_transaction(
    session: Session, budget: AbstractContextManager[object], error: BaseException | None
) -> None:
    """Lift the budget, then commit, or after an error roll back (closing does), and close.
    Raises what the budget makes of the error (an interrupted statement: over budget)."""
    with session:
        if error is None:
            budget.__exit__(None, None, None)
            session.commit()
        else:
            budget.__exit__(type(error), error, error.__traceback__)


def read_limiter() -> CapacityLimiter:
    """The threads `read_in_one_hop` may use at once (one limiter per application)."""
    return CapacityLimiter(READ_THREADS)


async def read_in_one_hop(
    engine: Engine,
    budget_seconds: float,
    read: Callable[[Connection], Read],
    limiter: CapacityLimiter,
) -> Read:
    """`read` in a transaction of its own, opened, run and ended in one hop to the thread pool:
    for a read that needs nothing else of the database, such as a thread by id (two hops cost
    it ~0.25 ms of CPU more). On a connection, not a session: a session's begin, connection and
    commit cost such a read ~10 % of its CPU, for no object loaded. Held to the budget as a
    request's session is, from when a thread of `limiter` runs it."""
    return await anyio.to_thread.run_sync(_read, engine, budget_seconds, read, limiter=limiter)


def _read(engine: Engine, budget_seconds: float, read: Callable[[Connection], Read]) -> Read:
    with engine.connect() as connection, read_only_budget(connection, budget_seconds):
        return read(connection)
