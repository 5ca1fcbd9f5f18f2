"""The auth matrix: every operation of the deployed service's OpenAPI spec × every kind of
credential, on SQLite and PostgreSQL.

The operations come from the spec itself, so a new one is in the matrix the day it is added:
it must declare its scope (`requires(...)`) or be one of the deliberately open ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import Engine

from app.api.threads.params import ImportRequest
from app.jobs.options import options_of
from app.main import create_app
from app.security.scopes import MASTER_ONLY, Scope
from db.base import Base
from db.engine import make_session_factory
from db.jobs import add_job
from importers.base import ImportOptions
from tests.api.bodies import chain
from tests.api.security.conftest import MASTER, MASTER_KEY, bearer, expired_key, secure_settings

NOW = datetime(2026, 11, 30, tzinfo=UTC)
OPEN = {"health", "ready"}  # health checks answer anyone (the docs pages are not operations)
CREATOR = ("reddit", "matrix_creator")  # the shared thread's account: a creator's read finds it
CASES = (
    "no key",
    "not a key",
    "wrong secret",
    "revoked key",
    "expired key",
    "every other scope",
    "the needed scope only",
    "master key",
)
REFUSED = {"no key": 401, "not a key": 401, "wrong secret": 401, "revoked key": 401}
REFUSED |= {"expired key": 401, "every other scope": 403}
BODIES: dict[str, Any] = {
    "create_thread": chain("matrix-upload", "youtube", 3),
    "create_import": chain("matrix-import", "youtube", 3),
    "create_key": {"name": "made in the matrix", "scopes": ["aggregates:read"]},
}


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    scope: str | None  # x-parley-scope; None for an open operation

    def __str__(self) -> str:
        return self.operation_id


def spec_operations() -> list[Operation]:
    spec = create_app(secure_settings("sqlite://")).openapi()
    return [
        Operation(operation["operationId"], method, path, operation.get("x-parley-scope"))
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
    ]


OPERATIONS = spec_operations()
PROTECTED = [operation for operation in OPERATIONS if operation.operation_id not in OPEN]
MATRIX = [(operation, case) for operation in PROTECTED for case in CASES]


def needed(operation: Operation) -> frozenset[Scope]:
    """The scopes a key needs: none grants a master-only operation."""
    assert operation.scope is not None
    return frozenset() if operation.scope == MASTER_ONLY else frozenset({Scope(operation.scope)})


class World:
    """A deployed service with stored threads, and a key of every kind the matrix sends."""

    def __init__(self, client: TestClient, engine: Engine) -> None:
        self.client = client
        self.engine = engine
        for length in (5, 7, 9):
            for platform in ("youtube", "tiktok"):
                self.new_thread(f"{platform}-{length}", platform, length)
        self.thread_id = self.new_thread("shared", "reddit", creator_handle=CREATOR[1])
        self.job_id = self.new_job()
        self.tokens: dict[frozenset[Scope], str] = {}
        revoked = self.key_record(frozenset(Scope))
        assert client.delete(f"/v1/keys/{revoked['id']}", headers=MASTER).status_code == 204
        self.revoked = revoked["key"]
        self.expired = expired_key(engine, *Scope)
        self.forged = self.token(frozenset(Scope))[:-6] + "AAAAAA"

    def new_thread(self, external_id: str, platform: str, length: int = 6, **extra: Any) -> int:
        body = chain(external_id, platform, length, **extra)
        response = self.client.post("/v1/threads", json=body, headers=MASTER)
        assert response.status_code == 201, response.text
        thread_id: int = response.json()["threads"][0]["id"]
        return thread_id

    def new_job(self) -> int:
        """A queued job no queue was told of: it stays queued, so it can be cancelled."""
        with make_session_factory(self.engine).begin() as session:
            return add_job(session, options_of(ImportRequest(None, ImportOptions(), ())), NOW).id

    def key_record(self, scopes: frozenset[Scope]) -> dict[str, Any]:
        body = {"name": "matrix", "scopes": sorted(scopes)}
        response = self.client.post("/v1/keys", json=body, headers=MASTER)
        assert response.status_code == 201, response.text
        record: dict[str, Any] = response.json()
        return record

    def token(self, scopes: frozenset[Scope]) -> str:
        if scopes not in self.tokens:
            self.tokens[scopes] = self.key_record(scopes)["key"]
        return self.tokens[scopes]

    def headers(self, operation: Operation, case: str) -> dict[str, str]:
        scopes = needed(operation)
        tokens = {
            "no key": None,
            "not a key": "not-a-parley-key",
            "wrong secret": self.forged,
            "revoked key": self.revoked,
            "expired key": self.expired,
            "every other scope": self.token(frozenset(Scope) - scopes),
            # No scope grants key management: the best a key can hold is every scope.
            "the needed scope only": self.token(scopes or frozenset(Scope)),
            "master key": MASTER_KEY,
        }
        token = tokens[case]
        return {} if token is None else bearer(token)

    def call(self, operation: Operation, case: str) -> Response:
        url = operation.path.format(
            # A deletion takes a thread (or key) of its own; reads share one.
            thread_id=self.new_thread(f"doomed-{case}", "reddit")
            if operation.method == "delete"
            else self.thread_id,
            key_id=self.key_record(frozenset({Scope.AGGREGATES_READ}))["id"],
            # A cancellation takes a queued job of its own; reads share one.
            job_id=self.new_job() if operation.method == "delete" else self.job_id,
            platform=CREATOR[0],
            handle=CREATOR[1],
        )
        body = BODIES.get(operation.operation_id)
        headers = self.headers(operation, case)
        return self.client.request(operation.method, url, json=body, headers=headers)


@pytest.fixture(scope="module")
def world(engine: Engine, database_url: str) -> Iterator[World]:
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    settings = secure_settings(
        database_url, write_rate_limit="100000/minute", expensive_read_rate_limit="100000/minute"
    )
    with TestClient(create_app(settings)) as client:
        yield World(client, engine)


def test_the_matrix_covers_every_operation_of_the_spec() -> None:
    operation_ids = {operation.operation_id for operation in OPERATIONS}
    assert operation_ids >= OPEN
    assert all(operation.scope for operation in PROTECTED), "an operation without a scope"
    assert {"create_key", "list_keys", "revoke_key", "delete_thread"} <= operation_ids
    assert len(PROTECTED) == len(OPERATIONS) - len(OPEN) == 25
    assert len(MATRIX) == len(PROTECTED) * len(CASES) == 200


@pytest.mark.parametrize(("operation", "case"), MATRIX, ids=[f"{o}-{c}" for o, c in MATRIX])
def test_auth_matrix(world: World, operation: Operation, case: str) -> None:
    response = world.call(operation, case)
    master_only = operation.scope == MASTER_ONLY
    refused = REFUSED.get(case) or (403 if master_only and case != "master key" else None)
    if refused is None:
        assert 200 <= response.status_code < 300, response.text
        return
    assert response.status_code == refused, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith('Bearer realm="parley"')
    if refused == 403 and not master_only:
        assert f'scope="{operation.scope}"' in challenge
        assert f"`{operation.scope}`" in response.json()["detail"]


@pytest.mark.parametrize("operation_id", sorted(OPEN))
def test_open_operations_need_no_key(world: World, operation_id: str) -> None:
    (operation,) = [o for o in OPERATIONS if o.operation_id == operation_id]
    assert world.client.request(operation.method, operation.path).status_code == 200


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/openapi.json"])
def test_documentation_is_open(world: World, path: str) -> None:
    assert world.client.get(path).status_code == 200
