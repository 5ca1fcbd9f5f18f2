"""GET /v1/creators on the creators drawn in conftest.py: every count by hand, the score
distribution from the stored scores, filters, sorting, paging and refusals; SQLite and
PostgreSQL."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from fastapi.testclient import TestClient

from stats.quantiles import distribution
from tests.api.creators.conftest import upload
from tests.api.problems import assert_problem

Threads = dict[str, dict[str, Any]]
ANN_COUNTS = {
    "platform": "tiktok",
    "handle": "ann",
    "threads": 3,
    "comments": 15,
    "commenters": 4,
    "returning_commenters": 3,
    "returning_commenter_share": 3 / 4,
    "core_commenters": 2,
    "creator_comments": 2,
    "replies": 9,
    "creator_replies": 2,
    "creator_reply_share": 2 / 9,
    "interacting_pairs": 3,
    "recurring_pairs": 2,
    "unavailable": {},
    "link": "/v1/creators/tiktok/ann",
}
# bob: one post, commenters u5 and u6, one reply (u6 to u5), none by bob (a known id).
BOB_COUNTS = {
    "platform": "tiktok",
    "handle": "bob",
    "threads": 1,
    "comments": 2,
    "commenters": 2,
    "returning_commenters": 0,
    "returning_commenter_share": None,
    "core_commenters": 0,
    "creator_comments": 0,
    "replies": 1,
    "creator_replies": 0,
    "creator_reply_share": 0.0,
    "interacting_pairs": 1,
    "recurring_pairs": 0,
    "unavailable": {"returning_commenter_share": "needs at least two stored posts"},
    "link": "/v1/creators/tiktok/bob",
}
# UCx: one comment, no reply, no creator id.
UCX_COUNTS = {
    "platform": "youtube",
    "handle": "UCx",
    "threads": 1,
    "comments": 1,
    "commenters": 1,
    "returning_commenters": 0,
    "returning_commenter_share": None,
    "core_commenters": 0,
    "creator_comments": 0,
    "replies": 0,
    "creator_replies": 0,
    "creator_reply_share": None,
    "interacting_pairs": 0,
    "recurring_pairs": 0,
    "link": "/v1/creators/youtube/UCx",
}


def percentile(ordered: Sequence[float], share: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default), written out."""
    position = (len(ordered) - 1) * share
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (position - below) * (ordered[above] - ordered[below])


def score_check(found: dict[str, Any], scores: list[float], key: str) -> None:
    """Median and quartiles as computed by hand; the interval the seeded bootstrap draws for
    this creator's key, around the median."""
    ordered = sorted(scores)
    assert found["n"] == len(scores)
    assert found["median"] == percentile(ordered, 0.5)
    assert found["q1"] == percentile(ordered, 0.25)
    assert found["q3"] == percentile(ordered, 0.75)
    assert found["confidence"] == 0.95
    expected = distribution(scores, key=key)
    assert (found["ci_low"], found["ci_high"]) == (expected.ci_low, expected.ci_high)
    if len(scores) >= 2:
        assert ordered[0] <= found["ci_low"] <= found["median"] <= found["ci_high"] <= ordered[-1]
    else:
        assert found["ci_low"] is found["ci_high"] is None


def scores_of(drawn: Threads, *posts: str) -> list[float]:
    return [drawn[post]["metrics"]["dialogue_score"] for post in posts]


