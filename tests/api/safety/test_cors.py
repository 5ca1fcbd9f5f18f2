"""CORS: none at all by default; with an allow-list, its origins only, preflight and simple."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.api.headers import UNKNOWN_AUTHORS_HEADER
from app.main import create_app
from app.request_log import REQUEST_ID_HEADER
from app.settings import Settings
from app.web_safety import API_METHODS
from tests.api.safety.conftest import TRUSTED, UNTRUSTED
from tests.conftest import TEST_LANGUAGES


def preflight(client: TestClient, origin: str, method: str = "DELETE") -> dict[str, str]:
    response = client.options(
        "/v1/threads/1",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    return dict(response.headers)


def cors_headers(headers: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in headers.items() if name.startswith("access-control-")}


@pytest.mark.parametrize("origin", [TRUSTED, UNTRUSTED])
def test_without_an_allow_list_no_answer_has_cors_headers(client: TestClient, origin: str) -> None:
    assert cors_headers(preflight(client, origin)) == {}
    assert cors_headers(dict(client.get("/v1/threads", headers={"Origin": origin}).headers)) == {}


def test_a_listed_origin_passes_the_preflight_with_the_api_methods_and_headers(
    browser_client: TestClient,
) -> None:
    headers = preflight(browser_client, TRUSTED)
    assert headers["access-control-allow-origin"] == TRUSTED
    assert set(headers["access-control-allow-methods"].split(", ")) == set(API_METHODS)
    allowed = {h.lower() for h in headers["access-control-allow-headers"].split(", ")}
    assert {"authorization", "content-type"} <= allowed
    assert "access-control-allow-credentials" not in headers  # keys travel in a header only


def test_an_unlisted_origin_fails_the_preflight(browser_client: TestClient) -> None:
    headers = preflight(browser_client, UNTRUSTED)
    assert "access-control-allow-origin" not in headers


def test_a_listed_origin_may_read_answers_and_their_headers(browser_client: TestClient) -> None:
    response = browser_client.get("/v1/threads", headers={"Origin": TRUSTED})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == TRUSTED
    exposed = set(response.headers["access-control-expose-headers"].split(", "))
    assert exposed == {
        "Location",
        "Retry-After",
        REQUEST_ID_HEADER,
        "Content-Disposition",
        UNKNOWN_AUTHORS_HEADER,
    }


def test_an_unlisted_origin_gets_no_permission_to_read(browser_client: TestClient) -> None:
    response = browser_client.get("/v1/threads", headers={"Origin": UNTRUSTED})
    assert "access-control-allow-origin" not in response.headers


def test_the_allowed_methods_are_every_method_of_the_spec(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    used = {method.upper() for operations in spec["paths"].values() for method in operations}
    assert used == set(API_METHODS)


@pytest.mark.parametrize("origin", ["dashboard.example.org", "null", "ftp://x.example"])
def test_an_allow_list_entry_that_is_not_an_origin_stops_the_start(origin: str) -> None:
    settings = Settings(
        text_languages=TEST_LANGUAGES, preload_text_pipelines=False, cors_origins=(origin,)
    )
    with pytest.raises(ValueError, match="not an http"):
        create_app(settings)
