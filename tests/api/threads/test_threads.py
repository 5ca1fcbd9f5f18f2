"""POST/GET/DELETE /v1/threads through the test client, on SQLite and PostgreSQL."""

from __future__ import annotations

import gzip
import json

import pytest
from fastapi.testclient import TestClient

from app.api.compare.size_control import DEFAULT_MIN_COMMENTS
from tests.api.bodies import chain, comment, dialogue_thread, flat_thread


def test_create_returns_stored_thread_with_metrics_and_integrity(client: TestClient) -> None:
    response = client.post("/v1/threads", json=dialogue_thread())
    assert response.status_code == 201
    (thread,) = response.json()["items"]
    assert thread["replaced"] is False
    assert (thread["platform"], thread["external_id"], thread["creator"]) == ("youtube", "v1", "cr")
    metrics = thread["metrics"]
    # Hand-computed for the tree drawn in dialogue_thread():
    assert metrics["comments"] == 4
    assert metrics["top_level"] == 2
    assert metrics["replies"] == 2
    assert metrics["reply_share"] == 0.5  # 2 / 4
    assert metrics["response_rate"] == 0.5  # a answered by bob, d unanswered
    assert metrics["mean_depth"] == 1.75  # (1 + 2 + 3 + 1) / 4
    assert metrics["structural_virality"] == 2.0  # W = 6 + 6 + 4 + 4 = 20 over C(5,2) = 10
    assert metrics["dyadic_share"] == pytest.approx(
        1 / 3
    )  # {ann,bob} of {ann,cr},{ann,bob},{dan,cr}
    assert metrics["longest_back_and_forth"] == 3  # ann, bob, ann
    assert metrics["creator_reply_share"] == 0.0  # cr wrote none of the 2 replies
    assert thread["integrity"]["order_basis"] == "timestamps"
    assert thread["import_report"]["format"] == "canonical"


def test_get_returns_what_create_stored(client: TestClient) -> None:
    created = client.post("/v1/threads", json=dialogue_thread()).json()["items"][0]
    fetched = client.get(f"/v1/threads/{created['id']}")
    assert fetched.status_code == 200
    upload_only = {"outcome", "comments_added", "comments_updated", "comments_removed", "replaced"}
    assert fetched.json() == {k: v for k, v in created.items() if k not in upload_only}


def test_posting_the_same_post_again_with_replace_replaces_it(client: TestClient) -> None:
    first = client.post("/v1/threads", json=dialogue_thread()).json()["items"][0]
    smaller = dialogue_thread()
    smaller["comments"] = smaller["comments"][:1]
    response = client.post("/v1/threads", params={"on_existing": "replace"}, json=smaller)
    second = response.json()["items"][0]
    assert (second["outcome"], second["replaced"]) == ("replaced", True)
    assert second["metrics"]["comments"] == 1
    assert second["id"] == first["id"]  # the thread keeps its id
    comments = client.get(f"/v1/threads/{second['id']}/comments").json()["items"]
    assert [c["id"] for c in comments] == ["a"]


def test_convokit_lines_create_one_thread_per_conversation(client: TestClient) -> None:
    lines = [
        {
            "id": "p1",
            "speaker": "op",
            "conversation_id": "p1",
            "reply_to": None,
            "timestamp": 100,
            "text": "post one",
            "meta": {},
        },
        {
            "id": "x",
            "speaker": "u1",
            "conversation_id": "p1",
            "reply_to": "p1",
            "timestamp": 101,
            "text": "first",
            "meta": {},
        },
        {
            "id": "y",
            "speaker": "op",
            "conversation_id": "p1",
            "reply-to": "x",
            "timestamp": 102,
            "text": "answer",
            "meta": {},
        },
        {
            "id": "p2",
            "speaker": "op2",
            "conversation_id": "p2",
            "reply_to": None,
            "timestamp": 200,
            "text": "post two",
            "meta": {},
        },
        {
            "id": "z",
            "speaker": "u2",
            "conversation_id": "p2",
            "reply_to": "p2",
            "timestamp": 201,
            "text": "hello",
            "meta": {},
        },
    ]
    body = "\n".join(json.dumps(line) for line in lines)
    response = client.post(
        "/v1/threads", content=body, headers={"content-type": "application/x-ndjson"}
    )
    assert response.status_code == 201
    threads = {t["external_id"]: t for t in response.json()["threads"]}
    assert set(threads) == {"p1", "p2"}
    assert threads["p1"]["creator"] == "op"
    assert threads["p1"]["metrics"]["creator_reply_share"] == 1.0  # y is the only reply, by op
    assert threads["p2"]["metrics"]["comments"] == 1


def test_gzip_body_is_accepted(client: TestClient) -> None:
    body = gzip.compress(json.dumps(dialogue_thread()).encode())
    response = client.post(
        "/v1/threads",
        content=body,
        headers={"content-type": "application/json", "content-encoding": "gzip"},
    )
    assert response.status_code == 201


