"""Connections as make_engine opens them: what a delete leaves in a SQLite file, and which
connections a pool keeps."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Connection, text

from app.main import create_app
from db.engine import POOL_SIZE, make_engine
from db.migrate import upgrade
from tests.api.bodies import chain
from tests.conftest import api_settings

MARKER = "erasable-marker-7f3a9c"  # an author id and a text nobody else writes


def _file_bytes(path: Path) -> bytes:
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def _stored_thread(path: Path) -> int:
    """A 40-comment thread whose every author and text carry MARKER, stored by the API."""
    upgrade(f"sqlite:///{path}")
    settings = api_settings(f"sqlite:///{path}")
    body = chain("erase-me", "youtube", 40)
    for comment in body["comments"]:
        comment["author"] = MARKER
        comment["text"] = f"{MARKER} says {comment['id']}"
    with TestClient(create_app(settings)) as client:
        thread_id: int = client.post("/v1/threads", json=body).json()["threads"][0]["id"]
    assert MARKER.encode() in _file_bytes(path)
    return thread_id


def test_a_deleted_thread_leaves_no_text_or_author_in_the_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "erase.db"
    thread_id = _stored_thread(path)
    settings = api_settings(f"sqlite:///{path}")
    with TestClient(create_app(settings)) as client:
        assert client.delete(f"/v1/threads/{thread_id}").status_code == 204
    assert MARKER.encode() not in _file_bytes(path)


def test_without_secure_delete_the_rows_would_linger(tmp_path: Path) -> None:
    """The control: SQLite builds differ in their default (Debian's overwrites, others do not);
    a connection that does not ask leaves the deleted rows in free pages."""
    path = tmp_path / "linger.db"
    _stored_thread(path)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA secure_delete=OFF")
        connection.execute("DELETE FROM comments")
    assert MARKER.encode() in _file_bytes(path)


def test_a_sqlite_file_keeps_every_connection_it_opens(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'pool.db'}")
    held = [engine.connect() for _ in range(POOL_SIZE)]
    for connection in held:
        connection.close()
    # All back in the pool, none closed (the default pool kept 5 and closed the other 10).
    assert engine.pool.status().startswith(f"Pool size: {POOL_SIZE}")
    assert f"Connections in pool: {POOL_SIZE}" in engine.pool.status()
    engine.dispose()


def server_process(connection: Connection) -> int:
    pid: int = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    return pid


def test_a_postgresql_pool_keeps_every_connection_it_opens(postgres_schema_url: str) -> None:
    """A connection opened for a burst of requests is a server process: it is kept for the
    next burst rather than closed and started again."""
    engine = make_engine(postgres_schema_url)
    held = [engine.connect() for _ in range(POOL_SIZE)]
    processes = {server_process(connection) for connection in held}
    for connection in held:
        connection.close()
    assert f"Connections in pool: {POOL_SIZE}" in engine.pool.status()
    again = [engine.connect() for _ in range(POOL_SIZE)]
    assert {server_process(connection) for connection in again} == processes
    for connection in again:
        connection.close()
    engine.dispose()


def test_an_in_memory_sqlite_database_stays_in_its_one_connection() -> None:
    engine = make_engine("sqlite://")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE kept (id INTEGER)"))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM kept")).scalar() == 0
    engine.dispose()
