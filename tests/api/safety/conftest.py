"""A client whose server trusts one web origin, for the cross-origin tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.main import create_app
from tests.conftest import api_settings

TRUSTED = "https://dashboard.example.org"
UNTRUSTED = "https://evil.example"
# The clients browse the development server as a browser would: at a loopback address (it
# answers browsers nowhere else); OWN is their origin, the scheme and Host of their requests.
OWN = "http://127.0.0.1"


@pytest.fixture
def browser_client(clean_engine: Engine, database_url: str) -> Iterator[TestClient]:
    settings = api_settings(database_url, max_body_bytes=64 * 1024, cors_origins=(TRUSTED,))
    with TestClient(create_app(settings), base_url=OWN) as test_client:
        yield test_client
