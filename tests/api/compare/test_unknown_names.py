"""The comparison endpoints refuse, by name, groups with no stored thread, unknown metrics and
query parameters they do not take, rather than answering without them."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.problems import assert_problem

QUICK: dict[str, str | int] = {"resamples": 200}
GROUPED = ["/v1/compare", "/v1/platforms", "/v1/report"]


@pytest.mark.parametrize("path", GROUPED)
def test_an_unknown_platform_group_is_named(stored: TestClient, path: str) -> None:
    response = stored.get(path, params={**QUICK, "groups": "tiktok,tiktokk"})
    body = assert_problem(response, 422)
    assert "'tiktokk'" in body["detail"]
    assert "stored platform groups: tiktok, youtube" in body["detail"]
    assert body["errors"] == [{"loc": ["query", "groups"], "msg": "unknown platform 'tiktokk'"}]


def test_unknown_tags_and_months_are_named(stored: TestClient) -> None:
    body = assert_problem(
        stored.get("/v1/tags", params={**QUICK, "groups": "brand-a,brand-z"}), 422
    )
    assert "'brand-z'" in body["detail"]
    assert "'brand-a'" not in body["detail"].split(";")[0]
    by_month = {**QUICK, "by": "month", "groups": "2024-05,1999-01"}
    body = assert_problem(stored.get("/v1/compare", params=by_month), 422)
    assert "no stored thread has month '1999-01'" in body["detail"]


def test_known_groups_still_answer_whatever_the_size_control(stored: TestClient) -> None:
    # Every stored thread is smaller than the default minimum: the groups exist all the same.
    for path in [*GROUPED, "/v1/tags"]:
        groups = "brand-a,brand-b" if path == "/v1/tags" else "tiktok,youtube"
        response = stored.get(path, params={**QUICK, "groups": groups})
        assert response.status_code == 200, (path, response.text)
    by_tag = {**QUICK, "by": "tag", "groups": "brand-a,brand-b", "min_comments": 1}
    response = stored.get("/v1/compare", params=by_tag)
    assert response.status_code == 200, response.text


def test_an_unknown_metric_is_named(stored: TestClient) -> None:
    body = assert_problem(stored.get("/v1/compare", params={"metric": "dialogue_scor"}), 422)
    assert "unknown metric 'dialogue_scor'" in body["detail"]
    assert "dialogue_score" in body["detail"]  # the known ones are listed
    assert body["errors"] == [{"loc": ["query", "metric"], "msg": "unknown metric 'dialogue_scor'"}]
    report = stored.get("/v1/report", params={"metrics": "reply_share,nope,bogus"})
    body = assert_problem(report, 422)
    assert "unknown metric 'nope'" in body["detail"]
    assert "unknown metric 'bogus'" in body["detail"]
    assert "'reply_share'" not in body["detail"]


@pytest.mark.parametrize(
    ("path", "unknown"),
    [
        ("/v1/compare", "metirc"),
        ("/v1/platforms", "metric"),
        ("/v1/tags", "by"),  # /v1/tags always groups by tag
        ("/v1/report", "group"),
    ],
)
def test_unknown_query_parameters_are_named(stored: TestClient, path: str, unknown: str) -> None:
    body = assert_problem(stored.get(path, params={**QUICK, unknown: "x"}), 422)
    assert f"unknown query parameter(s) '{unknown}'" in body["detail"]
    assert "resamples" in body["detail"]  # what the endpoint takes
    assert body["errors"] == [{"loc": ["query", unknown], "msg": "unknown parameter"}]


def test_a_nul_in_a_group_name_is_no_server_error(client: TestClient) -> None:
    # PostgreSQL text cannot hold NUL: a group named with one is an unknown group, not a 500.
    for path in ("/v1/platforms", "/v1/tags"):
        response = client.get(path, params={"groups": "a\x00b"})
        assert response.status_code == 422, response.text
