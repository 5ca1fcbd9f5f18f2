"""/v1/platforms, /v1/tags and /v1/compare on small stored threads."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.api.compare.params import WindowSize
from nlp.windows import WINDOW_SIZES
from tests.api.bodies import chain


def test_compare_by_platform_hand_computed(stored: TestClient) -> None:
    params: dict[str, str | int] = {"metric": "reply_share", "resamples": 200, "min_comments": 1}
    body = stored.get("/v1/compare", params=params).json()
    groups = {g["group"]: g for g in body["groups"]}
    youtube, tiktok = groups["youtube"], groups["tiktok"]
    assert (youtube["threads"], youtube["comments"]) == (3, 6)  # 1 + 2 + 3 comments
    assert youtube["summary"]["mean"] == pytest.approx((0 + 1 / 2 + 2 / 3) / 3)
    assert youtube["summary"]["median"] == 0.5
    assert (tiktok["summary"]["mean"], tiktok["summary"]["median"]) == (0.0, 0.0)
    (pair,) = body["pairs"]
    assert (pair["first"], pair["second"]) == ("tiktok", "youtube")  # groups in name order
    assert pair["difference"] == pytest.approx(0 - 7 / 18)
    # 6 pairs (tiktok, youtube): 0 vs 0 twice (ties), 0 < 1/2 twice, 0 < 2/3 twice → −4/6
    assert pair["cliffs_delta"] == pytest.approx(-4 / 6)
    assert pair["magnitude"] == "large"
    assert pair["holm_p"] == pair["p_value"]  # one pair: nothing to adjust
    assert len(body["warnings"]) == 2  # both groups have fewer than 10 threads
    assert body["graph"] == "reconstructed"
    assert any("two levels" not in c and "reconstructed" in c for c in body["caveats"])


def test_same_seed_same_intervals(stored: TestClient) -> None:
    params: dict[str, str | int] = {
        "metric": "reply_share",
        "resamples": 300,
        "seed": 7,
        "min_comments": 1,
    }
    first = stored.get("/v1/compare", params=params).json()
    assert stored.get("/v1/compare", params=params).json() == first


def test_compare_by_tag_and_month(stored: TestClient) -> None:
    every: dict[str, str | int] = {"min_comments": 1}
    tag = {"by": "tag", "metric": "reply_share", **every}
    by_tag = stored.get("/v1/compare", params=tag).json()
    assert [g["group"] for g in by_tag["groups"]] == ["brand-a", "brand-b"]
    month = {"by": "month", "metric": "comments", **every}
    by_month = stored.get("/v1/compare", params=month).json()
    assert [(g["group"], g["threads"]) for g in by_month["groups"]] == [("2024-05", 5)]


def test_groups_filter_and_min_comments(stored: TestClient) -> None:
    params: dict[str, str | int] = {"groups": "youtube", "min_comments": 2, "metric": "reply_share"}
    body = stored.get("/v1/compare", params=params).json()
    assert [(g["group"], g["threads"]) for g in body["groups"]] == [("youtube", 2)]
    assert body["pairs"] == []


def test_window_uses_only_threads_that_large(client: TestClient) -> None:
    client.post("/v1/threads", json=chain("long", "reddit", 12))
    client.post("/v1/threads", json=chain("short", "reddit", 3))
    body = client.get("/v1/compare", params={"metric": "comments", "window": 10}).json()
    (group,) = body["groups"]
    assert (group["summary"]["n"], group["summary"]["mean"]) == (1, 10.0)
    assert any("Window 10" in c for c in body["caveats"])


def test_unsupported_metric_is_stated(client: TestClient) -> None:
    anonymous = chain("anon", "facebook", 3)
    for item in anonymous["comments"]:
        item["author"] = None
    client.post("/v1/threads", json=anonymous)
    params: dict[str, str | int] = {"metric": "reentry_rate", "min_comments": 1}
    body = client.get("/v1/compare", params=params).json()
    (statement,) = body["unsupported"]
    assert statement.startswith("facebook: reentry_rate cannot be computed")
    assert "known author" in statement


def test_stratified_by_size(stored: TestClient) -> None:
    params: dict[str, str | int] = {
        "metric": "reply_share",
        "stratify": "true",
        "resamples": 200,
        "min_comments": 1,
    }
    strata = stored.get("/v1/compare", params=params).json()["strata"]
    first = strata[0]
    assert first["label"] == "1–9"
    assert {g["group"]: g["threads"] for g in first["groups"]} == {"tiktok": 2, "youtube": 3}


def test_platform_overview(stored: TestClient) -> None:
    every: dict[str, str | int] = {"resamples": 200, "min_comments": 1}
    body = stored.get("/v1/platforms", params=every).json()
    groups = {g["group"]: g for g in body["groups"]}
    assert (groups["youtube"]["threads"], groups["youtube"]["comments"]) == (3, 6)
    share = groups["youtube"]["metrics"]["reply_share"]
    assert share["n"] == 3
    assert share["mean"] == pytest.approx(7 / 18)
    assert share["ci_low"] <= share["mean"] <= share["ci_high"]
    tags = stored.get("/v1/tags", params=every).json()
    assert [g["group"] for g in tags["groups"]] == ["brand-a", "brand-b"]


def test_bad_metric_is_422(stored: TestClient) -> None:
    response = stored.get("/v1/compare", params={"metric": "vibes"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "metric"]


def test_window_sizes_offered_are_the_stored_ones() -> None:
    assert tuple(int(size) for size in WindowSize) == WINDOW_SIZES
