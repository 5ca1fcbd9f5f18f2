"""Logs without personal data: a database error whose statement carried a comment's text and its
author's id is logged as its class, request id and frames, never with the data.

The end-to-end tests run `parley serve` (its real log configuration) on a throwaway SQLite file
and make the insert fail for real: a trigger refuses it (500), then its table is dropped (503).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, text
from sqlalchemy.exc import DBAPIError

from app.request_log import REQUEST_ID_HEADER, JsonLogFormatter, TextLogFormatter, uvicorn_logging
from app.settings import Settings
from app.web_safety import SAFETY_HEADERS
from bench.serve import parley_serve
from db.models import CommentRow
from tests.api.bodies import comment

TEXT = "MARKER-TEXT-only-in-the-comment"
AUTHOR = "MARKER-AUTHOR-4711"
NAME = "MARKER-NAME-Ann"
MARKERS = (TEXT, AUTHOR, NAME)
ACCESS_FIELDS = {"request_id", "method", "route", "status", "duration_ms"}
SIZE_FIELDS = {"request_bytes", "response_bytes"}


def marked_thread(external_id: str) -> dict[str, Any]:
    said = comment("a", None, AUTHOR, 0, text=TEXT) | {"author_name": NAME}
    return {"platform": "youtube", "external_id": external_id, "comments": [said]}


def failing_record() -> logging.LogRecord:
    try:
        raise ValueError(f"could not store {TEXT!r} by {AUTHOR}")
    except ValueError:
        return logging.LogRecord("t", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())


@pytest.mark.parametrize("formatter", [JsonLogFormatter(), TextLogFormatter()])
def test_a_logged_exception_keeps_its_class_and_frames_not_its_message(
    formatter: logging.Formatter,
) -> None:
    line = formatter.format(failing_record())
    assert "ValueError" in line
    assert "test_logs.py:" in line
    assert ":failing_record" in line
    assert not any(marker in line for marker in MARKERS)


def test_uvicorns_own_access_log_is_replaced_and_the_format_chosen() -> None:
    for log_format in ("json", "text"):
        options = uvicorn_logging(Settings(log_format=log_format))
        assert options["access_log"] is False
        assert options["log_config"]["handlers"]["stderr"]["formatter"] == log_format


@pytest.fixture
def refusing_trigger(clean_engine: Engine) -> Iterator[None]:
    """Inserting a comment fails inside the database; PostgreSQL's message quotes the row."""
    if clean_engine.dialect.name == "sqlite":
        create = [
            "CREATE TRIGGER refuse_comments BEFORE INSERT ON comments "
            "BEGIN SELECT RAISE(ABORT, 'comment refused'); END"
        ]
        drop = ["DROP TRIGGER refuse_comments"]
    else:
        create = [
            "CREATE FUNCTION refuse_comment() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'comment refused: % by %', NEW.text, NEW.author; END $$",
            "CREATE TRIGGER refuse_comments BEFORE INSERT ON comments "
            "FOR EACH ROW EXECUTE FUNCTION refuse_comment()",
        ]
        drop = ["DROP TRIGGER refuse_comments ON comments", "DROP FUNCTION refuse_comment()"]
    with clean_engine.begin() as connection:
        for statement in create:
            connection.execute(text(statement))
    yield
    with clean_engine.begin() as connection:
        for statement in drop:
            connection.execute(text(statement))


@pytest.mark.usefixtures("refusing_trigger")
def test_sql_parameters_never_reach_an_exception_message(clean_engine: Engine) -> None:
    row = {"thread_id": 1, "position": 0, "comment_id": "a", "reply_to_method": "given"}
    row_insert = insert(CommentRow).values(**row, depth=0, text=TEXT, author=AUTHOR)
    with clean_engine.begin() as connection, pytest.raises(DBAPIError) as failed:
        connection.execute(row_insert)
    message = str(failed.value)
    assert "SQL parameters hidden" in message
    # PostgreSQL's own message can still quote the row, which is why messages are never logged.
    assert (TEXT in message) is (clean_engine.dialect.name == "postgresql")


