"""`resamples` is capped on every operation that bootstraps: above the cap, 422 naming it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.api.compare.params import MAX_RESAMPLES
from tests.api.problems import assert_problem

BOOTSTRAPPING = ("/v1/compare?metric=dialogue_score", "/v1/platforms", "/v1/tags", "/v1/report")


@pytest.mark.parametrize("path", BOOTSTRAPPING)
def test_resamples_above_the_cap_are_refused_by_name(stored: TestClient, path: str) -> None:
    separator = "&" if "?" in path else "?"
    body = assert_problem(stored.get(f"{path}{separator}resamples={MAX_RESAMPLES + 1}"), 422)
    assert body["errors"][0]["loc"] == ["query", "resamples"]
    assert str(MAX_RESAMPLES) in body["errors"][0]["msg"]
    assert stored.get(f"{path}{separator}resamples={MAX_RESAMPLES}").status_code == 200


def test_the_cap_is_documented(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    parameters = spec["paths"]["/v1/compare"]["get"]["parameters"]
    (resamples,) = [p for p in parameters if p["name"] == "resamples"]
    assert resamples["schema"]["maximum"] == MAX_RESAMPLES
    assert resamples["schema"]["default"] == 2000
