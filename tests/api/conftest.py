"""Fixtures shared by the API tests of several resources."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.bodies import chain


@pytest.fixture
def stored(client: TestClient) -> TestClient:
    """youtube reply shares 0, 1/2, 2/3 (sizes 1, 2, 3); tiktok 0, 0 (sizes 1, 1)."""
    for index, length in enumerate((1, 2, 3)):
        client.post("/v1/threads", json=chain(f"y{index}", "youtube", length, tags=["brand-a"]))
    for index in range(2):
        client.post("/v1/threads", json=chain(f"t{index}", "tiktok", 1, tags=["brand-b"]))
    return client
