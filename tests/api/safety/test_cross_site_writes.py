"""A web page of another origin cannot make a browser write: its multipart POST (a "simple"
request, sent without a preflight) and its DELETE are refused before anything is stored."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.main import create_app
from tests.api.bodies import dialogue_thread
from tests.api.problems import assert_problem
from tests.api.safety.conftest import OWN, TRUSTED, UNTRUSTED
from tests.conftest import api_settings


def form_post(client: TestClient, headers: dict[str, str], external_id: str = "v1") -> int:
    """What an HTML form or fetch(..., {mode: "no-cors"}) sends: multipart, no preflight."""
    upload = json.dumps(dialogue_thread(external_id)).encode()
    response = client.post(
        "/v1/threads", files={"file": ("t.json", upload, "application/json")}, headers=headers
    )
    return response.status_code


def stored_posts(client: TestClient) -> list[str]:
    return [item["external_id"] for item in client.get("/v1/threads").json()["items"]]


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": UNTRUSTED},
        {"Origin": "null"},  # a sandboxed frame, a data: or file: page
        {"Origin": "http://127.0.0.1.evil.example"},
        {"Origin": "https://127.0.0.1"},  # this host, another scheme
        {"Sec-Fetch-Site": "cross-site"},  # a browser that left Origin out
    ],
)
def test_a_cross_site_form_post_is_refused_and_nothing_is_stored(
    browser_client: TestClient, headers: dict[str, str]
) -> None:
    response = browser_client.post(
        "/v1/threads",
        files={"file": ("t.json", json.dumps(dialogue_thread()).encode(), "application/json")},
        headers=headers,
    )
    body = assert_problem(response, 403)
    assert body["type"].endswith("/cross-site-write")
    assert stored_posts(browser_client) == []


def test_a_development_server_refuses_them_too(client: TestClient) -> None:
    """No allow-list, no key (the open development mode on 127.0.0.1): still refused."""
    assert form_post(client, {"Origin": UNTRUSTED}) == 403
    assert stored_posts(client) == []


def test_a_cross_site_delete_is_refused_and_the_thread_kept(browser_client: TestClient) -> None:
    assert form_post(browser_client, {}) == 201
    (thread,) = browser_client.get("/v1/threads").json()["items"]
    response = browser_client.delete(f"/v1/threads/{thread['id']}", headers={"Origin": UNTRUSTED})
    assert_problem(response, 403)
    assert browser_client.get(f"/v1/threads/{thread['id']}").status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},  # curl, scripts, generated clients: no browser, no Origin
        {"Origin": OWN},  # a page of this server (the /docs page's "Try it out")
        {"Origin": "HTTP://127.0.0.1:80"},  # the same origin, spelt otherwise
        {"Origin": TRUSTED, "Sec-Fetch-Site": "cross-site"},  # a listed origin
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},  # typed by the user
    ],
)
def test_writes_from_trusted_senders_are_stored(
    browser_client: TestClient, headers: dict[str, str]
) -> None:
    assert form_post(browser_client, headers) == 201
    assert stored_posts(browser_client) == ["v1"]


def test_reads_are_not_refused_cors_keeps_their_answer_from_the_page(
    browser_client: TestClient,
) -> None:
    response = browser_client.get("/v1/threads", headers={"Origin": UNTRUSTED})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


@pytest.fixture
def spelt_otherwise_client(clean_engine: Engine, database_url: str) -> Iterator[TestClient]:
    settings = api_settings(database_url, cors_origins=("HTTPS://Dashboard.Example.org:443/",))
    with TestClient(create_app(settings), base_url=OWN) as test_client:
        yield test_client


def test_a_listed_origin_is_matched_as_browsers_send_it(
    spelt_otherwise_client: TestClient,
) -> None:
    assert form_post(spelt_otherwise_client, {"Origin": TRUSTED}) == 201
    response = spelt_otherwise_client.get("/v1/threads", headers={"Origin": TRUSTED})
    assert response.headers["access-control-allow-origin"] == TRUSTED
