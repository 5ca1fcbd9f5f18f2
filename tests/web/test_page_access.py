"""The pages are protected like the API reads they show: the list as GET /v1/threads
(aggregates:read), a thread's page as its comments (comments:read)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.security.scopes import Scope
from tests.api.bodies import chain
from tests.api.security.conftest import MASTER, bearer, make_key


@pytest.fixture
def thread_id(secured: TestClient) -> int:
    created = secured.post("/v1/threads", json=chain("p", "youtube", 3), headers=MASTER)
    assert created.status_code == 201, created.text
    found: int = created.json()["items"][0]["id"]
    return found


@pytest.mark.parametrize(
    ("page", "needed"), [("/", Scope.AGGREGATES_READ), ("/threads/{id}", Scope.COMMENTS_READ)]
)
def test_each_page_needs_its_scope(
    secured: TestClient, thread_id: int, page: str, needed: Scope
) -> None:
    path = page.format(id=thread_id)
    assert secured.get(path).status_code == 401
    others = [scope for scope in Scope if scope is not needed]
    assert secured.get(path, headers=bearer(make_key(secured, *others)["key"])).status_code == 403
    allowed = secured.get(path, headers=bearer(make_key(secured, needed)["key"]))
    assert allowed.status_code == 200
    assert allowed.headers["content-type"].startswith("text/html")


def test_the_stylesheet_and_icon_need_no_key(secured: TestClient) -> None:
    """They hold no data, and a browser fetches them without the page's Authorization."""
    assert secured.get("/static/parley.css").headers["content-type"].startswith("text/css")
    assert secured.get("/favicon.ico").headers["content-type"] == "image/svg+xml"


def test_the_pages_are_not_api_operations(secured: TestClient) -> None:
    paths = secured.get("/openapi.json").json()["paths"]
    assert "/" not in paths
    assert "/threads/{thread_id}" not in paths
