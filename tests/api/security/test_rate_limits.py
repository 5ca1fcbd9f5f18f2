"""Per-key rate limits: writes and expensive reads answer 429 with Retry-After past their limit;
each key (the master key too) has its own count; development mode counts nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.main import create_app
from app.security.rate import InvalidRateLimit
from app.security.scopes import Scope
from tests.api.bodies import chain
from tests.api.problems import assert_problem
from tests.api.security.conftest import MASTER, bearer, make_key, secure_settings
from tests.conftest import api_settings

TINY = "2/minute"


@pytest.fixture
def limited(clean_engine: Engine, database_url: str) -> Iterator[TestClient]:
    settings = secure_settings(database_url, write_rate_limit=TINY, expensive_read_rate_limit=TINY)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def upload(client: TestClient, headers: dict[str, str], name: str) -> int:
    response = client.post("/v1/threads", json=chain(name, "youtube", 3), headers=headers)
    return response.status_code


def test_writes_past_the_limit_are_429_with_retry_after(limited: TestClient) -> None:
    writer = bearer(make_key(limited, Scope.THREADS_WRITE, Scope.THREADS_DELETE)["key"])
    first = limited.post("/v1/threads", json=chain("a", "youtube", 3), headers=writer)
    thread_id = first.json()["threads"][0]["id"]
    assert upload(limited, writer, "b") == 201
    response = limited.post("/v1/threads", json=chain("c", "youtube", 3), headers=writer)
    problem = assert_problem(response, 429)
    assert problem["type"].endswith("/rate-limited")
    assert "2 writes in 1 minute" in problem["detail"]
    assert 1 <= int(response.headers["retry-after"]) <= 60
    # A deletion is a write too, and refused before it deletes anything.
    assert_problem(limited.delete(f"/v1/threads/{thread_id}", headers=writer), 429)
    assert limited.get(f"/v1/threads/{thread_id}", headers=MASTER).status_code == 200


def test_each_key_and_the_master_key_count_apart(limited: TestClient) -> None:
    first = bearer(make_key(limited, Scope.THREADS_WRITE)["key"])
    second = bearer(make_key(limited, Scope.THREADS_WRITE)["key"])
    assert [upload(limited, first, name) for name in "abc"] == [201, 201, 429]
    assert [upload(limited, second, name) for name in "abc"] == [201, 201, 429]
    assert [upload(limited, MASTER, name) for name in "abc"] == [201, 201, 429]


def test_expensive_reads_are_limited_and_cheap_reads_are_not(limited: TestClient) -> None:
    reader = bearer(make_key(limited, Scope.AGGREGATES_READ, Scope.COMMENTS_READ)["key"])
    statuses = [limited.get(path, headers=reader).status_code for path in ("/v1/platforms",) * 3]
    assert statuses == [200, 200, 429]
    # compare, report, tags share the expensive-read count; exchanges and conversations too.
    for path in ("/v1/compare", "/v1/report", "/v1/tags", "/v1/threads/1/exchanges"):
        assert_problem(limited.get(path, headers=reader), 429)
    assert all(limited.get("/v1/threads", headers=reader).status_code == 200 for _ in range(6))


def test_requests_refused_a_key_do_not_use_its_limit(limited: TestClient) -> None:
    """Someone who knows a key's public id but not its secret cannot spend its budget."""
    token = make_key(limited, Scope.THREADS_WRITE)["key"]
    forged = bearer(token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"))
    assert [upload(limited, forged, name) for name in "abc"] == [401, 401, 401]
    assert [upload(limited, bearer(token), name) for name in "abc"] == [201, 201, 429]


def test_development_mode_has_no_limit(clean_engine: Engine, database_url: str) -> None:
    settings = api_settings(database_url, write_rate_limit=TINY, expensive_read_rate_limit=TINY)
    with TestClient(create_app(settings)) as open_client:
        assert [upload(open_client, {}, name) for name in "abcde"] == [201] * 5
        assert all(open_client.get("/v1/platforms").status_code == 200 for _ in range(5))


def test_an_unreadable_rate_is_refused_at_start_up() -> None:
    with pytest.raises(InvalidRateLimit, match="PARLEY_WRITE_RATE_LIMIT"):
        create_app(secure_settings("sqlite://", write_rate_limit="sixty a minute"))
