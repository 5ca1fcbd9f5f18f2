"""GET /v1/creators/{platform}/{handle} on the creators drawn in conftest.py: the listing's
measures plus pairs, months and threads, each counted by hand; the handle normalised, unknown
creators 404, bad platforms and handles 422; SQLite and PostgreSQL."""

from __future__ import annotations

from statistics import median
from typing import Any

from fastapi.testclient import TestClient

from tests.api.creators.test_list import ANN_COUNTS, Threads, score_check, scores_of
from tests.api.problems import assert_problem


def detail(client: TestClient, path: str, **params: Any) -> dict[str, Any]:
    answer = client.get(f"/v1/creators/{path}", params=params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_a_creator_in_detail(client: TestClient, drawn: Threads) -> None:
    body = detail(client, "tiktok/ann")
    score_check(body.pop("dialogue_score"), scores_of(drawn, "p1", "p2", "p3"), "tiktok/ann")
    pairs = body.pop("top_recurring_pairs")
    months = body.pop("months")
    threads = body.pop("thread_list")
    assert body == ANN_COUNTS
    # u2-u3: e (p1), i and i2 (p2); u1-u2: g (p2), k (p3). u1-u4 (p3 only) does not recur.
    assert pairs == [
        {"first": "u2", "second": "u3", "threads": 2, "replies": 3},
        {"first": "u1", "second": "u2", "threads": 2, "replies": 2},
    ]
    may, june = months
    assert may == {
        "month": "2024-05",
        "threads": 1,
        "comments": 5,
        "commenters": 3,  # u1 u2 u3
        "replies": 3,  # b c e
        "creator_replies": 1,  # b
        "creator_reply_share": 1 / 3,
        "dialogue_score_median": drawn["p1"]["metrics"]["dialogue_score"],
        "unavailable": {},
    }
    assert june == {
        "month": "2024-06",
        "threads": 2,
        "comments": 10,
        "commenters": 4,  # u1 u2 u3 u4
        "replies": 6,  # g i i2, k l n
        "creator_replies": 1,  # l
        "creator_reply_share": 1 / 6,
        "dialogue_score_median": median(scores_of(drawn, "p2", "p3")),
        "unavailable": {},
    }
    assert threads == [
        {
            "id": drawn[post]["id"],
            "external_id": post,
            "month": month,
            "comments": 5,
            "dialogue_score": drawn[post]["metrics"]["dialogue_score"],
            "link": f"/v1/threads/{drawn[post]['id']}",
        }
        for post, month in (("p1", "2024-05"), ("p2", "2024-06"), ("p3", "2024-06"))
    ]


def test_the_thread_list_is_bounded(client: TestClient, drawn: Threads) -> None:
    body = detail(client, "tiktok/ann", thread_limit=2)
    assert [thread["external_id"] for thread in body["thread_list"]] == ["p1", "p2"]
    assert body["threads"] == 3
    refused = client.get("/v1/creators/tiktok/ann", params={"thread_limit": 0})
    assert assert_problem(refused, 422)["errors"][0]["loc"] == ["query", "thread_limit"]


def test_a_handle_is_matched_as_importers_store_it(client: TestClient, drawn: Threads) -> None:
    """TikTok handles ignore case and a leading @; YouTube channel ids keep their case."""
    assert detail(client, "tiktok/@ANN")["handle"] == "ann"
    assert detail(client, "tiktok/%40Ann")["link"] == "/v1/creators/tiktok/ann"
    assert detail(client, "youtube/UCx")["threads"] == 1
    assert_problem(client.get("/v1/creators/youtube/ucx"), 404)


def test_a_creator_without_threads_is_not_found(client: TestClient, drawn: Threads) -> None:
    body = assert_problem(client.get("/v1/creators/tiktok/nobody"), 404)
    assert body["type"].endswith("/creator-not-found")
    assert body["detail"] == "no stored thread has creator 'nobody' on tiktok"
    # ann's account on TikTok is another account than one called ann on Instagram.
    assert_problem(client.get("/v1/creators/instagram/ann"), 404)


def test_bad_platforms_and_handles_are_refused_by_name(client: TestClient) -> None:
    platform = assert_problem(client.get("/v1/creators/myspace/ann"), 422)
    assert [error["loc"] for error in platform["errors"]] == [["path", "platform"]]
    handle = assert_problem(client.get("/v1/creators/tiktok/@"), 422)
    assert handle["errors"] == [{"loc": ["path", "handle"], "msg": "names no account"}]
    unknown = assert_problem(client.get("/v1/creators/tiktok/ann", params={"tag": "x"}), 422)
    assert unknown["errors"] == [{"loc": ["query", "tag"], "msg": "unknown parameter"}]