def listing(client: TestClient, **params: Any) -> dict[str, Any]:
    answer = client.get("/v1/creators", params=params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def names(body: dict[str, Any]) -> list[str]:
    return [f"{item['platform']}/{item['handle']}" for item in body["items"]]


def test_every_creator_with_its_measures(client: TestClient, drawn: Threads) -> None:
    body = listing(client)
    assert (body["total"], body["next_cursor"]) == (3, None)
    ann, bob, ucx = body["items"]  # by threads, most first; ties by platform, handle
    score_check(ann.pop("dialogue_score"), scores_of(drawn, "p1", "p2", "p3"), "tiktok/ann")
    assert ann == ANN_COUNTS
    score_check(bob.pop("dialogue_score"), scores_of(drawn, "q1"), "tiktok/bob")
    assert bob == BOB_COUNTS
    ucx.pop("dialogue_score")
    assert ucx.pop("unavailable") == {
        "returning_commenter_share": "needs at least two stored posts",
        "creator_reply_share": "creator's author id unknown: they never commented",
    }
    assert ucx == UCX_COUNTS


def test_filters_by_platform_tag_and_thread_count(client: TestClient, drawn: Threads) -> None:
    assert names(listing(client, platform="youtube")) == ["youtube/UCx"]
    assert names(listing(client, min_threads=2)) == ["tiktok/ann"]
    # Tagged camp: ann's p1 and p3, bob's q1. ann then: commenters u1 u2 (both posts), u3 (p1),
    # u4 (p3) → returning 2/4, none in three posts; replies b c e, k l n: 2 of 6 by ann.
    tagged = listing(client, tag="camp")
    assert names(tagged) == ["tiktok/ann", "tiktok/bob"]
    ann = tagged["items"][0]
    assert (ann["threads"], ann["comments"], ann["commenters"]) == (2, 10, 4)
    assert (ann["returning_commenter_share"], ann["core_commenters"]) == (2 / 4, 0)
    assert (ann["replies"], ann["creator_replies"], ann["creator_reply_share"]) == (6, 2, 2 / 6)
    # Pairs: u2-u3 (p1), u1-u2 and u1-u4 (p3): none under two tagged posts.
    assert (ann["interacting_pairs"], ann["recurring_pairs"]) == (3, 0)
    score_check(ann["dialogue_score"], scores_of(drawn, "p1", "p3"), "tiktok/ann")
    assert listing(client, tag="camp", min_threads=3)["items"] == []
    assert listing(client, tag="no such tag") == {"items": [], "next_cursor": None, "total": 0}


def test_sorted_by_a_measure_with_nulls_last_either_way(client: TestClient, drawn: Threads) -> None:
    ascending = listing(client, sort="commenters", order="asc")
    assert names(ascending) == ["youtube/UCx", "tiktok/bob", "tiktok/ann"]  # 1, 2, 4
    # creator_reply_share: ann 2/9, bob 0, UCx null.
    shares = ["tiktok/ann", "tiktok/bob", "youtube/UCx"]
    assert names(listing(client, sort="creator_reply_share", order="desc")) == shares
    assert names(listing(client, sort="creator_reply_share", order="asc")) == [
        "tiktok/bob",
        "tiktok/ann",
        "youtube/UCx",
    ]
    # returning_commenter_share: ann 3/4; bob and UCx null, then by platform and handle.
    assert names(listing(client, sort="returning_commenter_share", order="asc")) == shares
    # Handles in code point order: upper case first.
    assert names(listing(client, sort="handle", order="asc")) == [
        "youtube/UCx",
        "tiktok/ann",
        "tiktok/bob",
    ]
    by_median = listing(client, sort="dialogue_score_median", order="desc")["items"]
    medians = [item["dialogue_score"]["median"] for item in by_median]
    assert medians == sorted(medians, reverse=True)


def test_pages_follow_each_other_to_the_end(client: TestClient, drawn: Threads) -> None:
    whole = names(listing(client, sort="creator_reply_share", order="desc"))
    seen: list[str] = []
    cursor = None
    for _ in range(len(whole)):
        params = {"sort": "creator_reply_share", "order": "desc", "limit": 1}
        page = listing(client, **params, **({"cursor": cursor} if cursor else {}))
        assert page["total"] == 3
        seen += names(page)
        cursor = page["next_cursor"]
    assert seen == whole
    assert cursor is None


def test_a_cursor_of_another_order_or_none_of_ours_is_refused(
    client: TestClient, drawn: Threads
) -> None:
    cursor = listing(client, limit=1)["next_cursor"]
    assert cursor is not None
    other = client.get("/v1/creators", params={"limit": 1, "cursor": cursor, "order": "asc"})
    assert "another sort order" in assert_problem(other, 422)["detail"]
    forged = client.get("/v1/creators", params={"cursor": "bm90IG91cnM"})
    assert assert_problem(forged, 422)["errors"] == [
        {"loc": ["query", "cursor"], "msg": "the cursor is not one this listing handed out"}
    ]


def test_bad_parameters_are_refused_by_name(client: TestClient) -> None:
    cases: list[tuple[dict[str, str | int], list[str]]] = [
        ({"sort": "followers"}, ["query", "sort"]),
        ({"order": "up"}, ["query", "order"]),
        ({"min_threads": 0}, ["query", "min_threads"]),
        ({"limit": 501}, ["query", "limit"]),
        ({"platform": "myspace"}, ["query", "platform"]),
    ]
    for params, location in cases:
        body = assert_problem(client.get("/v1/creators", params=params), 422)
        assert [error["loc"] for error in body["errors"]] == [location], params
    unknown = assert_problem(client.get("/v1/creators", params={"handle": "ann"}), 422)
    assert unknown["errors"] == [{"loc": ["query", "handle"], "msg": "unknown parameter"}]


def test_a_new_post_is_counted_at_once(client: TestClient, drawn: Threads) -> None:
    """The listing is cached under the data version: a write moves it on."""
    before = listing(client, platform="tiktok")["items"][1]
    assert (before["handle"], before["threads"], before["returning_commenters"]) == ("bob", 1, 0)
    upload(client, "q2")  # u5 and u6 again, under bob's second post
    after = listing(client, platform="tiktok")["items"][1]
    assert (after["handle"], after["threads"], after["returning_commenters"]) == ("bob", 2, 2)
    assert (after["returning_commenter_share"], after["recurring_pairs"]) == (1.0, 1)
