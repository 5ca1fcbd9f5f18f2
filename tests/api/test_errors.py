"""Bad input gets a problem+json 4xx naming what is wrong, and changes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

import db.repository
from tests.api.bodies import comment, dialogue_thread, flat_thread
from tests.api.problems import assert_problem


def stored_count(client: TestClient) -> int:
    return len(client.get("/v1/threads").json()["items"])


def test_malformed_json_names_line_and_column(client: TestClient) -> None:
    body = assert_problem(
        client.post(
            "/v1/threads",
            content=b'{\n  "platform": "x",\n  oops\n}',
            headers={"content-type": "application/json"},
        ),
        400,
    )
    assert "line 3" in body["detail"]
    assert "column 3" in body["detail"]
    assert body["errors"][0]["loc"] == ["body", "line", 3]


def test_malformed_ndjson_names_the_line(client: TestClient) -> None:
    lines = b'{"id": "p", "speaker": "s", "conversation_id": "p", "text": ""}\n{broken\n'
    body = assert_problem(
        client.post("/v1/threads", content=lines, headers={"content-type": "application/x-ndjson"}),
        400,
    )
    assert "line 2" in body["detail"]


def test_missing_field_is_named(client: TestClient) -> None:
    thread = dialogue_thread()
    del thread["comments"][1]["text"]
    body = assert_problem(client.post("/v1/threads", json=thread), 422)
    locs = [error["loc"] for error in body["errors"]]
    assert ["comments", 1, "text"] in locs
    assert "'b'" in body["detail"] or any("'b'" in e["msg"] for e in body["errors"])


def test_wrong_type_is_named(client: TestClient) -> None:
    thread = dialogue_thread()
    thread["comments"][2]["created_at"] = "yesterday"
    body = assert_problem(client.post("/v1/threads", json=thread), 422)
    assert ["comments", 2, "created_at"] in [error["loc"] for error in body["errors"]]


def test_conflicting_duplicate_ids_are_named_and_nothing_is_stored(client: TestClient) -> None:
    thread = dialogue_thread()
    thread["comments"].append(comment("b", None, "eve", 9, text="another b"))
    body = assert_problem(client.post("/v1/threads", json=thread), 422)
    assert body["detail"].endswith("share an id: b")
    assert body["errors"] == [{"loc": ["comments", "id"], "msg": "id 'b' names different comments"}]
    assert stored_count(client) == 0


def test_unknown_format_lists_supported_formats(client: TestClient) -> None:
    body = assert_problem(client.post("/v1/threads", json={"hello": "world"}), 422)
    assert "canonical" in body["detail"]
    assert "convokit" in body["detail"]
    assert "hello" in body["detail"]  # what was seen


def test_unknown_thread_is_404(client: TestClient) -> None:
    assert_problem(client.get("/v1/threads/424242"), 404)
    assert_problem(client.delete("/v1/threads/424242"), 404)


def test_body_over_the_limit_is_413(client: TestClient) -> None:
    # The test client's limit is 64 KiB.
    body = json.dumps(flat_thread("big", 2000)).encode()
    assert len(body) > 64 * 1024
    assert_problem(
        client.post("/v1/threads", content=body, headers={"content-type": "application/json"}),
        413,
    )
    assert stored_count(client) == 0


def test_unsupported_media_type_is_415(client: TestClient) -> None:
    body = assert_problem(
        client.post("/v1/threads", content=b"GIF89a", headers={"content-type": "image/gif"}), 415
    )
    assert "image/gif" in body["detail"]


def test_bad_query_parameters_are_named(client: TestClient) -> None:
    body = assert_problem(client.get("/v1/threads", params={"sort": "nonsense"}), 422)
    assert body["errors"][0]["loc"] == ["query", "sort"]
    assert_problem(client.get("/v1/threads", params={"cursor": "not-a-cursor"}), 422)


def test_a_failure_half_way_stores_nothing(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.post("/v1/threads", json=dialogue_thread("kept"))
    real_store = db.repository.store_thread
    calls = 0

    def fail_on_second(*args: Any, **kwargs: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("disk full")
        real_store(*args, **kwargs)

    monkeypatch.setattr("app.api.threads.ingest.store_thread", fail_on_second)
    smaller = dialogue_thread("kept")
    smaller["comments"] = smaller["comments"][:1]
    upload = [smaller, dialogue_thread("second")]
    failing = TestClient(client.app, raise_server_exceptions=False)
    replace = {"on_existing": "replace"}
    assert failing.post("/v1/threads", params=replace, json=upload).status_code == 500
    monkeypatch.undo()
    items = client.get("/v1/threads").json()["items"]
    # the first thread's replacement was rolled back: the original upload is intact
    assert [(t["external_id"], t["metrics"]["comments"]) for t in items] == [("kept", 4)]


def test_same_post_twice_in_one_upload_is_stored_once_as_their_union(client: TestClient) -> None:
    response = client.post("/v1/threads", json=[flat_thread("x", 1)] * 2)
    assert response.status_code == 201, response.text
    (thread,) = response.json()["threads"]
    assert (thread["external_id"], thread["metrics"]["comments"]) == ("x", 1)
