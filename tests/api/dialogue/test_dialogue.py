"""GET /v1/threads/{id}/exchanges and /conversations: the dialogue behind the score."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.bodies import debate


def test_exchanges_longest_first_with_their_comments(client: TestClient) -> None:
    thread_id = client.post("/v1/threads", json=debate()).json()["threads"][0]["id"]
    body = client.get(f"/v1/threads/{thread_id}/exchanges").json()
    assert body["total"] == 2
    first, second = body["items"]
    assert (first["turns"], first["authors"], first["opens_with_post"]) == (
        4,
        ["ann", "bob"],
        False,
    )
    assert [c["id"] for c in first["comments"]] == ["a", "b", "c", "d"]
    assert first["comments"][2]["text"] == "Which studies on remote work?"
    assert (second["turns"], second["authors"]) == (3, ["cr", "dan"])
    assert [c["id"] for c in second["comments"]] == ["f", "g", "h"]
    longer = client.get(f"/v1/threads/{thread_id}/exchanges", params={"min_turns": 4}).json()
    assert longer["total"] == 1


def test_conversations_are_ranked_by_their_own_score(client: TestClient) -> None:
    thread_id = client.post("/v1/threads", json=debate()).json()["threads"][0]["id"]
    body = client.get(f"/v1/threads/{thread_id}/conversations").json()
    assert body["total"] == 3  # a, f and i each open one
    openers = [item["top_level"]["id"] for item in body["items"]]
    assert openers[-1] == "i"  # a lone comment: no replies, score 0
    last = body["items"][-1]["metrics"]
    assert (last["dialogue_score"], last["dialogue_category"]) == (0.0, "broadcast")
    scores = [item["metrics"]["dialogue_score"] for item in body["items"]]
    assert scores == sorted(scores, reverse=True)
    sizes = {item["top_level"]["id"]: item["comments"] for item in body["items"]}
    assert sizes == {"a": 5, "f": 3, "i": 1}


def test_dialogue_of_an_unknown_thread_is_404(client: TestClient) -> None:
    assert client.get("/v1/threads/999999/exchanges").status_code == 404
    assert client.get("/v1/threads/999999/conversations").status_code == 404
