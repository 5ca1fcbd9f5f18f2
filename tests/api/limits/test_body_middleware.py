"""app/limits/body.py at the ASGI level: a refused body is the answer whatever the application
made of the error, a silent client is cut at the grace period, and an answer given before the
body was read closes the connection."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from starlette.types import Message

from app.errors import install_problem_handlers
from app.limits.body import install_body_limits
from app.settings import Settings

LIMIT = 1000
GRACE = 0.3
SETTINGS = Settings(
    max_body_bytes=LIMIT,
    body_grace_seconds=GRACE,
    body_min_bytes_per_second=1000,
    preload_text_pipelines=False,
)


def small_app(settings: Settings = SETTINGS) -> FastAPI:
    app = FastAPI()

    @app.post("/json")
    def take_json(item: dict[str, Any]) -> dict[str, int]:  # FastAPI reads the body itself
        return {"keys": len(item)}

    @app.post("/ignore")
    def ignore_body() -> dict[str, str]:
        return {"read": "nothing"}

    @app.post("/stream")
    async def stream(request: Request) -> dict[str, int]:
        return {"bytes": len(await request.body())}

    install_body_limits(app, settings)
    install_problem_handlers(app)
    return app


def chunks(total: int) -> Any:
    for _ in range(total // 100):
        yield b" " * 100


def test_a_json_body_over_the_limit_is_413_not_fastapis_400() -> None:
    client = TestClient(small_app())
    response = client.post("/json", content=chunks(5 * LIMIT))  # chunked: no length declared
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/body-too-large")
    assert response.headers["connection"] == "close"


def test_a_declared_length_over_the_limit_never_reaches_the_application() -> None:
    client = TestClient(small_app())
    response = client.post("/stream", content=b" " * (LIMIT + 1))
    assert response.status_code == 413
    assert client.post("/stream", content=b" " * LIMIT).json() == {"bytes": LIMIT}


def test_an_answer_before_the_body_was_read_closes_the_connection() -> None:
    client = TestClient(small_app())
    unread = client.post("/ignore", content=b"{}")
    assert unread.headers["connection"] == "close"
    read = client.post("/json", json={"a": 1})
    assert read.json() == {"keys": 1}
    assert "connection" not in read.headers


async def call(
    app: FastAPI, receive: Callable[[], Awaitable[Message]], path: str = "/json"
) -> list[Message]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"transfer-encoding", b"chunked")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 2),
        "scheme": "http",
    }
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def test_a_client_that_stops_sending_is_answered_408_after_the_grace() -> None:
    app = small_app()
    opened = False

    async def receive() -> Message:
        nonlocal opened
        if not opened:
            opened = True
            return {"type": "http.request", "body": b'{"a":', "more_body": True}
        await asyncio.sleep(3600)  # then nothing more, and no disconnect either
        raise AssertionError("not cut off")

    started = time.monotonic()
    sent = asyncio.run(call(app, receive))
    waited = time.monotonic() - started
    assert GRACE <= waited < GRACE + 0.5
    assert sent[0]["status"] == 408
    assert (b"connection", b"close") in sent[0]["headers"]
    assert json.loads(sent[1]["body"])["type"].endswith("/body-too-slow")


def test_a_body_keeping_the_minimum_rate_is_read_past_the_grace() -> None:
    # A minimum far below the rate sent, so a busy machine's late wake-ups cannot cross it.
    app = small_app(SETTINGS.model_copy(update={"body_min_bytes_per_second": 100}))
    pieces = [b'{"a": "', *[b"x" * 100] * 8, b'"}']

    async def receive() -> Message:
        await asyncio.sleep(0.06)  # 100 bytes every 0.06 s: about 1,700 bytes/s
        piece = pieces.pop(0)
        return {"type": "http.request", "body": piece, "more_body": bool(pieces)}

    started = time.monotonic()
    sent = asyncio.run(call(app, receive))
    assert time.monotonic() - started > GRACE
    assert sent[0]["status"] == 200
    assert json.loads(sent[1]["body"]) == {"keys": 1}
