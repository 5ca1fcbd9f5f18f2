"""An API key's life through /v1/keys: made (its secret shown once, stored as a hash), used,
listed without its secret, revoked (401 from then on); expiry; what the API refuses."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from app.security.scopes import Scope
from db.engine import make_session_factory
from db.models import ApiKeyRow
from tests.api.bodies import chain
from tests.api.problems import assert_problem
from tests.api.security.conftest import MASTER, bearer, expired_key, make_key


def test_create_use_list_revoke(secured: TestClient, clean_engine: Engine) -> None:
    made = make_key(secured, Scope.THREADS_WRITE, Scope.AGGREGATES_READ, name="crawler")
    token = made["key"]
    assert token.startswith(made["prefix"])
    assert made["prefix"] == f"pk_{made['id']}_"
    assert made["scopes"] == ["aggregates:read", "threads:write"]
    assert made["state"] == "active"
    assert made["expires_at"] is None

    uploaded = secured.post("/v1/threads", json=chain("p", "reddit", 3), headers=bearer(token))
    assert uploaded.status_code == 201
    assert secured.get("/v1/threads", headers=bearer(token)).json()["items"][0]["id"]

    listing = secured.get("/v1/keys", headers=MASTER)
    assert listing.status_code == 200
    (listed,) = listing.json()["items"]
    assert listed == {k: v for k, v in made.items() if k != "key"}
    secret = token.removeprefix(made["prefix"])
    assert secret not in listing.text

    with make_session_factory(clean_engine)() as session:
        row = session.scalars(select(ApiKeyRow)).one()
    assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = (row.id, row.name, row.scopes, row.secret_hash)
    assert all(secret not in str(value) for value in stored)

    assert secured.delete(f"/v1/keys/{made['id']}", headers=MASTER).status_code == 204
    problem = assert_problem(secured.get("/v1/threads", headers=bearer(token)), 401)
    assert problem["detail"] == "the API key was revoked"
    (revoked,) = secured.get("/v1/keys", headers=MASTER).json()["items"]
    assert revoked["state"] == "revoked"
    assert revoked["revoked_at"]

    # Revoking again changes nothing, the first time stays.
    assert secured.delete(f"/v1/keys/{made['id']}", headers=MASTER).status_code == 204
    assert secured.get("/v1/keys", headers=MASTER).json()["items"] == [revoked]


def test_a_key_expires(secured: TestClient, clean_engine: Engine) -> None:
    soon = make_key(secured, Scope.AGGREGATES_READ, expires_in_days=2)
    expires = datetime.fromisoformat(soon["expires_at"])
    assert (
        timedelta(days=2) - timedelta(minutes=1) < expires - datetime.now(UTC) <= timedelta(days=2)
    )
    assert secured.get("/v1/threads", headers=bearer(soon["key"])).status_code == 200

    later = make_key(secured, Scope.AGGREGATES_READ, expires_at="2099-06-01T12:00:00+02:00")
    assert later["expires_at"] == "2099-06-01T10:00:00Z"

    token = expired_key(clean_engine, Scope.AGGREGATES_READ)
    problem = assert_problem(secured.get("/v1/threads", headers=bearer(token)), 401)
    assert problem["detail"].startswith("the API key expired at ")
    states = [key["state"] for key in secured.get("/v1/keys", headers=MASTER).json()["items"]]
    assert sorted(states) == ["active", "active", "expired"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x", "scopes": []}, "scopes"),
        ({"name": "x", "scopes": ["keys:manage"]}, "scopes"),
        ({"name": "", "scopes": ["aggregates:read"]}, "name"),
        ({"name": "tab\there", "scopes": ["aggregates:read"]}, "name"),
        ({"name": "x", "scopes": ["aggregates:read"], "expires_in_days": 0}, "expires_in_days"),
        ({"name": "x", "scopes": ["aggregates:read"], "expires_at": "2020-01-01T00:00:00Z"}, None),
        # Beyond 100 years, and past what a datetime can hold in UTC: a 422, not a 500.
        (
            {"name": "x", "scopes": ["aggregates:read"], "expires_at": "9999-12-31T23:59:59-05:00"},
            None,
        ),
        (
            {"name": "x", "scopes": ["aggregates:read"], "expires_at": "2999-01-01T00:00:00"},
            "expires_at",
        ),
        (
            {
                "name": "x",
                "scopes": ["aggregates:read"],
                "expires_in_days": 3,
                "expires_at": "2999-01-01T00:00:00Z",
            },
            None,
        ),
        ({"name": "x", "scopes": ["aggregates:read"], "admin": True}, "admin"),
    ],
)
def test_bad_key_requests_are_422_and_store_nothing(
    secured: TestClient, body: dict[str, object], field: str | None
) -> None:
    problem = assert_problem(secured.post("/v1/keys", json=body, headers=MASTER), 422)
    if field is not None:
        assert field in {str(part) for error in problem["errors"] for part in error["loc"]}
    assert secured.get("/v1/keys", headers=MASTER).json()["items"] == []


def test_revoking_an_unknown_key_is_404(secured: TestClient) -> None:
    problem = assert_problem(secured.delete("/v1/keys/0123456789abcdef", headers=MASTER), 404)
    assert problem["type"].endswith("/key-not-found")
    assert_problem(secured.delete("/v1/keys/not-an-id", headers=MASTER), 422)


def test_only_the_master_key_manages_keys(secured: TestClient) -> None:
    everything = bearer(make_key(secured, *Scope)["key"])
    for method, path in (("get", "/v1/keys"), ("post", "/v1/keys")):
        body = {"name": "more", "scopes": ["threads:delete"]} if method == "post" else None
        problem = assert_problem(secured.request(method, path, json=body, headers=everything), 403)
        assert problem["detail"] == "only the master key manages API keys"
