"""/healthz and /readyz: the process is up; the database answers, or 503."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.main import create_app
from tests.conftest import api_settings


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}


def test_readiness_is_503_when_the_database_does_not_answer() -> None:
    unreachable = api_settings("postgresql+psycopg://nobody@127.0.0.1:9/none")
    with TestClient(create_app(unreachable)) as offline:
        response = offline.get("/readyz")
        assert offline.get("/healthz").status_code == 200
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
