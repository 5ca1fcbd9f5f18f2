"""The size control of /v1/compare, /v1/platforms, /v1/tags: on by default, stated, changeable."""

from __future__ import annotations

import math
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.api.compare.size_control import (
    DEFAULT_MIN_COMMENTS,
    SizeControl,
    controlled,
    listing_control,
    size_bins,
)
from db.aggregates import Selection
from tests.api.bodies import chain
from tests.api.compare.flipping import (
    AT_LEAST_5,
    EVERY_THREAD,
    FLIP_METRIC,
    store_flipping_groups,
)

DEFAULT_CONTROL = {
    "kind": "min_comments",
    "min_comments": DEFAULT_MIN_COMMENTS,
    "default": True,
    "window": None,
    "stratify": False,
}


def control_of(body: dict[str, Any]) -> dict[str, Any]:
    control: dict[str, Any] = body["size_control"]
    return {key: control[key] for key in DEFAULT_CONTROL}


@pytest.fixture
def flipping(client: TestClient) -> TestClient:
    store_flipping_groups(client)
    return client


def means(body: dict[str, Any]) -> dict[str, float]:
    return {g["group"]: g["summary"]["mean"] for g in body["groups"]}


def test_tiny_threads_flip_the_ranking_unless_the_default_control_is_on(
    flipping: TestClient,
) -> None:
    params: dict[str, str | int] = {"metric": FLIP_METRIC, "resamples": 200}
    default = flipping.get("/v1/compare", params=params).json()
    assert means(default) == pytest.approx(AT_LEAST_5)
    assert means(default)["youtube"] > means(default)["tiktok"]
    assert {g["group"]: g["threads"] for g in default["groups"]} == {"youtube": 3, "tiktok": 3}
    assert control_of(default) == DEFAULT_CONTROL
    every = flipping.get("/v1/compare", params={**params, "min_comments": 1}).json()
    assert means(every) == pytest.approx(EVERY_THREAD)
    assert means(every)["youtube"] < means(every)["tiktok"]
    none = {**DEFAULT_CONTROL, "kind": "none", "min_comments": 1, "default": False}
    assert control_of(every) == none
    assert "No size control" in every["size_control"]["statement"]


@pytest.mark.parametrize("path", ["/v1/platforms", "/v1/tags"])
def test_overviews_apply_and_state_the_default(flipping: TestClient, path: str) -> None:
    for index in range(3):
        tagged = chain(f"tagged{index}", "reddit", 1 if index else 6, tags=["campaign"])
        flipping.post("/v1/threads", json=tagged)
    body = flipping.get(path, params={"resamples": 200}).json()
    assert control_of(body) == DEFAULT_CONTROL
    assert str(DEFAULT_MIN_COMMENTS) in body["size_control"]["statement"]
    assert body["size_control"]["why"]
    by_tag = path == "/v1/tags"
    threads = {g["group"]: g["threads"] for g in body["groups"]}
    assert threads == ({"campaign": 1} if by_tag else {"reddit": 1, "tiktok": 3, "youtube": 3})
    changed = flipping.get(path, params={"resamples": 200, "min_comments": 1}).json()
    assert changed["size_control"]["kind"] == "none"
    assert sum(g["threads"] for g in changed["groups"]) == (3 if by_tag else 39)


def test_window_and_stratify_are_stated(flipping: TestClient) -> None:
    flipping.post("/v1/threads", json=chain("long", "tiktok", 12))
    params: dict[str, str | int] = {"resamples": 200, "window": 10, "stratify": "true"}
    body = flipping.get("/v1/compare", params=params).json()
    window = {**DEFAULT_CONTROL, "kind": "window", "window": 10, "default": False}
    assert control_of(body) == {**window, "stratify": True}
    assert "First-10 window" in body["size_control"]["statement"]
    assert [s["label"] for s in body["strata"]] == ["10–49", "50–199", "200–999", "1000+"]
    stratified = flipping.get("/v1/compare", params={"resamples": 200, "stratify": "true"}).json()
    assert stratified["strata"][0]["label"] == f"{DEFAULT_MIN_COMMENTS}–9"  # starts at the minimum
    assert "thread-size bins (5–9, 10–49" in stratified["size_control"]["statement"]


def test_openapi_states_the_default_once(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    for path in ("/v1/compare", "/v1/platforms", "/v1/tags", "/v1/report"):
        (minimum,) = [
            p for p in document["paths"][path]["get"]["parameters"] if p["name"] == "min_comments"
        ]
        assert minimum["schema"]["default"] == DEFAULT_MIN_COMMENTS, path
        assert f"default {DEFAULT_MIN_COMMENTS}" in minimum["description"], path
    schemas = document["components"]["schemas"]
    for model in ("CompareOut", "OverviewOut", "ThreadPageOut"):
        assert "size_control" in schemas[model]["required"], model
    assert set(schemas["ControlKind"]["enum"]) == {"none", "min_comments", "window"}


def test_controlled_fills_in_the_default_and_keeps_a_given_minimum() -> None:
    selection, control = controlled(Selection())
    assert (selection.min_comments, control) == (
        DEFAULT_MIN_COMMENTS,
        SizeControl(DEFAULT_MIN_COMMENTS, default=True),
    )
    selection, control = controlled(Selection(min_comments=1, window=50), stratify=True)
    assert (selection.min_comments, control.kind, control.smallest) == (1, "window", 50)
    assert control.default is False
    assert size_bins(control.smallest) == (50, 200, 1000, math.inf)
    assert size_bins(1) == (1, 10, 50, 200, 1000, math.inf)


def test_listing_default_only_when_sorted_by_a_metric() -> None:
    assert listing_control("id", None) == SizeControl(0, default=True)
    assert listing_control("id", None).minimum is None
    assert listing_control("dialogue_score", None) == SizeControl(DEFAULT_MIN_COMMENTS, True)
    assert listing_control("dialogue_score", 0).kind == "none"
    assert listing_control("id", 3) == SizeControl(3, default=False)
