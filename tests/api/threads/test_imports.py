"""Platform exports through POST /v1/threads: detection, options, multipart, reports."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import zstandard
from fastapi.testclient import TestClient

from tests.api.bodies import chain
from tests.api.problems import assert_problem

FORMATS = Path(__file__).resolve().parents[2] / "fixtures" / "formats"
APIFY = FORMATS / "tiktok_apify" / "comments.json"


def post_file(
    client: TestClient, path: Path, params: dict[str, str] | None = None
) -> dict[str, Any]:
    response = client.post(
        "/v1/threads",
        params=params,
        files={"file": (path.name, path.read_bytes(), "application/octet-stream")},
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_multipart_platform_export_is_detected_and_reported(client: TestClient) -> None:
    threads = post_file(client, APIFY)["threads"]
    assert {t["source_format"] for t in threads} == {"tiktok_apify"}
    report = threads[0]["import_report"]
    assert report["format"] == "tiktok_apify"
    assert report["rows_read"] >= report["comments_kept"] > 0


def test_retargeted_replies_keep_platform_graph_metrics(client: TestClient) -> None:
    threads = post_file(client, APIFY)["threads"]
    retargeted = [t for t in threads if t["import_report"]["retargeted"]]
    assert retargeted, "the fixture holds an @-reply to an earlier reply"
    for thread in retargeted:
        platform, rebuilt = thread["platform_metrics"], thread["metrics"]
        assert platform is not None
        assert platform["max_depth"] <= 2  # TikTok files every reply under the top level
        assert rebuilt["max_depth"] >= platform["max_depth"]
        assert platform["comments"] == rebuilt["comments"]


def test_zstd_file_part_is_recognised_by_magic_bytes(client: TestClient, tmp_path: Path) -> None:
    packed = tmp_path / "comments.json.zst"
    packed.write_bytes(zstandard.ZstdCompressor().compress(APIFY.read_bytes()))
    threads = post_file(client, packed)["threads"]
    assert threads[0]["source_format"] == "tiktok_apify"


def test_platform_external_id_and_tags_options(client: TestClient) -> None:
    path = FORMATS / "tiktok_comment_scrapper" / "7410000000000000001.json"
    threads = post_file(client, path, {"external_id": "my-video", "tag": "brand-a"})["threads"]
    assert [(t["external_id"], t["tags"]) for t in threads] == [("my-video", ["brand-a"])]


def test_mapped_columns_with_a_column_map(client: TestClient) -> None:
    rows = [
        ["cid", "parent", "who", "body", "when", "post"],
        ["1", "", "ann", "hello", "2024-01-01T00:00:00Z", "p9"],
        ["2", "1", "bob", "hi ann", "2024-01-01T00:01:00Z", "p9"],
        ["3", "2", "ann", "hi bob", "2024-01-01T00:02:00Z", "p9"],
    ]
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    response = client.post(
        "/v1/threads",
        params={
            "format": "mapped_columns",
            "platform": "other",
            "columns": "id:cid,parent:parent,author:who,text:body,time:when,thread:post",
        },
        content=text.getvalue(),
        headers={"content-type": "text/csv"},
    )
    assert response.status_code == 201, response.text
    (thread,) = response.json()["threads"]
    assert thread["external_id"] == "p9"
    assert thread["metrics"]["longest_back_and_forth"] == 3  # ann, bob, ann


def test_bad_column_map_is_named(client: TestClient) -> None:
    body = assert_problem(
        client.post(
            "/v1/threads",
            params={"format": "mapped_columns", "columns": "id=cid"},
            content="cid\n1\n",
            headers={"content-type": "text/csv"},
        ),
        422,
    )
    assert body["errors"][0]["loc"] == ["query", "columns"]


def test_unknown_format_name_lists_the_supported_ones(client: TestClient) -> None:
    body = assert_problem(
        client.post("/v1/threads", params={"format": "myspace"}, json={"a": 1}), 422
    )
    assert "tiktok_apify" in body["detail"]
    assert body["errors"][0]["loc"] == ["query", "format"]


def test_multipart_without_a_file_field_is_refused(client: TestClient) -> None:
    response = client.post("/v1/threads", data={"note": "no file"}, files={"other": ("x", b"1")})
    body = assert_problem(response, 400)
    assert "`file`" in body["detail"]


def test_a_thread_read_by_id_answers_as_stored(client: TestClient) -> None:
    """GET /v1/threads/{id} reads plain rows (db/thread_record.py), the listing ORM objects: both
    give the same thread, windows, tags and platform metrics included."""
    uploaded = post_file(client, APIFY, {"tag": "b-tag"})["threads"]
    client.post("/v1/threads", params={"tag": "a-tag"}, files={"file": APIFY.open("rb")})
    long_chain = chain("windows", "youtube", 60)  # 60 comments: first-10 and first-50 windows
    uploaded += client.post("/v1/threads", params={"tag": "b-tag"}, json=long_chain).json()["items"]
    client.post("/v1/threads", params={"tag": "a-tag"}, json=long_chain)
    listed = {t["id"]: t for t in client.get("/v1/threads", params={"limit": 100}).json()["items"]}
    assert any(t["windows"] for t in uploaded)
    assert any(t["platform_metrics"] for t in uploaded)
    for thread in uploaded:
        read = client.get(f"/v1/threads/{thread['id']}").json()
        assert read["tags"] == ["a-tag", "b-tag"]
        assert read == listed[thread["id"]]
        assert read["metrics"] == thread["metrics"]
