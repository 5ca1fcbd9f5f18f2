"""The time budget of a read request: past it, 503 problem+json "request-budget-exceeded".

A statement that would run far longer than the budget (PostgreSQL: pg_sleep; SQLite: a
recursive count to 10^8, about 30 s) is cut at the deadline, on both databases.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from psycopg.pq import TransactionStatus
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from app.deps import SessionDep
from app.errors import TYPE_BASE
from app.limits.budget import (
    POSTGRES_SLACK_SECONDS,
    RequestBudgetExceeded,
    check_budget,
    connection_budget,
    read_only_budget,
    request_budget,
)
from app.main import create_app
from tests.api.bodies import dialogue_thread
from tests.api.problems import assert_problem
from tests.conftest import api_settings

BUDGET_SECONDS = 0.3
SLOW = {  # far beyond the budget: only an interruption ends them in time
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
    "WHERE i < 100000000) SELECT count(*) FROM n",
    "postgresql": "SELECT pg_sleep(20)",
}
# Well within a second, but longer than an already spent budget.
QUICK = {
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
    "WHERE i < 100000) SELECT count(*) FROM n",
    "postgresql": "SELECT pg_sleep(0.05)",
}


def budgeted_client(database_url: str, seconds: float) -> Iterator[TestClient]:
    settings = api_settings(database_url, request_budget_seconds=seconds)
    app = create_app(settings)
    app.add_api_route("/test/slow", slow_read, methods=["GET"])
    with TestClient(app) as client:
        yield client


def slow_read(session: SessionDep) -> dict[str, int]:
    dialect = session.get_bind().dialect.name
    session.execute(text(SLOW[dialect]))
    return {}


@pytest.fixture
def client_with_budget(clean_engine: Engine, database_url: str) -> Iterator[TestClient]:
    yield from budgeted_client(database_url, BUDGET_SECONDS)


@pytest.fixture
def spent_budget(clean_engine: Engine, database_url: str) -> Iterator[TestClient]:
    """A budget spent before the first statement: every read is refused, every write runs."""
    yield from budgeted_client(database_url, 1e-9)


def assert_budget_problem(response: Any) -> None:
    body = assert_problem(response, 503)
    assert body["type"] == TYPE_BASE + "request-budget-exceeded"
    assert body["title"] == "Request took too long"
    assert "request_budget_seconds" in body["detail"]
    assert int(response.headers["retry-after"]) > 0


def test_a_long_statement_is_cut_at_the_budget(client_with_budget: TestClient) -> None:
    started = time.monotonic()
    response = client_with_budget.get("/test/slow")
    elapsed = time.monotonic() - started
    assert_budget_problem(response)
    assert f"{BUDGET_SECONDS:g} s" in response.json()["detail"]
    assert elapsed < 5  # the statement alone would take 20 s or more
    # The connection went back to the pool clean: the next reads are answered. (On a loaded
    # machine one may itself outlast the 0.3 s budget; that is a 503 of its own, not a broken
    # connection, which would answer 500 or 503 database-unavailable.)
    answered = 0
    for _ in range(20):
        response = client_with_budget.get("/v1/threads")
        if response.status_code != 200:
            assert_budget_problem(response)
        answered += response.status_code == 200
        if answered == 3:
            break
    assert answered == 3


def test_an_expensive_read_stops_at_a_spent_budget(spent_budget: TestClient) -> None:
    created = spent_budget.post("/v1/threads", json=dialogue_thread())
    assert created.status_code == 201, created.text  # writes are not budgeted
    thread_id = created.json()["threads"][0]["id"]
    for path in (
        f"/v1/threads/{thread_id}/conversations",
        f"/v1/threads/{thread_id}",
        "/v1/compare?metric=dialogue_score",
        "/v1/report",
    ):
        assert_budget_problem(spent_budget.get(path))


def test_the_budget_ends_with_the_request(session: Session, database_url: str) -> None:
    dialect = session.get_bind().dialect.name
    with (
        pytest.raises(RequestBudgetExceeded),
        session.begin(),
        request_budget(session, BUDGET_SECONDS),
    ):
        session.execute(text(SLOW[dialect]))
    with session.begin():
        with request_budget(session, 0.01):
            time.sleep(0.02)
            with pytest.raises(RequestBudgetExceeded):
                check_budget(session)  # the cooperative check between Python steps
        # Out of the budget: the same connection runs longer than it would have allowed.
        assert session.execute(text(QUICK[dialect])).scalar() is not None
        check_budget(session)  # no budget: nothing to check


def test_a_connection_budget_cuts_a_statement_and_ends_with_the_read(
    clean_engine: Engine,
) -> None:
    """The budget of a read that takes a connection and no session (a thread by id)."""
    dialect = clean_engine.dialect.name
    with clean_engine.connect() as connection:
        started = time.monotonic()
        with (
            pytest.raises(RequestBudgetExceeded),
            connection.begin(),
            connection_budget(connection, BUDGET_SECONDS),
        ):
            connection.execute(text(SLOW[dialect]))
        assert time.monotonic() - started < 5  # the statement alone would take 20 s or more
        with connection.begin(), connection_budget(connection, 0.01):
            time.sleep(0.02)
            with pytest.raises(RequestBudgetExceeded):  # no statement starts after it
                connection.execute(text("SELECT 1"))
        # Out of the budget: the same connection runs longer than it would have allowed.
        with connection.begin():
            assert connection.execute(text(QUICK[dialect])).scalar() is not None


def test_a_streamed_read_late_in_the_budget_lowers_the_timeout(session: Session) -> None:
    """PostgreSQL: the timeout is lowered before a statement once the budget has run on; a
    streamed read (a server-side cursor) must not carry that SET."""
    with session.begin(), request_budget(session, 2.0):
        session.execute(text("SELECT 1")).scalar()
        time.sleep(2 * POSTGRES_SLACK_SECONDS)
        streamed = session.execute(text("SELECT 2"), execution_options={"stream_results": True})
        assert streamed.scalar() == 2
        if session.get_bind().dialect.name == "postgresql":
            timeout = str(session.execute(text("SHOW statement_timeout")).scalar())
            assert timeout.endswith("ms")  # lowered from 2 s


def test_a_read_only_budget_commits_and_hands_the_connection_back_plain(
    clean_engine: Engine,
) -> None:
    """The budget that opens and ends a thread read's own transaction (on PostgreSQL with the
    timeout's SETs in the BEGIN's and the COMMIT's messages): afterwards no transaction, no
    timeout, and the driver's transactions as the pool's other users expect them."""
    with clean_engine.connect() as connection:
        with read_only_budget(connection, BUDGET_SECONDS):
            assert connection.execute(text("SELECT 1")).scalar() == 1
        assert not connection.in_transaction()
        dbapi: Any = connection.connection.dbapi_connection
        if clean_engine.dialect.name == "postgresql":
            assert not dbapi.autocommit
            assert dbapi.info.transaction_status == TransactionStatus.IDLE
            timeout = connection.execute(text("SHOW statement_timeout")).scalar()
            assert timeout == "0"  # the server's default: the SET LOCAL ended with the read
        # Longer than the budget was: nothing of it is left on the connection.
        assert connection.execute(text(QUICK[clean_engine.dialect.name])).scalar() is not None


def test_a_read_only_budget_cuts_a_statement_and_rolls_back(clean_engine: Engine) -> None:
    dialect = clean_engine.dialect.name
    with clean_engine.connect() as connection:
        started = time.monotonic()
        with pytest.raises(RequestBudgetExceeded), read_only_budget(connection, BUDGET_SECONDS):
            connection.execute(text(SLOW[dialect]))
        assert time.monotonic() - started < 5  # the statement alone would take 20 s or more
        assert not connection.in_transaction()
        with read_only_budget(connection, 0.01):
            time.sleep(0.02)
            with pytest.raises(RequestBudgetExceeded):  # no statement starts after the deadline
                connection.execute(text("SELECT 1"))
        with read_only_budget(connection, 5):  # the connection serves the next read
            assert connection.execute(text(QUICK[dialect])).scalar() is not None
