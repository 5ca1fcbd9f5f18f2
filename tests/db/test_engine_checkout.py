"""PostgreSQL connections checked out of an engine's pool (db/engine.py): one the server ended
while it was pooled is replaced before anyone uses it; one it did not end is handed out with
nothing sent (the pre-ping's round trip is gone)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text

from db.engine import make_engine


@pytest.fixture
def engine(postgres_schema_url: str) -> Iterator[Engine]:
    created = make_engine(postgres_schema_url)
    yield created
    created.dispose()


def backend_ids(engine: Engine, count: int) -> list[int]:
    """The server processes of `count` connections, all pooled again afterwards."""
    connections = [engine.connect() for _ in range(count)]
    ids = [c.execute(text("SELECT pg_backend_pid()")).scalar_one() for c in connections]
    for connection in connections:
        connection.close()
    return ids


def test_a_connection_the_server_ended_is_replaced_at_checkout(
    engine: Engine, postgres_schema_url: str
) -> None:
    pooled = backend_ids(engine, 3)
    admin = create_engine(postgres_schema_url)
    with admin.begin() as connection:
        for backend in pooled:
            ended = text("SELECT pg_terminate_backend(:backend, 5000)")
            assert connection.execute(ended, {"backend": backend}).scalar_one()
    admin.dispose()
    for _ in range(3):  # each pooled one, in turn: none fails the statement given to it
        with engine.connect() as connection:
            backend = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
            assert backend not in pooled


def test_a_live_pooled_connection_is_handed_out_with_nothing_sent(
    engine: Engine, tmp_path: Path
) -> None:
    backend_ids(engine, 1)  # one connection, pooled
    trace = tmp_path / "sent.txt"
    with trace.open("w") as sent:
        with engine.connect() as connection:
            pgconn: Any = connection.connection.dbapi_connection.pgconn  # type: ignore[union-attr]
            pgconn.trace(sent.fileno())
        with engine.connect() as connection:  # checked out again and back: no ping
            assert connection.connection.dbapi_connection.pgconn is pgconn  # type: ignore[union-attr]
        pgconn.untrace()
    assert trace.read_text() == ""
