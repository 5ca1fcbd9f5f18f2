"""A deployed service (master key set) on SQLite and PostgreSQL, and keys made for the tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.api.keys.service import create_key
from app.main import create_app
from app.security.scopes import Scope
from app.settings import Settings
from db.engine import make_session_factory
from tests.conftest import api_settings

MASTER_KEY = "master-key-for-tests-0123456789abcdef"


def secure_settings(database_url: str, **changes: Any) -> Settings:
    chosen: dict[str, Any] = {
        "master_key": MASTER_KEY,
        "pseudonymise_authors": False,
        "max_body_bytes": 64 * 1024,
        **changes,
    }
    return api_settings(database_url, **chosen)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


MASTER = bearer(MASTER_KEY)


def make_key(client: TestClient, *scopes: Scope, **fields: Any) -> dict[str, Any]:
    """A key made through the API with the master key: its listing fields and `key`."""
    body = {"name": "test key", "scopes": [scope.value for scope in scopes], **fields}
    response = client.post("/v1/keys", json=body, headers=MASTER)
    assert response.status_code == 201, response.text
    made: dict[str, Any] = response.json()
    return made


def expired_key(engine: Engine, *scopes: Scope) -> str:
    """A key that expired a second ago (the API refuses to make one: it goes in directly)."""
    now = datetime.now(UTC)
    with make_session_factory(engine)() as session, session.begin():
        _, token = create_key(
            session, "expired", scopes, now - timedelta(seconds=1), now - timedelta(days=1)
        )
    return token


@pytest.fixture
def secured(clean_engine: Engine, database_url: str) -> Iterator[TestClient]:
    """A deployed service: master key set, generous rate limits."""
    with TestClient(create_app(secure_settings(database_url))) as test_client:
        yield test_client
