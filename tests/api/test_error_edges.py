"""Edges of input and listing: content sniffed when its declared type disagrees, broken JSON
located, deep nesting refused with a 4xx, and the listing's tag filter and unknown parameters."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import importers.payload
from importers.base import InvalidInput
from importers.payload import Payload
from importers.registry import import_payload
from tests.api.bodies import chain
from tests.api.problems import assert_problem

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
CANONICAL = (FORMATS / "canonical" / "two_threads.json").read_bytes()
CONVOKIT = (FORMATS / "convokit" / "utterances.jsonl").read_bytes()
YCD_LINES = FORMATS / "youtube_comment_downloader" / "2021_lines.json"  # JSON Lines in a .json
DEEP = b"[" * 20_000 + b"]" * 20_000  # within the test client's 64 KiB limit


def post(client: TestClient, data: bytes, media_type: str, **params: str) -> Any:
    return client.post(
        "/v1/threads", content=data, headers={"content-type": media_type}, params=params
    )


def post_file(client: TestClient, name: str, data: bytes, media_type: str) -> Any:
    return client.post("/v1/threads", files={"file": (name, data, media_type)})


def test_json_lines_in_a_json_file_declared_json_is_sniffed(client: TestClient) -> None:
    response = post_file(client, YCD_LINES.name, YCD_LINES.read_bytes(), "application/json")
    assert response.status_code == 201, response.text
    assert response.json()["threads"][0]["source_format"] == "youtube_comment_downloader"
    response = post(client, CONVOKIT, "application/json")
    assert response.status_code == 201, response.text
    assert response.json()["threads"][0]["source_format"] == "convokit"


@pytest.mark.parametrize("media_type", ["text/xml", "application/x-ndjson", "text/csv"])
def test_json_under_another_declared_type_is_detected(client: TestClient, media_type: str) -> None:
    response = post(client, CANONICAL, media_type)
    assert response.status_code == 201, response.text
    assert {t["source_format"] for t in response.json()["threads"]} == {"canonical"}


def _expected_position(text: bytes) -> tuple[int, int]:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return exc.lineno, exc.colno
    raise AssertionError("the text is valid JSON")


def test_truncated_json_says_invalid_json_at_its_line_and_column(client: TestClient) -> None:
    truncated = CANONICAL[:300]
    line, column = _expected_position(truncated)
    body = assert_problem(post_file(client, "two.json", truncated, "application/octet-stream"), 422)
    assert body["detail"].startswith(f"invalid JSON at line {line}, column {column}")
    assert "not recognised" not in body["detail"]
    assert body["errors"][0]["loc"] == ["body", "line", line]


def test_broken_json_lines_name_their_line(client: TestClient) -> None:
    lines = CONVOKIT.splitlines()
    lines[2] = lines[2][:40]
    body = assert_problem(
        post_file(client, "talk.jsonl", b"\n".join(lines), "application/octet-stream"), 422
    )
    assert body["detail"].startswith("invalid JSON at line 3, column")
    assert body["errors"][0]["loc"][-2:] == ["line", 3]  # detected as convokit: its lines


def test_broken_json_declared_as_json_names_line_and_column(client: TestClient) -> None:
    truncated = CANONICAL[:300]
    line, column = _expected_position(truncated)
    body = assert_problem(post(client, truncated, "application/json"), 400)
    assert body["detail"].startswith(f"invalid JSON at line {line}, column {column}")


def _zip(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "media_type", "params"),
    [
        (DEEP, "application/json", {}),
        (DEEP, "application/octet-stream", {}),
        (DEEP, "text/xml", {"format": "canonical"}),
        (b'{"id": 1}\n{"a": ' + b"[" * 5000 + b"]" * 5000 + b"}\n", "application/x-ndjson", {}),
        (b"[" * 600 + b"]" * 600, "application/octet-stream", {}),  # under Python's own limit
        (_zip("deep.json", DEEP), "application/zip", {}),
    ],
    ids=["json", "octet-stream", "named-format", "json-lines", "600-levels", "zip-member"],
)
def test_deeply_nested_json_is_a_4xx_not_a_500(
    client: TestClient, data: bytes, media_type: str, params: dict[str, str]
) -> None:
    failing = TestClient(client.app, raise_server_exceptions=False)
    response = post(failing, data, media_type, **params)
    assert 400 <= response.status_code < 500, response.text
    body = assert_problem(response, response.status_code)
    assert "levels deep" in body["detail"]


def test_the_importers_bound_nesting_without_the_upload_checks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(InvalidInput, match="levels deep"):
        import_payload(Payload(DEEP))
    # Past the bound, a RecursionError anywhere in detection or parsing is still a refusal.
    monkeypatch.setattr(importers.payload, "MAX_JSON_DEPTH", 10**9)
    with pytest.raises(InvalidInput, match="nests too deeply"):
        import_payload(Payload(b"[" * 100_000 + b"]" * 100_000))


def test_brackets_inside_strings_do_not_count_as_nesting(client: TestClient) -> None:
    thread = chain("brackets", "youtube", 2)
    thread["comments"][0]["text"] = "[{" * 2000 + '\\"]' * 10
    response = client.post("/v1/threads", json=thread)
    assert response.status_code == 201, response.text


def test_the_listing_filters_by_tag(stored: TestClient) -> None:
    def listed(**params: Any) -> list[str]:
        items = stored.get("/v1/threads", params=params).json()["items"]
        return sorted(item["external_id"] for item in items)

    assert listed(tag="brand-a") == ["y0", "y1", "y2"]
    assert listed(tag="brand-b") == ["t0", "t1"]
    assert listed(tag="no-such-tag") == []
    assert listed(tag=["brand-a", "brand-b"]) == []  # every tag given
    assert listed(tag="brand-a", platform="youtube", sort="comments", min_comments=2) == [
        "y1",
        "y2",
    ]
    first = stored.get("/v1/threads", params={"tag": "brand-a", "limit": 2}).json()
    cursor = first["next_cursor"]
    rest = stored.get("/v1/threads", params={"tag": "brand-a", "limit": 2, "cursor": cursor})
    assert [i["external_id"] for i in rest.json()["items"]] == ["y2"]


def test_the_listing_refuses_unknown_parameters_by_name(stored: TestClient) -> None:
    body = assert_problem(stored.get("/v1/threads", params={"tags": "brand-a", "x": "1"}), 422)
    assert "'tags'" in body["detail"]
    assert "'x'" in body["detail"]
    assert [error["loc"] for error in body["errors"]] == [["query", "tags"], ["query", "x"]]