@pytest.mark.usefixtures("refusing_trigger")
def test_a_failed_insert_is_logged_without_the_data(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        response = client.post("/v1/threads", json=marked_thread("p1"))
    assert response.status_code == 500
    assert not any(marker in response.text for marker in MARKERS)
    errors = [r for r in caplog.records if r.name == "app.errors"]
    assert errors, caplog.text
    for record in caplog.records:
        for formatter in (JsonLogFormatter(), TextLogFormatter()):
            line = formatter.format(record)
            assert not any(marker in line for marker in MARKERS), line
    assert any("sqlalchemy.exc." in r.getMessage() for r in errors)


@dataclass
class Served:
    base: str
    database: Path
    log: Path

    def lines(self) -> list[dict[str, Any]]:
        """Every line the server logged, each of which must be one JSON object."""
        return [json.loads(line) for line in self.log.read_text().splitlines()]

    def lines_of(self, request_id: str, count: int = 1) -> list[dict[str, Any]]:
        deadline = time.monotonic() + 5
        while True:
            found = [line for line in self.lines() if line.get("request_id") == request_id]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def send(
        self, path: str, request_id: str, body: object = None
    ) -> tuple[int, dict[str, str], bytes]:
        data = None if body is None else json.dumps(body).encode()
        headers = {REQUEST_ID_HEADER: request_id, "Content-Type": "application/json"}
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, _lowered(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, _lowered(error.headers), error.read()


def _lowered(headers: Message) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("served")
    database, log = folder / "served.db", folder / "server.log"
    settings = {"database_url": f"sqlite:///{database}", "log_format": "json"}
    with parley_serve(settings, log=log, cwd=folder, seconds=30) as server:
        yield Served(server.base, database, log)


def test_one_json_access_line_per_request_with_the_route_template(served: Served) -> None:
    status, headers, _ = served.send("/v1/threads?tag=MARKER-TAG-ann&limit=5", "listing-1")
    assert status == 200
    assert headers[REQUEST_ID_HEADER.lower()] == "listing-1"
    upload = marked_thread("p-ok")
    status, headers, answer = served.send("/v1/threads", "upload-1", upload)
    assert status == 201
    (listing,) = served.lines_of("listing-1")
    assert listing.keys() >= ACCESS_FIELDS | SIZE_FIELDS
    assert (listing["method"], listing["route"], listing["status"]) == ("GET", "/v1/threads", 200)
    assert listing["duration_ms"] >= 0
    (stored,) = served.lines_of("upload-1")
    assert stored["request_bytes"] == len(json.dumps(upload).encode())
    assert stored["response_bytes"] == len(answer)
    status, _, _ = served.send("/v1/threads/123456", "one-thread")
    assert (status, served.lines_of("one-thread")[0]["route"]) == (404, "/v1/threads/{thread_id}")
    whole = served.log.read_text()
    assert "MARKER-TAG" not in whole
    assert "limit=" not in whole
    assert not any(marker in whole for marker in MARKERS)


def test_database_failures_are_logged_without_the_data(served: Served) -> None:
    with sqlite3.connect(served.database) as database:
        database.execute(
            "CREATE TRIGGER refuse_comments BEFORE INSERT ON comments "
            "BEGIN SELECT RAISE(ABORT, 'comment refused'); END"
        )
    status, headers, answer = served.send("/v1/threads", "refused-insert", marked_thread("p2"))
    assert status == 500
    assert {name: headers.get(name.lower()) for name in SAFETY_HEADERS} == SAFETY_HEADERS
    with sqlite3.connect(served.database) as database:
        database.execute("DROP TRIGGER refuse_comments")
        database.execute("DROP TABLE comments")
    status, _, _ = served.send("/v1/threads", "lost-table", marked_thread("p3"))
    assert status == 503

    (refused,) = [line for line in served.lines_of("refused-insert", 2) if line["level"] != "INFO"]
    assert (refused["level"], refused["logger"]) == ("ERROR", "app.errors")
    assert "sqlalchemy.exc.IntegrityError" in refused["message"]
    assert "db/repository.py:" in refused["message"]  # the frames, file:line:function
    (lost,) = [line for line in served.lines_of("lost-table", 2) if line["level"] != "INFO"]
    assert "sqlalchemy.exc.OperationalError" in lost["message"]
    whole = served.log.read_text()
    assert not any(marker in whole for marker in MARKERS)
    assert "SQL parameters hidden" not in whole  # no database message at all
    assert not any(marker.encode() in answer for marker in MARKERS)
