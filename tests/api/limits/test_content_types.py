"""Uploads accept exactly the media types the OpenAPI spec declares: never text/plain, which a
web page can make a browser send to any address without asking first."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from app.api.threads.upload import ACCEPTED_TYPES
from tests.api.bodies import chain
from tests.api.problems import assert_problem

THREAD = json.dumps(chain("typed", "youtube", 2)).encode()
# What a browser sends cross-site without a preflight; multipart is how files are uploaded, and
# cross-site forms are refused by app/web_safety.py.
SIMPLE_TYPES = {"text/plain", "application/x-www-form-urlencoded"}


def declared_types(client: TestClient) -> set[str]:
    operation = client.get("/openapi.json").json()["paths"]["/v1/threads"]["post"]
    return set(operation["requestBody"]["content"])


def test_the_spec_declares_exactly_the_accepted_types(client: TestClient) -> None:
    assert declared_types(client) == ACCEPTED_TYPES
    assert not SIMPLE_TYPES & ACCEPTED_TYPES


@pytest.mark.parametrize("media_type", sorted(SIMPLE_TYPES))
def test_a_browser_simple_type_is_415_even_with_valid_json(
    client: TestClient, media_type: str
) -> None:
    response = client.post("/v1/threads", content=THREAD, headers={"content-type": media_type})
    body = assert_problem(response, 415)
    assert repr(media_type) in body["detail"]
    assert "text/plain" not in body["detail"].split(";", 1)[1]
    assert client.get("/v1/threads").json()["items"] == []


def test_every_declared_type_but_multipart_is_taken(client: TestClient) -> None:
    for media_type in sorted(declared_types(client) - {"multipart/form-data"}):
        response = client.post("/v1/threads", content=THREAD, headers={"content-type": media_type})
        assert response.status_code == 201, (media_type, response.text)