def test_list_filters_sorts_and_pages_with_a_cursor(client: TestClient) -> None:
    for index, size in enumerate([3, 1, 5, 2, 4]):
        client.post("/v1/threads", json=flat_thread(f"t{index}", size))
    client.post("/v1/threads", json=dialogue_thread("d1"))
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {
            "platform": "tiktok",
            "sort": "comments",
            "order": "desc",
            "limit": 2,
            "min_comments": 0,  # sorted by a metric, tiny threads are left out unless asked
        }
        if cursor:
            params["cursor"] = cursor
        page = client.get("/v1/threads", params=params).json()
        seen += [t["metrics"]["comments"] for t in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [5, 4, 3, 2, 1]  # the youtube thread is filtered out
    big = client.get("/v1/threads", params={"min_comments": 4}).json()["items"]
    assert sorted(t["metrics"]["comments"] for t in big) == [4, 4, 5]


def test_sorting_by_a_metric_puts_nulls_last_and_pages_through_them(client: TestClient) -> None:
    client.post("/v1/threads", json=flat_thread("flat", 2))  # no replies: reentry 0.0
    client.post("/v1/threads", json=dialogue_thread("d1"))  # reentry 1/3
    unknown = flat_thread("anon", 2)
    for c in unknown["comments"]:
        c["author"] = None  # no known author: reentry_rate is null
    client.post("/v1/threads", json=unknown)
    order: list[str] = []
    cursor = None
    for _ in range(5):
        params: dict[str, str | int] = {
            "sort": "reentry_rate",
            "order": "desc",
            "limit": 1,
            "min_comments": 0,
        }
        if cursor:
            params["cursor"] = cursor
        page = client.get("/v1/threads", params=params).json()
        order += [t["external_id"] for t in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert order == ["d1", "flat", "anon"]


def test_sorted_by_a_metric_tiny_threads_are_left_out_unless_asked(client: TestClient) -> None:
    """Chains of 2, 3 and 6 comments (reply_share 1/2, 2/3, 5/6) and 5 flat comments (0)."""
    bodies = [chain("two", "reddit", 2), chain("three", "reddit", 3), chain("six", "reddit", 6)]
    client.post("/v1/threads", json=[*bodies, flat_thread("flat", 5, "reddit")])

    def listed(**params: str | int) -> tuple[list[str], tuple[str, int, bool]]:
        body = client.get("/v1/threads", params=params).json()
        control = body["size_control"]
        shown = [t["external_id"] for t in body["items"]]
        return shown, (control["kind"], control["min_comments"], control["default"])

    by_score = {"sort": "reply_share", "order": "desc"}
    default = ("min_comments", DEFAULT_MIN_COMMENTS, True)
    assert listed(**by_score) == (["six", "flat"], default)
    assert listed(**by_score, min_comments=0) == (
        ["six", "three", "two", "flat"],
        ("none", 0, False),
    )
    assert listed() == (["two", "three", "six", "flat"], ("none", 0, True))  # id order: all
    assert listed(min_comments=3)[0] == ["three", "six", "flat"]


def test_comments_come_in_tree_order_with_depth_and_pages(client: TestClient) -> None:
    thread_id = client.post("/v1/threads", json=dialogue_thread()).json()["threads"][0]["id"]
    first = client.get(f"/v1/threads/{thread_id}/comments", params={"limit": 3}).json()
    assert [(c["id"], c["depth"]) for c in first["items"]] == [("a", 1), ("b", 2), ("c", 3)]
    rest = client.get(
        f"/v1/threads/{thread_id}/comments", params={"limit": 3, "cursor": first["next_cursor"]}
    ).json()
    assert [(c["id"], c["depth"]) for c in rest["items"]] == [("d", 1)]
    assert rest["next_cursor"] is None
    assert first["items"][0]["created_at"] == "2024-05-01T10:00:00Z"


def test_delete_removes_the_thread_and_its_comments(client: TestClient) -> None:
    thread_id = client.post("/v1/threads", json=dialogue_thread()).json()["threads"][0]["id"]
    assert client.delete(f"/v1/threads/{thread_id}").status_code == 204
    assert client.get(f"/v1/threads/{thread_id}").status_code == 404
    assert client.get(f"/v1/threads/{thread_id}/comments").status_code == 404
    assert client.delete(f"/v1/threads/{thread_id}").status_code == 404


def test_unknown_author_thread_reports_null_with_reason(client: TestClient) -> None:
    body = flat_thread("anon", 2)
    body["comments"].append(comment("r", "c0", "[deleted]", 5))
    for c in body["comments"]:
        c["author"] = "[deleted]"
    thread = client.post("/v1/threads", json=body).json()["threads"][0]
    assert thread["metrics"]["reciprocity"] is None
    assert "known author" in thread["metrics"]["unavailable"]["reciprocity"]
    assert thread["integrity"]["unknown_author_comments"] == 3


def test_text_signals_and_dialogue_score_are_returned_and_explained(client: TestClient) -> None:
    """post (cr)
    ├── a ann "Why is the sky blue?"                 question
    │   └── b bob "@ann Because sunlight scatters"   answers a
    │       └── c ann "@bob that makes sense"
    └── d dan "😂😂"                                  tag only
    """
    body = dialogue_thread("texty")
    texts = {
        "a": "Why is the sky blue?",
        "b": "@ann Because sunlight scatters",
        "c": "@bob that makes sense",
        "d": "😂😂",
    }
    for item in body["comments"]:
        item["text"] = texts[item["id"]]
    metrics = client.post("/v1/threads", json=body).json()["threads"][0]["metrics"]
    assert metrics["question_share"] == 0.25  # a of 4
    assert metrics["tag_only_share"] == 0.25  # d of 4
    assert metrics["answered_question_share"] == 1.0  # a answered by bob
    assert 0 <= metrics["dialogue_score"] <= 100
    assert metrics["dialogue_category"] in {"reactive", "conversational", "deliberative"}
    total = sum(c["contribution"] for c in metrics["score_components"])
    assert total == pytest.approx(metrics["dialogue_score"])


def test_windows_hold_the_first_comments_metrics(client: TestClient) -> None:
    thread = client.post("/v1/threads", json=flat_thread("big", 12)).json()["threads"][0]
    assert [w["size"] for w in thread["windows"]] == [10]  # 12 comments: no 50-window
    assert thread["windows"][0]["metrics"]["comments"] == 10
    assert thread["first_comment_at"] == "2024-05-01T10:00:00Z"
