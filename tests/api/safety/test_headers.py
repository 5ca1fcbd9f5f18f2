"""Security headers on every answer (errors too), a CSP that lets nothing load on the API and
only its own stylesheet on the HTML report, and docs pages allowed their inline scripts and this
server's files only."""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from app.request_log import REQUEST_ID_HEADER
from app.web_safety import API_POLICY, SAFETY_HEADERS
from tests.api.bodies import dialogue_thread

EVERY_ANSWER = {name.lower(): value for name, value in SAFETY_HEADERS.items()}


def policy(response: Response) -> dict[str, set[str]]:
    """The Content-Security-Policy as directive -> sources."""
    directives = response.headers["content-security-policy"].split(";")
    parsed = (d.split() for d in directives if d.strip())
    return {name: set(sources) for name, *sources in parsed}


def assert_safety_headers(response: Response) -> None:
    assert {name: response.headers.get(name) for name in EVERY_ANSWER} == EVERY_ANSWER
    assert policy(response)["frame-ancestors"] == {"'none'"}


def sha256(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def test_a_200_carries_them(client: TestClient) -> None:
    response = client.get("/v1/threads")
    assert response.status_code == 200
    assert_safety_headers(response)
    assert response.headers["content-security-policy"] == API_POLICY


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/v1/threads/999999", 404),  # a problem+json of ours
        ("GET", "/no/such/route", 404),  # no route at all
        ("GET", "/v1/threads/not-a-number", 422),
        ("PATCH", "/v1/threads", 405),
    ],
)
def test_errors_carry_them(client: TestClient, method: str, path: str, status: int) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    assert_safety_headers(response)
    assert response.headers["content-security-policy"] == API_POLICY


def test_a_413_carries_them(client: TestClient) -> None:
    big = dialogue_thread()
    big["title"] = "x" * 70_000  # the test server's limit is 64 KiB
    response = client.post("/v1/threads", json=big)
    assert response.status_code == 413
    assert_safety_headers(response)


def test_a_422_naming_its_errors_carries_them(client: TestClient) -> None:
    response = client.get("/v1/threads", params={"cursor": "not-a-cursor"})
    assert response.status_code == 422
    assert_safety_headers(response)


def test_the_html_report_may_apply_its_own_stylesheet_and_nothing_else(
    stored: TestClient,
) -> None:
    response = stored.get("/v1/report", params={"resamples": 200})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert_safety_headers(response)
    page = response.text
    styles = re.findall(r"<style>(.*?)</style>", page, re.DOTALL)
    assert len(styles) == 1
    csp = policy(response)
    assert csp["default-src"] == {"'none'"}
    assert csp["style-src"] == {sha256(styles[0])}
    assert "script-src" not in csp  # default-src 'none': no script at all
    assert "<script" not in page


def test_the_request_id_is_echoed_when_sane_and_replaced_when_not(client: TestClient) -> None:
    kept = client.get("/v1/threads", headers={REQUEST_ID_HEADER: "req-2024.05:01"})
    assert kept.headers[REQUEST_ID_HEADER] == "req-2024.05:01"
    replaced = client.get("/v1/threads", headers={REQUEST_ID_HEADER: "ann@example.org says hi"})
    assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers[REQUEST_ID_HEADER])
    fresh = client.get("/v1/threads").headers[REQUEST_ID_HEADER]
    assert fresh != replaced.headers[REQUEST_ID_HEADER]


def loaded(page: str, tag: str, attribute: str) -> set[str]:
    """The addresses a page's tags load (`<script src>`, `<link href>`)."""
    return set(re.findall(rf"<{tag}\b[^>]*\b{attribute}=\"([^\"]+)\"", page))


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/docs/oauth2-redirect"])
def test_the_docs_pages_may_load_from_this_server_only(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert_safety_headers(response)
    page, csp = response.text, policy(response)
    assert csp["default-src"] == {"'none'"}
    inline = {sha256(s) for s in re.findall(r"<script>(.*?)</script>", page, re.DOTALL)}
    files = loaded(page, "script", "src")
    assert all(urlsplit(url).netloc == "" for url in files | loaded(page, "link", "href"))
    assert csp.get("script-src", set()) == ({"'self'"} if files else set()) | inline
    if files:  # the page runs a UI that fetches the spec from this server
        assert csp["connect-src"] == {"'self'"}
        assert csp["style-src"] == {"'self'", "'unsafe-inline'"}
    sources = set().union(*csp.values())
    assert not {source for source in sources if ":" in source and source not in ("data:", "blob:")}
    assert "'unsafe-inline'" not in csp.get("script-src", set())
    assert "'unsafe-eval'" not in csp.get("script-src", set())
