"""Concurrent uploads of one post, and a DELETE racing them, against a real HTTP server (uvicorn
on a free port, its request threads each with their own database connection), on SQLite and
PostgreSQL: every request answers 2xx (or 404 for a thread already deleted), never 5xx, and the
stored thread is what applying the uploads one after another gives."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from app.main import create_app
from app.settings import Settings
from bench.serve import free_port
from db.engine import make_session_factory
from db.repository import POST_LOCK_BUCKETS, POST_LOCK_CLASS, lock_posts, post_lock_key
from tests.api.bodies import comment
from tests.api.problems import assert_problem
from tests.conftest import TEST_LANGUAGES

UPLOADS = 32  # concurrent POSTs of one post
SHARED = 4  # comments every upload sends (with its own values for the last one)


@pytest.fixture
def server(clean_engine: Engine, database_url: str) -> Iterator[str]:
    """The service on a free port; yields its base URL."""
    settings = Settings(
        database_url=database_url, text_languages=TEST_LANGUAGES, preload_text_pipelines=True
    )
    port = free_port()
    config = uvicorn.Config(create_app(settings), port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not running.started:
        assert thread.is_alive(), "the server stopped"
        assert time.monotonic() < deadline, "server did not start in 60 s"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=30)


def call(method: str, url: str, body: Any = None) -> tuple[int, Any]:
    """(status, JSON body or None) of one request."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, method=method, headers={"content-type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def wave(index: int) -> dict[str, Any]:
    """Upload `index` of the post: the shared comments s0…s3 (s3's text differs per upload) and
    two of its own, k<index> answering s0 and j<index> answering k<index>."""
    shared = [comment(f"s{i}", None, f"user{i}", i) for i in range(SHARED - 1)]
    shared.append(comment(f"s{SHARED - 1}", None, "user9", 9, f"version {index}"))
    own = [comment(f"k{index}", "s0", f"k{index}", 10), comment(f"j{index}", f"k{index}", "u0", 11)]
    return {"platform": "youtube", "external_id": "busy", "comments": shared + own}


def union_ids(indices: range) -> set[str]:
    return {f"s{i}" for i in range(SHARED)} | {f"{p}{i}" for i in indices for p in "kj"}


def stored_comments(base: str, thread_id: int) -> list[dict[str, Any]]:
    status, page = call("GET", f"{base}/v1/threads/{thread_id}/comments?limit=500")
    assert status == 200
    items: list[dict[str, Any]] = page["items"]
    return items


def test_concurrent_uploads_of_one_post_all_succeed_and_store_the_union(server: str) -> None:
    call("POST", f"{server}/v1/threads", wave(0) | {"external_id": "warm-up"})
    start = threading.Barrier(UPLOADS)

    def post(index: int) -> tuple[int, Any]:
        start.wait()
        return call("POST", f"{server}/v1/threads", wave(index))

    with ThreadPoolExecutor(UPLOADS) as pool:
        answers = list(pool.map(post, range(UPLOADS)))
    statuses = Counter(status for status, _ in answers)
    assert statuses == {201: UPLOADS}, [body for status, body in answers if status != 201][:3]
    threads = [body["threads"][0] for _, body in answers]
    assert Counter(t["outcome"] for t in threads) == {"created": 1, "merged": UPLOADS - 1}
    assert len({t["id"] for t in threads}) == 1
    # Applied one after another, each upload adds its own two comments to what it finds.
    assert sorted(t["comments_added"] for t in threads) == [2] * (UPLOADS - 1) + [SHARED + 2]
    final = max(threads, key=lambda t: t["metrics"]["comments"])
    comments = stored_comments(server, final["id"])
    assert {c["id"] for c in comments} == union_ids(range(UPLOADS))
    assert final["metrics"]["comments"] == len(comments) == SHARED + 2 * UPLOADS
    # s3 holds the text of whichever upload was applied last, as one of them says it did.
    last = next(c for c in comments if c["id"] == f"s{SHARED - 1}")["text"]
    assert last in {f"version {i}" for i in range(UPLOADS)}


def test_a_delete_racing_uploads_answers_no_5xx(server: str) -> None:
    status, created = call("POST", f"{server}/v1/threads", wave(0))
    assert status == 201
    first_id = created["threads"][0]["id"]
    start = threading.Barrier(UPLOADS)

    def act(index: int) -> tuple[str, int]:
        start.wait()
        if index % 4 == 0:
            return "DELETE", call("DELETE", f"{server}/v1/threads/{first_id}")[0]
        return "POST", call("POST", f"{server}/v1/threads", wave(index))[0]

    with ThreadPoolExecutor(UPLOADS) as pool:
        answers = Counter(pool.map(act, range(UPLOADS)))
    assert all(status < 500 for _, status in answers), answers
    assert {status for method, status in answers if method == "POST"} == {201}
    # 204 for each DELETE that found the thread (deleted once, idempotently), 404 after.
    assert {status for method, status in answers if method == "DELETE"} <= {204, 404}
    # Whatever order they ran in, what is stored is one whole thread, measured on its comments.
    status, listing = call("GET", f"{server}/v1/threads")
    assert status == 200
    for thread in listing["items"]:
        comments = stored_comments(server, thread["id"])
        assert thread["metrics"]["comments"] == len(comments)
        assert {f"s{i}" for i in range(SHARED)} <= {c["id"] for c in comments}


def test_an_upload_kept_waiting_too_long_answers_503_not_500(
    client: TestClient, clean_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another transaction holds the post (on SQLite: the write lock) past the wait limit."""
    monkeypatch.setattr("db.repository.LOCK_WAIT_SECONDS", 1)
    with make_session_factory(clean_engine)() as holder, holder.begin():
        lock_posts(holder, [("youtube", "busy")])
        body = assert_problem(client.post("/v1/threads", json=wave(0)), 503)
    assert body["type"].endswith("/post-busy")
    assert client.post("/v1/threads", json=wave(0)).status_code == 201  # free again


def test_many_posts_take_at_most_a_bucket_each_of_locks(session: Session) -> None:
    """20,000 posts in one transaction: PostgreSQL's lock table (about 6,400 for everyone)
    once ran out at 14,000 advisory locks; now they share 1,024 buckets."""
    posts = [("tiktok", f"p{i}") for i in range(20_000)]
    with session.begin():
        lock_posts(session, posts)
        if session.get_bind().dialect.name == "postgresql":
            held = session.scalar(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = "
                    ":cls AND pid = pg_backend_pid()"
                ),
                {"cls": POST_LOCK_CLASS},
            )
            assert held == len({post_lock_key(*post) for post in posts}) == POST_LOCK_BUCKETS
