"""POST /v1/threads?creator_handle=: the account owning every post of an upload whose export
cannot name it, stored normalised for each thread's platform, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.main import create_app
from db.migrate import upgrade
from importers.formats.mapped_columns import OPTIONAL_KEYS, REQUIRED_KEYS
from importers.pseudonyms import Pseudonymiser
from importers.toolkit.creators import NAMED_BY_REQUEST, UNIDENTIFIED
from importers.toolkit.values import MAX_KEY_LENGTH
from tests.api.bodies import comment
from tests.api.problems import assert_problem
from tests.api.threads.privacy_checks import stored_text
from tests.conftest import api_settings

PSEUDONYM_KEY = "the named creator tests' pseudonym key"


def scrapped_video() -> bytes:
    """A tiktok-comment-scrapper file (its share link names no owner):

    post
    └── 1 fan        "love it"
        └── 2 Some.Brand  "thank you!"   (the account answers)
    """

    def entry(ident: str, user: str, said: str, replies: list[Any]) -> dict[str, Any]:
        return {
            "comment_id": ident,
            "username": user,
            "nickname": user.title(),
            "comment": said,
            "create_time": "2024-09-01T08:00:00",
            "total_reply": len(replies),
            "replies": replies,
        }

    answer = entry("2", "Some.Brand", "thank you!", [])
    video = {
        "caption": "new drop",
        "video_url": "https://t.tiktok.com/i18n/share/video/7499/",
        "comments": [entry("1", "fan", "love it", [answer])],
    }
    return json.dumps(video).encode()


def upload(client: TestClient, body: bytes, name: str, **params: str) -> dict[str, Any]:
    files = {"file": (name, body, "application/json")}
    response = client.post("/v1/threads", params=params, files=files)
    assert response.status_code == 201, response.text
    [thread] = response.json()["threads"]
    stored: dict[str, Any] = client.get(f"/v1/threads/{thread['id']}").json()
    return stored


def unidentified_notes(thread: dict[str, Any]) -> list[str]:
    return [line for line in thread["import_report"]["limits"] if line.startswith(UNIDENTIFIED)]


def test_a_named_account_owns_the_upload_and_its_answers_are_the_creators(
    client: TestClient,
) -> None:
    thread = upload(client, scrapped_video(), "7499.json", creator_handle="@Some.Brand")
    assert (thread["creator_handle"], thread["creator"]) == ("some.brand", "Some.Brand")
    assert unidentified_notes(thread) == []
    assert thread["import_report"]["limits"][-1] == NAMED_BY_REQUEST
    # One reply (2), written by the creator: the creator's pooled reply share is 1/1.
    creator = client.get("/v1/creators/tiktok/@SOME.BRAND").json()
    assert (creator["threads"], creator["commenters"]) == (1, 1)  # fan
    assert (creator["creator_comments"], creator["creator_replies"]) == (1, 1)
    assert creator["creator_reply_share"] == 1.0


def test_without_the_option_the_creator_stays_unidentified(client: TestClient) -> None:
    thread = upload(client, scrapped_video(), "7499.json")
    assert (thread["creator_handle"], thread["creator"]) == (None, None)
    assert len(unidentified_notes(thread)) == 1


def test_a_merged_upload_keeps_the_named_account(client: TestClient) -> None:
    first = upload(client, scrapped_video(), "7499.json", creator_handle="@Some.Brand")
    again = upload(client, scrapped_video(), "7499.json")
    assert again["id"] == first["id"]
    assert (again["creator_handle"], again["creator"]) == ("some.brand", "Some.Brand")


@pytest.mark.parametrize(
    ("platform", "handle"),
    [
        ("tiktok", "some.brand"),
        ("instagram", "some.brand"),
        ("twitter", "some.brand"),
        ("reddit", "some.brand"),
        ("youtube", "Some.Brand"),
        ("facebook", "Some.Brand"),
    ],
)
def test_the_named_account_is_kept_as_the_threads_platform_keeps_handles(
    client: TestClient, platform: str, handle: str
) -> None:
    """A canonical thread naming no owner; the account's own comment b answers a:

    post
    └── a ann
        └── b Some.Brand
    """
    body = {
        "platform": "other",
        "external_id": "p1",
        "comments": [comment("a", None, "ann", 0), comment("b", "a", "Some.Brand", 1)],
    }
    thread = upload(
        client,
        json.dumps(body).encode(),
        "p1.json",
        platform=platform,
        creator_handle=" @Some.Brand",
    )
    assert (thread["platform"], thread["creator_handle"]) == (platform, handle)
    # b's author id reads as the handle on every platform (lower-cased where handles are).
    assert thread["creator"] == "Some.Brand"
    assert unidentified_notes(thread) == []


@pytest.mark.parametrize("value", ["", " @ ", "[deleted]", "a" * (MAX_KEY_LENGTH + 1)])
def test_a_value_that_names_no_storable_account_is_refused(client: TestClient, value: str) -> None:
    response = client.post(
        "/v1/threads",
        params={"creator_handle": value},
        files={"file": ("7499.json", scrapped_video(), "application/json")},
    )
    body = assert_problem(response, 422)
    assert [error["loc"] for error in body["errors"]] == [["query", "creator_handle"]]
    assert body["detail"].startswith("creator_handle ")
    assert client.get("/v1/threads").json()["items"] == []


def test_uploads_document_creator_handle_and_every_mapped_columns_key(
    client: TestClient,
) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for operation in (paths["/v1/threads"]["post"], paths["/v1/imports"]["post"]):
        parameters = {p["name"]: p for p in operation["parameters"]}
        assert parameters["creator_handle"]["in"] == "query"
        columns = parameters["columns"]["description"]
        for key in REQUIRED_KEYS + OPTIONAL_KEYS:
            assert f"`{key}:…`" in columns, key


def test_a_named_account_is_pseudonymised_as_every_handle_is(
    database_url: str, clean_engine: Engine, tmp_path: Path
) -> None:
    url = database_url
    if url.startswith("sqlite"):  # a new file: no free page holds another test's rows
        url = f"sqlite:///{tmp_path / 'private.db'}"
        upgrade(url)
    settings = api_settings(url, pseudonymise_authors=True, pseudonym_key=PSEUDONYM_KEY)
    with TestClient(create_app(settings)) as client:
        thread = upload(client, scrapped_video(), "7499.json", creator_handle="@Some.Brand")
    pseudonyms = Pseudonymiser(PSEUDONYM_KEY.encode())
    assert thread["creator_handle"] == pseudonyms.author_name("tiktok", "some.brand")
    assert thread["creator"] == pseudonyms.author_id("tiktok", "Some.Brand")
    assert "some.brand" not in stored_text(url).casefold()
