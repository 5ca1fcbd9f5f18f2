"""Cached aggregates are never stale: every write path is followed by a fresh answer.

Each test reads an aggregate (which caches it), writes through one path, and reads again; on
SQLite and PostgreSQL. The cache is the service's own (app/api/compare/cache.py), kept under
the data version that database triggers move on (db/data_version.py).
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text

from app.api.threads.rescore import rescore
from tests.api.bodies import chain

EVERY_THREAD = {"min_comments": 1}


def platforms(client: TestClient) -> dict[str, dict[str, Any]]:
    answer = client.get("/v1/platforms", params=EVERY_THREAD)
    assert answer.status_code == 200
    return {group["group"]: group for group in answer.json()["groups"]}


def mean(group: dict[str, Any], metric: str) -> float:
    value: float = group["metrics"][metric]["mean"]
    return value


def upload(client: TestClient, body: dict[str, Any], **params: str) -> None:
    answer = client.post("/v1/threads", json=body, params=params)
    assert answer.status_code == 201, answer.text


def cached_entries(client: TestClient) -> int:
    return len(client.app.state.aggregate_cache._results)  # type: ignore[attr-defined]


def test_a_repeated_read_is_served_from_the_cache(client: TestClient) -> None:
    upload(client, chain("a", "reddit", 3))
    first = client.get("/v1/platforms", params=EVERY_THREAD).json()
    assert cached_entries(client) == 1
    assert client.get("/v1/platforms", params=EVERY_THREAD).json() == first
    assert cached_entries(client) == 1
    client.get("/v1/platforms", params={**EVERY_THREAD, "seed": 1})  # other parameters
    assert cached_entries(client) == 2


def test_an_upload_of_a_new_post_is_seen(client: TestClient) -> None:
    upload(client, chain("a", "reddit", 3))
    assert set(platforms(client)) == {"reddit"}
    upload(client, chain("b", "youtube", 2))
    after = platforms(client)
    assert set(after) == {"reddit", "youtube"}
    assert after["youtube"]["threads"] == 1


def test_a_merge_into_a_stored_post_is_seen(client: TestClient) -> None:
    upload(client, chain("a", "reddit", 2))
    assert platforms(client)["reddit"]["comments"] == 2
    upload(client, chain("a", "reddit", 4))  # the same post, two more comments: merged
    merged = platforms(client)["reddit"]
    assert (merged["threads"], merged["comments"]) == (1, 4)
    assert mean(merged, "reply_share") == 3 / 4


def test_a_replacement_is_seen(client: TestClient) -> None:
    upload(client, chain("a", "reddit", 4))
    assert mean(platforms(client)["reddit"], "reply_share") == 3 / 4
    upload(client, chain("a", "reddit", 2), on_existing="replace")
    assert mean(platforms(client)["reddit"], "reply_share") == 1 / 2


def test_a_deletion_is_seen(client: TestClient) -> None:
    upload(client, chain("a", "reddit", 3))
    upload(client, chain("b", "youtube", 3))
    assert set(platforms(client)) == {"reddit", "youtube"}
    stored = client.get("/v1/threads", params={"platform": "youtube"}).json()["items"]
    assert client.delete(f"/v1/threads/{stored[0]['id']}").status_code == 204
    assert set(platforms(client)) == {"reddit"}


def test_a_rescore_is_seen(client: TestClient) -> None:
    upload(client, chain("a", "reddit", 4))
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session, session.begin():  # a damaged store, as rescoring repairs
        session.execute(text("UPDATE thread_metrics SET reply_share = 0.125"))
    assert mean(platforms(client)["reddit"], "reply_share") == 0.125
    summary = rescore(factory, None)
    assert summary.ok
    assert len(summary.rescored) == 1
    assert mean(platforms(client)["reddit"], "reply_share") == 3 / 4


def test_new_tags_are_seen(client: TestClient) -> None:
    upload(client, chain("a", "reddit", 3, tags=["brand-a"]))
    assert [g["group"] for g in client.get("/v1/tags", params=EVERY_THREAD).json()["groups"]] == [
        "brand-a"
    ]
    upload(client, chain("a", "reddit", 3), tag="brand-b")  # merged: the post gains a tag
    groups = client.get("/v1/tags", params=EVERY_THREAD).json()["groups"]
    assert [g["group"] for g in groups] == ["brand-a", "brand-b"]


def test_a_comparison_follows_an_upload(client: TestClient) -> None:
    upload(client, chain("a", "reddit", 4))
    upload(client, chain("b", "youtube", 2))
    params = {"min_comments": "1", "metric": "reply_share", "groups": "reddit,youtube"}
    before = client.get("/v1/compare", params=params).json()
    assert before["pairs"][0]["difference"] == 3 / 4 - 1 / 2
    upload(client, chain("c", "youtube", 4))
    after = client.get("/v1/compare", params=params).json()
    assert after["pairs"][0]["difference"] == 3 / 4 - (1 / 2 + 3 / 4) / 2


def test_the_report_is_cached_and_a_new_upload_is_seen(client: TestClient) -> None:
    upload(client, chain("a", "reddit", 3))
    first = client.get("/v1/report", params={**EVERY_THREAD, "resamples": 200})
    again = client.get("/v1/report", params={**EVERY_THREAD, "resamples": 200})
    assert first.text == again.text  # the same page, its "Generated" time included
    upload(client, chain("b", "youtube", 2))
    after = client.get("/v1/report", params={**EVERY_THREAD, "resamples": 200}).text
    assert "youtube" not in first.text
    assert "youtube" in after


def test_an_unknown_group_is_refused_and_a_new_one_is_then_known(client: TestClient) -> None:
    upload(client, chain("a", "reddit", 3))
    refused = client.get("/v1/compare", params={**EVERY_THREAD, "groups": "reddit,youtube"})
    assert refused.status_code == 422
    assert "youtube" in refused.json()["detail"]
    upload(client, chain("b", "youtube", 2))
    known = client.get("/v1/compare", params={**EVERY_THREAD, "groups": "reddit,youtube"})
    assert known.status_code == 200, known.text
