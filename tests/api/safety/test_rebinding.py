"""DNS rebinding: a page of a domain re-pointed at 127.0.0.1 is same-origin for the browser, so
only the Host it names tells it apart. The open development server answers browsers at loopback
names only; scripts (no browser headers), deployments and --allow-open are not affected."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.main import create_app
from app.web_safety import is_loopback
from tests.api.bodies import chain
from tests.conftest import api_settings

SAME_ORIGIN_FETCH = {"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors"}


def _client(database_url: str, base_url: str, **settings: object) -> TestClient:
    return TestClient(create_app(api_settings(database_url, **settings)), base_url=base_url)


@pytest.fixture
def rebound(clean_engine: Engine, database_url: str) -> Iterator[TestClient]:
    """The development server reached as http://attacker.example:8000 (resolved to 127.0.0.1)."""
    with _client(database_url, "http://attacker.example:8000") as client:
        yield client


def test_a_browser_at_a_rebound_name_can_neither_read_nor_write(rebound: TestClient) -> None:
    read = rebound.get("/v1/threads", headers=SAME_ORIGIN_FETCH)
    origin = {"Origin": "http://attacker.example:8000", **SAME_ORIGIN_FETCH}
    write = rebound.post("/v1/threads", json=chain("p", "youtube", 2), headers=origin)
    assert (read.status_code, write.status_code) == (403, 403)
    assert read.json()["type"].endswith("/foreign-host")
    assert "attacker.example" in read.json()["detail"]
    assert read.headers["x-content-type-options"] == "nosniff"  # refusals carry the headers
    assert rebound.get("/v1/threads").json()["items"] == []  # nothing was stored


def test_scripts_reach_it_under_any_name(rebound: TestClient) -> None:
    assert rebound.post("/v1/threads", json=chain("p", "youtube", 2)).status_code == 201


@pytest.mark.parametrize("base_url", ["http://127.0.0.1:8000", "http://localhost", "http://[::1]"])
def test_browsers_at_loopback_names_are_served(
    clean_engine: Engine, database_url: str, base_url: str
) -> None:
    with _client(database_url, base_url) as client:
        assert client.get("/v1/threads", headers=SAME_ORIGIN_FETCH).status_code == 200


@pytest.mark.parametrize(
    "settings", [{"allow_open": True}, {"master_key": "m" * 32, "pseudonymise_authors": False}]
)
def test_open_on_purpose_or_deployed_it_answers_any_name(
    clean_engine: Engine, database_url: str, settings: dict[str, object]
) -> None:
    with _client(database_url, "http://parley.example.org", **settings) as client:
        response = client.get("/healthz", headers=SAME_ORIGIN_FETCH)
    assert response.status_code == 200


def test_loopback_names() -> None:
    loopback = ["localhost", "api.localhost", "127.0.0.1", "127.8.0.1", "::1", "[::1]", "LOCALHOST"]
    assert all(is_loopback(host) for host in loopback)
    others = ["localhost.evil.example", "10.0.0.1", "0.0.0.0", "example.org", "", "::"]
    assert not any(is_loopback(host) for host in others)
