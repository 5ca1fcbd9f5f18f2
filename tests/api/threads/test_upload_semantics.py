"""Uploading a post already stored: merge (default), replace, reject; and no invented post ids.
On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from db.repository import comments_as_stored
from tests.api.bodies import comment
from tests.api.problems import assert_problem

FIXTURES = Path(__file__).parents[2] / "fixtures" / "formats"


def first_wave() -> dict[str, Any]:
    """post (creator cr), as first uploaded
    ├── a ann
    │   └── b bob  "text"
    └── d dan
    """
    comments = [
        comment("a", None, "ann", 0),
        comment("b", "a", "bob", 1),
        comment("d", None, "dan", 3),
    ]
    return {"platform": "reddit", "external_id": "p", "creator": "cr", "comments": comments}


def second_wave() -> dict[str, Any]:
    """The same post later: b again, edited; c and e new (a and d not sent again).
    The union:
    post (cr)
    ├── a ann
    │   └── b bob  "edited"
    │       └── c ann
    └── d dan
        └── e eve
    """
    comments = [
        comment("b", "a", "bob", 1, "edited"),
        comment("c", "b", "ann", 2),
        comment("e", "d", "eve", 4),
    ]
    return {"platform": "reddit", "external_id": "p", "creator": "cr", "comments": comments}


def upload(client: TestClient, body: Any, **params: Any) -> dict[str, Any]:
    response = client.post("/v1/threads", json=body, params=params)
    assert response.status_code == 201, response.text
    thread: dict[str, Any] = response.json()["threads"][0]
    return thread


def test_a_new_post_is_created(client: TestClient) -> None:
    created = upload(client, first_wave())
    assert (created["outcome"], created["replaced"]) == ("created", False)
    counts = (created["comments_added"], created["comments_updated"], created["comments_removed"])
    assert counts == (3, 0, 0)


def test_merge_adds_and_updates_comments_and_measures_the_union(
    client: TestClient, session: Session
) -> None:
    first = upload(client, first_wave(), tag="wave-1")
    merged = upload(client, second_wave(), tag="wave-2")
    assert (merged["id"], merged["outcome"], merged["replaced"]) == (first["id"], "merged", True)
    counts = (merged["comments_added"], merged["comments_updated"], merged["comments_removed"])
    assert counts == (2, 1, 0)  # c and e added; b updated
    assert merged["tags"] == ["wave-1", "wave-2"]
    metrics = merged["metrics"]
    # Hand-computed on the union drawn in second_wave():
    assert metrics["comments"] == 5
    assert (metrics["top_level"], metrics["replies"]) == (2, 3)
    assert metrics["reply_share"] == 0.6  # 3 / 5
    assert metrics["response_rate"] == 1.0  # a and d both answered
    assert metrics["max_depth"] == 3
    assert metrics["mean_depth"] == 1.8  # (1 + 2 + 3 + 1 + 2) / 5
    # W = 9 (post) + 8 (a) + 8 (b) + 9 (c) + 1 (d–e) = 35 over C(6, 2) = 15 pairs
    assert metrics["structural_virality"] == pytest.approx(35 / 15)
    # pairs {ann,cr} {ann,bob} {dan,cr} {dan,eve}: only ann–bob answer each other
    assert metrics["dyadic_share"] == 0.25
    assert metrics["longest_back_and_forth"] == 3  # ann, bob, ann
    assert merged["import_report"]["rows_read"] == 6  # 3 + 3
    assert merged["import_report"]["comments_kept"] == 5
    assert client.get(f"/v1/threads/{first['id']}").json()["metrics"] == metrics
    tree = client.get(f"/v1/threads/{first['id']}/comments").json()["items"]
    assert [(c["id"], c["parent_id"], c["depth"]) for c in tree] == [
        ("a", None, 1),
        ("b", "a", 2),
        ("c", "b", 3),
        ("d", None, 1),
        ("e", "d", 2),
    ]
    assert tree[1]["text"] == "edited"  # the newer upload's values
    # Upload order: the stored comments first, then the new ones in their upload order.
    assert [c.comment_id for c in comments_as_stored(session, first["id"])] == list("abdce")


def test_the_same_upload_again_changes_nothing(client: TestClient) -> None:
    first = upload(client, first_wave())
    again = upload(client, first_wave())
    counts = (again["comments_added"], again["comments_updated"], again["comments_removed"])
    assert (again["id"], again["outcome"], counts) == (first["id"], "merged", (0, 0, 0))
    assert again["metrics"] == first["metrics"]


def test_replace_makes_the_upload_the_thread_keeping_its_id(client: TestClient) -> None:
    first = upload(client, first_wave(), tag="wave-1")
    replaced = upload(client, second_wave(), tag="wave-2", on_existing="replace")
    assert (replaced["id"], replaced["outcome"], replaced["replaced"]) == (
        first["id"],
        "replaced",
        True,
    )
    counts = (replaced["comments_added"], replaced["comments_updated"])
    assert (*counts, replaced["comments_removed"]) == (2, 1, 2)  # a and d are gone
    assert replaced["tags"] == ["wave-2"]
    assert replaced["metrics"]["comments"] == 3
    tree = client.get(f"/v1/threads/{first['id']}/comments").json()["items"]
    assert sorted(c["id"] for c in tree) == ["b", "c", "e"]


def test_reject_refuses_a_stored_post_with_409_naming_it(client: TestClient) -> None:
    first = upload(client, first_wave())
    response = client.post("/v1/threads", json=second_wave(), params={"on_existing": "reject"})
    body = assert_problem(response, 409)
    assert f"reddit/p is stored as thread {first['id']}" in body["detail"]
    assert body["errors"][0]["loc"] == ["query", "on_existing"]
    assert client.get(f"/v1/threads/{first['id']}").json()["metrics"]["comments"] == 3
    created = upload(client, second_wave() | {"external_id": "q"}, on_existing="reject")
    assert created["outcome"] == "created"


def pushshift_month(*records: dict[str, Any]) -> bytes:
    return "\n".join(json.dumps(record) for record in records).encode()


def rc(comment_id: str, parent: str, post: str, author: str, minute: int) -> dict[str, Any]:
    """A Pushshift RC_ record: `parent` is t3_<post> for a top-level comment, t1_<id> else."""
    return {
        "id": comment_id,
        "parent_id": parent,
        "link_id": f"t3_{post}",
        "author": author,
        "body": f"comment {comment_id}",
        "created_utc": 1_134_000_000 + 60 * minute,
        "score": 1,
        "subreddit": "reddit.com",
    }


def test_two_pushshift_months_keep_the_comments_of_a_post_in_both(client: TestClient) -> None:
    """RC_2005-12: p1 (x1 ← x2) and p2 (y1); RC_2006-01: p1 (x3 replying to x2, x4) and p3."""
    december = pushshift_month(
        rc("x1", "t3_p1", "p1", "u1", 0),
        rc("x2", "t1_x1", "p1", "u2", 1),
        rc("y1", "t3_p2", "p2", "u3", 2),
    )
    january = pushshift_month(
        rc("x3", "t1_x2", "p1", "u1", 50_000),
        rc("x4", "t3_p1", "p1", "u4", 50_001),
        rc("z1", "t3_p3", "p3", "u5", 50_002),
    )
    ndjson = {"content-type": "application/x-ndjson"}
    client.post("/v1/threads", content=december, headers=ndjson)
    response = client.post("/v1/threads", content=january, headers=ndjson)
    assert response.status_code == 201
    outcomes = {
        t["external_id"]: (t["outcome"], t["comments_added"]) for t in response.json()["threads"]
    }
    assert outcomes == {"p1": ("merged", 2), "p3": ("created", 1)}
    stored = {t["external_id"]: t for t in client.get("/v1/threads").json()["items"]}
    assert {post: t["metrics"]["comments"] for post, t in stored.items()} == {
        "p1": 4,
        "p2": 1,
        "p3": 1,
    }
    tree = client.get(f"/v1/threads/{stored['p1']['id']}/comments").json()["items"]
    assert [(c["id"], c["depth"]) for c in tree] == [("x1", 1), ("x2", 2), ("x3", 3), ("x4", 1)]


def test_an_upload_naming_no_post_is_refused_asking_for_external_id(client: TestClient) -> None:
    """youtube-comment-downloader files name no video: sent as a body they cannot be told apart,
    so neither may be stored under a shared placeholder id."""
    ndjson = {"content-type": "application/x-ndjson"}
    for name in ("2021_lines.json", "2023_lines.json"):
        body = (FIXTURES / "youtube_comment_downloader" / name).read_bytes()
        problem = assert_problem(client.post("/v1/threads", content=body, headers=ndjson), 422)
        assert problem["type"].endswith("/missing-external-id")
        assert problem["errors"] == [
            {"loc": ["query", "external_id"], "msg": "required: the input does not name its post"}
        ]
    assert client.get("/v1/threads").json()["items"] == []
    named = client.post("/v1/threads", content=body, headers=ndjson, params={"external_id": "v23"})
    assert named.json()["threads"][0]["external_id"] == "v23"
    files = {"file": ("dQw4w9WgXcQ.json", body, "application/x-ndjson")}
    by_file_name = client.post("/v1/threads", files=files).json()["threads"][0]
    assert by_file_name["external_id"] == "dQw4w9WgXcQ"  # a file name still names the video


def test_one_post_in_two_files_of_one_upload_is_their_union(client: TestClient) -> None:
    # Two exports of one post in one multipart upload (two Pushshift months in one archive, say):
    # stored once, as the union drawn in second_wave(); the later file's b wins.
    parts = [
        ("file", ("first.json", json.dumps(first_wave()).encode(), "application/json")),
        ("file", ("second.json", json.dumps(second_wave()).encode(), "application/json")),
    ]
    response = client.post("/v1/threads", files=parts)
    assert response.status_code == 201, response.text
    (thread,) = response.json()["threads"]
    assert (thread["outcome"], thread["metrics"]["comments"]) == ("created", 5)
    assert thread["import_report"]["rows_read"] == 6  # 3 + 3
    assert thread["import_report"]["source_file"] == "first.json, second.json"
    comments = client.get(f"/v1/threads/{thread['id']}/comments").json()["items"]
    assert {c["id"]: c["text"] for c in comments}["b"] == "edited"
