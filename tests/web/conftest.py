"""A deployed service (master key set), for the pages' access tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.main import create_app
from tests.api.security.conftest import secure_settings


@pytest.fixture
def secured(clean_engine: Engine, database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(secure_settings(database_url))) as test_client:
        yield test_client
