"""What used to be a 500 (issue 11): integers past the stored columns' range, crafted cursors, a
comment past spaCy's length limit, times that overflow in UTC, an unreachable database, and any
unexpected failure, which is now a 500 problem+json that leaves the connection usable."""

from __future__ import annotations

import base64
import http.client
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.api.compare.params import INT32_MAX, INT64_MAX
from app.main import create_app
from app.settings import Settings
from db.migrate import upgrade
from importers.timeparse import TimestampError, parse_timestamp
from nlp.pipeline import build_text_analyzer, comment_signals
from tests.api.bodies import comment, dialogue_thread, flat_thread
from tests.api.problems import PROBLEM, assert_problem
from tests.conftest import TEST_LANGUAGES

HUGE = 10**30
LONG_TEXT_CHARS = 1_100_000  # spaCy's max_length is 1,000,000


def settings(database_url: str, **changes: Any) -> Settings:
    chosen: dict[str, Any] = {
        "database_url": database_url,
        "max_body_bytes": 64 * 1024,
        "text_languages": TEST_LANGUAGES,
        "preload_text_pipelines": False,
        **changes,
    }
    return Settings(**chosen)


@pytest.mark.parametrize("thread_id", [INT32_MAX + 1, 2**63, HUGE, 0, -5])
@pytest.mark.parametrize("suffix", ["", "/comments", "/exchanges", "/conversations"])
def test_thread_ids_out_of_range_are_422_naming_the_id(
    client: TestClient, thread_id: int, suffix: str
) -> None:
    body = assert_problem(client.get(f"/v1/threads/{thread_id}{suffix}"), 422)
    assert body["errors"][0]["loc"] == ["path", "thread_id"]
    assert client.get(f"/v1/threads/{INT32_MAX}{suffix}").status_code == 404


def test_delete_of_an_id_out_of_range_is_422(client: TestClient) -> None:
    body = assert_problem(client.delete(f"/v1/threads/{HUGE}"), 422)
    assert body["errors"][0]["loc"] == ["path", "thread_id"]


@pytest.mark.parametrize(
    ("path", "name", "value"),
    [
        ("/v1/threads", "min_comments", INT32_MAX + 1),
        ("/v1/platforms", "min_comments", HUGE),
        ("/v1/tags", "min_comments", INT32_MAX + 1),
        ("/v1/compare", "min_comments", HUGE),
        ("/v1/report", "min_comments", HUGE),
        ("/v1/compare", "seed", INT64_MAX + 1),
    ],
)
def test_query_integers_out_of_range_are_422_naming_them(
    client: TestClient, path: str, name: str, value: int
) -> None:
    body = assert_problem(client.get(path, params={name: value}), 422)
    assert body["errors"][0]["loc"] == ["query", name]


