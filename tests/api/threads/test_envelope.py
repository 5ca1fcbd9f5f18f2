"""Created and listed threads come in one envelope (`items`); `threads`, the upload's former
name for the list, stays for 0.1.x as a deprecated alias. `sort` and `metric` are enums in the
spec, and a value outside them is refused naming the parameter."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from db.models import SORTABLE_METRICS
from tests.api.bodies import chain, dialogue_thread
from tests.api.problems import assert_problem

UPLOAD_ONLY = {"outcome", "comments_added", "comments_updated", "comments_removed", "replaced"}


def spec(client: TestClient) -> dict[str, Any]:
    document: dict[str, Any] = client.get("/openapi.json").json()
    return document


def parameter(document: dict[str, Any], path: str, name: str) -> dict[str, Any]:
    (found,) = [p for p in document["paths"][path]["get"]["parameters"] if p["name"] == name]
    named: dict[str, Any] = found
    return named


def test_an_upload_answers_its_threads_as_the_listing_does(client: TestClient) -> None:
    answer = client.post("/v1/threads", json=[dialogue_thread("v1"), chain("v2", "youtube", 3)])
    assert answer.status_code == 201
    created = answer.json()
    assert [t["external_id"] for t in created["items"]] == ["v1", "v2"]
    assert created["threads"] == created["items"]  # the deprecated alias: the same list
    listed = client.get("/v1/threads").json()["items"]
    assert listed == [
        {k: v for k, v in t.items() if k not in UPLOAD_ONLY} for t in created["items"]
    ]


def test_the_alias_is_documented_as_deprecated(client: TestClient) -> None:
    document = spec(client)
    envelope = document["components"]["schemas"]["ThreadsCreated"]
    assert envelope["required"] == ["items", "threads"]
    assert envelope["properties"]["threads"]["deprecated"] is True
    assert "removed in 0.2.0" in envelope["properties"]["threads"]["description"]
    upload = document["paths"]["/v1/threads"]["post"]
    assert "`threads`" in upload["description"]
    assert "0.2.0" in upload["description"]


def test_sort_and_metric_are_enums_of_the_same_values(client: TestClient) -> None:
    document = spec(client)
    schemas = document["components"]["schemas"]
    sort = parameter(document, "/v1/threads", "sort")
    assert sort["schema"]["$ref"].endswith("/SortKey")
    assert schemas["SortKey"]["enum"] == ["id", *SORTABLE_METRICS]
    metric = parameter(document, "/v1/compare", "metric")
    assert metric["schema"]["$ref"].endswith("/MetricName")
    assert metric["schema"]["default"] == "dialogue_score"
    assert schemas["MetricName"]["enum"] == list(SORTABLE_METRICS)


@pytest.mark.parametrize("value", ["bogus", "ID", "comments,replies", ""])
def test_a_sort_outside_the_enum_is_refused_by_name(client: TestClient, value: str) -> None:
    problem = assert_problem(client.get("/v1/threads", params={"sort": value}), 422)
    assert [error["loc"] for error in problem["errors"]] == [["query", "sort"]]


def test_every_sort_key_is_accepted(client: TestClient) -> None:
    client.post("/v1/threads", json=chain("v1", "youtube", 5))
    for key in ["id", *SORTABLE_METRICS]:
        assert client.get("/v1/threads", params={"sort": key}).status_code == 200, key
