"""Engine and session factory for a database URL (SQLite file by default, PostgreSQL by setting)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str) -> Engine:
    # hide_parameters: a statement's parameters (comment text, author ids) never appear in an
    # exception's message, so no error log or traceback can carry them.
    # A pre-ping (a round trip per checkout) finds server connections dropped while pooled; a
    # SQLite file has no server to drop them, and the ping costs the busiest reads ~5 %.
    sqlite = url.startswith("sqlite")
    engine = create_engine(url, pool_pre_ping=not sqlite, hide_parameters=True)
    if sqlite:
        event.listen(engine, "connect", _sqlite_on_connect)
    return engine


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