def test_every_integer_parameter_is_bounded_in_the_spec(client: TestClient) -> None:
    for path, operations in client.get("/openapi.json").json()["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                options = schema.get("anyOf", [schema])
                for option in (o for o in options if o.get("type") == "integer"):
                    where = f"{path} {parameter['name']}"
                    assert option["minimum"] >= -(2**63), where
                    assert option["maximum"] <= INT64_MAX, where


def _cursor(state: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(state).encode()).decode().rstrip("=")


GOOD = {"sort": "id", "desc": False, "value": 1, "id": 1}
CRAFTED = [
    "not-a-cursor",
    "",
    "é",
    _cursor({"sort": "id"}),
    _cursor([1, 2]),
    _cursor(HUGE),
    _cursor("text"),
    _cursor({**GOOD, "id": HUGE}),
    _cursor({**GOOD, "id": 1.5}),
    _cursor({**GOOD, "id": True}),
    _cursor({**GOOD, "value": {"a": 1}}),
    _cursor({**GOOD, "value": [1]}),
    _cursor({**GOOD, "value": "1"}),
    _cursor({**GOOD, "value": HUGE}),
    _cursor({**GOOD, "extra": 1}),
    base64.urlsafe_b64encode(b'{"sort": "id", "desc": false, "value": NaN, "id": 1}').decode(),
    base64.urlsafe_b64encode(b"[" * 100_000 + b"]" * 100_000).decode()[:6000],
    base64.urlsafe_b64encode(b"[" * 4000 + b"]" * 4000).decode(),
    _cursor({**GOOD, "sort": "comments"}),  # another listing's
    _cursor({**GOOD, "desc": True}),
]


@pytest.mark.parametrize("cursor", CRAFTED)
def test_crafted_listing_cursors_are_422_naming_the_cursor(client: TestClient, cursor: str) -> None:
    body = assert_problem(client.get("/v1/threads", params={"cursor": cursor}), 422)
    assert body["errors"] == [{"loc": ["query", "cursor"], "msg": body["detail"]}]


@pytest.mark.parametrize(
    ("sort", "value", "accepted"),
    [("reply_share", 0.5, True), ("reply_share", float("inf"), False), ("comments", 2.5, False)],
)
def test_a_cursor_value_must_fit_the_sorted_column(
    client: TestClient, sort: str, value: float, accepted: bool
) -> None:
    cursor = _cursor({"sort": sort, "desc": False, "value": value, "id": 1})
    response = client.get("/v1/threads", params={"sort": sort, "cursor": cursor})
    if accepted:
        assert response.status_code == 200, response.text
    else:
        assert_problem(response, 422)


@pytest.mark.parametrize("cursor", ["", "-1", "1.5", "²", "1" * 11, str(INT32_MAX + 1), " 1"])
def test_crafted_comment_cursors_are_422_naming_the_cursor(client: TestClient, cursor: str) -> None:
    thread_id = client.post("/v1/threads", json=dialogue_thread()).json()["threads"][0]["id"]
    path = f"/v1/threads/{thread_id}/comments"
    body = assert_problem(client.get(path, params={"cursor": cursor}), 422)
    assert body["errors"][0]["loc"] == ["query", "cursor"]
    assert client.get(path, params={"cursor": str(INT32_MAX)}).json()["items"] == []


@pytest.fixture
def roomy_client(clean_engine: Engine, database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(settings(database_url, max_body_bytes=8 << 20))) as opened:
        yield opened


def test_a_comment_past_spacys_length_limit_is_analysed_whole(roomy_client: TestClient) -> None:
    words = ("why", "would", "anyone", "answer", "this", "garden", "question")
    text = " ".join(words[i % len(words)] for i in range(LONG_TEXT_CHARS // 5))[:LONG_TEXT_CHARS]
    assert len(text) == LONG_TEXT_CHARS
    long_thread = dialogue_thread("long")
    long_thread["comments"][1]["text"] = text
    response = roomy_client.post("/v1/threads", json=[dialogue_thread("short"), long_thread])
    assert response.status_code == 201, response.text[:500]
    stored = {t["external_id"]: t for t in response.json()["threads"]}
    assert set(stored) == {"short", "long"}
    tokens = text.count(" ") + 1
    assert stored["long"]["metrics"]["mean_tokens"] > tokens / 4  # 4 comments, one this long
    assert "mean_tokens" not in stored["long"]["metrics"]["unavailable"]


def test_a_trained_pipelines_limit_sends_longer_texts_to_the_blank_one() -> None:
    analyzer = build_text_analyzer(TEST_LANGUAGES)
    limited = analyzer.pipeline("en")
    limited.max_length = 40  # as a trained pipeline keeps spaCy's limit
    long_text = "why would anyone plant tomatoes in the autumn here?"
    texts = [long_text, "why so late then, my friend?"]
    signals = comment_signals(analyzer, texts)
    assert signals == comment_signals(build_text_analyzer(TEST_LANGUAGES), texts)
    assert signals[0].content_lemmas == {"plant", "tomato", "autumn"}
    assert analyzer.blank_pipeline("en") is not limited


@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00",
        "0001-01-01 00:00:00+1400",
        "Mon Jan 01 00:00:00 +1400 0001",
        10**400,
        1e300,
        float("inf"),
    ],
)
def test_times_that_overflow_are_timestamp_errors(value: object) -> None:
    with pytest.raises(TimestampError):
        parse_timestamp(value)


@pytest.mark.parametrize("created_at", ["0001-01-01T00:00:00+14:00", 10**400])
def test_an_overflowing_time_is_a_422_naming_the_comment(
    client: TestClient, created_at: object
) -> None:
    thread = dialogue_thread("when")
    thread["comments"].append({**comment("z", "a", "zoe", 9), "created_at": created_at})
    body = assert_problem(client.post("/v1/threads", json=thread), 422)
    (error,) = body["errors"]
    assert error["loc"][-3:] == ["comments", 4, "created_at"]
    assert client.get("/v1/threads").json()["items"] == []


@pytest.mark.parametrize(
    "database_url",
    ["postgresql+psycopg://postgres@127.0.0.1:1/test", "sqlite:////nonexistent/dir/parley.db"],
    ids=["postgresql-port-1", "sqlite-no-folder"],
)
def test_an_unreachable_database_is_503_with_retry_after_everywhere(database_url: str) -> None:
    with TestClient(create_app(settings(database_url))) as unreachable:
        spec = unreachable.get("/openapi.json").json()
        for path, operations in spec["paths"].items():
            for method in operations:
                # Valid path values: an invalid one is a 422 before the database is reached.
                url = path.replace("{thread_id}", "1").replace("{job_id}", "1")
                url = url.replace("{platform}", "tiktok").replace("{handle}", "someone")
                body = flat_thread("p", 2) if method == "post" else None
                response = unreachable.request(method, url, json=body)
                if path == "/healthz":
                    assert response.status_code == 200
                    continue
                problem = assert_problem(response, 503)
                assert response.headers["retry-after"].isdigit(), (method, path)
                assert problem["type"].endswith(("/database-unavailable", "/post-busy"))
                assert "503" in operations[method]["responses"], (method, path)


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[tuple[str, int]]:
    """A real uvicorn server on a free port, in a thread, on a migrated SQLite file."""
    url = f"sqlite:///{tmp_path / 'parley.db'}"
    upgrade(url)
    config = uvicorn.Config(create_app(settings(url)), host="127.0.0.1", port=0, log_level="error")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not (server.started and server.servers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    port: int = server.servers[0].sockets[0].getsockname()[1]
    yield "127.0.0.1", port
    server.should_exit = True
    thread.join(timeout=10)


def test_an_unexpected_error_is_a_500_problem_and_keeps_the_connection(
    live_server: tuple[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("injected failure")

    monkeypatch.setattr("app.api.health.routes.check_database", broken)
    connection = http.client.HTTPConnection(*live_server, timeout=10)
    connection.request("GET", "/readyz")
    failed = connection.getresponse()
    body = json.loads(failed.read())
    assert failed.status == 500
    assert failed.getheader("content-type", "").startswith(PROBLEM)
    assert body["type"].endswith("/internal-error")
    assert "injected" not in body["detail"]  # the cause is logged, not sent
    assert not failed.will_close
    socket_used = connection.sock
    connection.request("GET", "/healthz")  # the same keep-alive connection
    healthy = connection.getresponse()
    assert (healthy.status, json.loads(healthy.read())) == (200, {"status": "ok"})
    assert connection.sock is socket_used
    connection.close()
