"""A worker's engine (`make_engine(relaxed_commits=True)`): on PostgreSQL its connections commit
without waiting for the disk, so `relaxed_commit` sends nothing; any other engine's transaction
gets the setting from `relaxed_commit` itself, and keeps it to that transaction. SQLite has no
such setting: nothing is sent."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event, text

from db.engine import make_engine, make_session_factory
from db.jobs import relaxed_commit


def statements_of_a_relaxed_transaction(engine: Engine) -> tuple[list[str], str | None]:
    """What `relaxed_commit` sent, and synchronous_commit within that transaction."""
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        with make_session_factory(engine).begin() as session:
            session.execute(text("SELECT 1"))
            sent.clear()
            relaxed_commit(session)
            relaxed = list(sent)
            setting = None
            if engine.dialect.name == "postgresql":
                setting = session.execute(text("SHOW synchronous_commit")).scalar_one()
    finally:
        event.remove(engine, "before_cursor_execute", record)
        engine.dispose()
    return relaxed, setting


def test_a_worker_engine_is_relaxed_on_every_connection(database_url: str) -> None:
    worker = make_engine(database_url, relaxed_commits=True)
    sent, setting = statements_of_a_relaxed_transaction(worker)
    assert sent == []
    if database_url.startswith("postgresql"):
        assert setting == "off"


def test_another_engine_is_relaxed_only_in_the_transaction_that_asks(database_url: str) -> None:
    server = make_engine(database_url)
    sent, setting = statements_of_a_relaxed_transaction(server)
    if database_url.startswith("postgresql"):
        assert sent == ["SET LOCAL synchronous_commit TO OFF"]
        assert setting == "off"
        with server.connect() as connection:
            assert connection.execute(text("SHOW synchronous_commit")).scalar_one() == "on"
    else:
        assert sent == []
