"""Pseudonymised authors and metrics-only storage through the API, on SQLite and PostgreSQL.

The decisive check reads what the database holds (tests/api/threads/privacy_checks.py) and
finds no original author id or name of the uploads (nor, without text, any comment's text).
Names shorter than `SHORTEST_NEEDLE` occur there by chance, so those are looked for where a
name could be: in every author, name, creator, url, title and @mention the API serves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import Engine

from app.api.threads.rescore import rescore
from app.main import create_app
from app.settings import Settings
from db.engine import make_engine, make_session_factory
from db.migrate import upgrade
from tests.api.threads.privacy_checks import (
    EXPORTS,
    SHORTEST_NEEDLE,
    comment,
    named_anywhere,
    named_thread,
    originals,
    served,
    stored_text,
    upload_all,
)
from tests.conftest import TEST_LANGUAGES, api_settings

KEY = "the pseudonym key of the tests"
ALIAS = re.compile(r"[un]_[a-p]{20}")


@contextmanager
def private_client(url: str, **settings: Any) -> Iterator[TestClient]:
    active = api_settings(
        url, pseudonymise_authors=True, pseudonym_key=KEY, max_body_bytes=64 * 1024, **settings
    )
    with TestClient(create_app(active)) as client:
        yield client


@pytest.fixture
def private_url(database_url: str, clean_engine: Engine, tmp_path: Path) -> str:
    """An empty database: a new SQLite file (no page ever held another test's rows), or the
    emptied PostgreSQL schema."""
    if not database_url.startswith("sqlite"):
        return database_url
    url = f"sqlite:///{tmp_path / 'private.db'}"
    upgrade(url)
    return url


def test_pseudonymised_uploads_store_no_original_id_or_name(private_url: str) -> None:
    people, texts = originals(EXPORTS)
    with private_client(private_url) as client:
        upload_all(client, EXPORTS)
        threads, comments = served(client)
    assert len(threads) == 8
    stored = stored_text(private_url)
    assert sorted(p for p in people if len(p) >= SHORTEST_NEEDLE and p in stored) == []
    assert named_anywhere(people, threads, comments) == set()
    assert {"bob", "dan", "owner", "UCbob", "alice"} <= people  # the short ones are looked for
    assert all(t in stored for t in texts if "@" not in t)  # the text is kept
    assert all(c["author"] is None or ALIAS.fullmatch(c["author"]) for c in comments)
    retargeted = {t["external_id"]: t["import_report"]["retargeted"] for t in threads}
    assert retargeted["Vid00000001"] == {"mention": 2}  # reconstruction ran on the names
    assert retargeted["7430000000000000001"] == {"explicit_field": 1, "mention": 1}
    assert {t["import_report"]["privacy"]["authors"] for t in threads} == {"pseudonymised"}


def test_mentions_point_at_the_pseudonyms_the_mentioned_show(private_url: str) -> None:
    with private_client(private_url) as client:
        created = client.post("/v1/threads", json=named_thread()).json()["threads"][0]
        items = client.get(f"/v1/threads/{created['id']}/comments").json()["items"]
    by_id = {c["id"]: c for c in items}
    assert by_id["b"]["text"] == (
        f"@{by_id['a']['author_name']} yes; ask @{by_id['c']['author']}"  # a name; an id
    )
    assert by_id["c"]["text"] == f"@{by_id['b']['author_name']} it is!"
    assert created["creator"] == by_id["c"]["author"]
    assert created["metrics"]["creator_reply_share"] == 0.5


def test_a_pseudonymised_post_merges_by_the_same_pseudonyms(private_url: str) -> None:
    """The post in two uploads: the second repeats b and adds d, which mentions an author only
    the first upload named."""
    first, second = named_thread(), named_thread()
    second["comments"] = [
        first["comments"][1],
        comment("d", "a", "dorrit-04", "Dorrit Fenwick", 3, "@Zephyrine Vantablack agreed"),
    ]
    with private_client(private_url) as client:
        thread_id = client.post("/v1/threads", json=first).json()["threads"][0]["id"]
        merged = client.post("/v1/threads", json=second).json()["threads"][0]
        items = client.get(f"/v1/threads/{thread_id}/comments").json()["items"]
    assert merged["id"] == thread_id
    assert merged["outcome"] == "merged"
    assert (merged["comments_added"], merged["comments_updated"]) == (1, 0)
    assert sorted(c["id"] for c in items) == ["a", "b", "c", "d"]
    by_id = {c["id"]: c for c in items}
    assert by_id["d"]["text"] == f"@{by_id['a']['author_name']} agreed"
    assert "Zephyrine" not in stored_text(private_url)


def test_a_thread_is_merged_only_with_uploads_kept_the_same_way(private_url: str) -> None:
    settings = Settings(
        database_url=private_url, text_languages=TEST_LANGUAGES, preload_text_pipelines=False
    )
    with TestClient(create_app(settings)) as open_client:  # authors as they came
        assert open_client.post("/v1/threads", json=named_thread()).status_code == 201
    with private_client(private_url) as client:
        refused = client.post("/v1/threads", json=named_thread())
        assert refused.status_code == 409
        assert refused.json()["type"].endswith("/cannot-merge")
        assert "on_existing=replace" in refused.json()["detail"]
        replaced = client.post("/v1/threads?on_existing=replace", json=named_thread())
        assert replaced.json()["threads"][0]["outcome"] == "replaced"
    other_key = Settings(
        database_url=private_url,
        pseudonymise_authors=True,
        pseudonym_key="another key, another deployment",
        text_languages=TEST_LANGUAGES,
        preload_text_pipelines=False,
    )
    with TestClient(create_app(other_key)) as client:
        assert client.post("/v1/threads", json=named_thread()).status_code == 409


def test_without_text_only_metrics_are_kept(private_url: str) -> None:
    exports = (*EXPORTS, "reddit_api/listing_and_morechildren.json")
    people, texts = originals(exports)
    with private_client(private_url, store_comment_text=False) as client:
        upload_all(client, exports)
        created, comments = served(client)
        named = next(t for t in created if t["external_id"] == "priv-post")
        items = client.get(f"/v1/threads/{named['id']}/comments").json()["items"]
        talks = client.get(f"/v1/threads/{named['id']}/conversations").json()["items"]
        refused = client.post("/v1/threads", json=named_thread())
        stored = stored_text(private_url)
        sessions = make_session_factory(engine := make_engine(private_url))
        try:
            summary = rescore(sessions, None)
        finally:
            engine.dispose()
    assert [c["text"] for c in items] == ["", "", ""]
    assert named["metrics"]["question_share"] == pytest.approx(1 / 3)  # measured on the text
    # a conversation cannot be measured on text that is gone: unknown, not silent
    assert talks[0]["metrics"]["question_share"] is None
    assert "not stored" in talks[0]["metrics"]["unavailable"]["question_share"]
    assert "text" in " ".join(named["import_report"]["limits"])
    assert named["import_report"]["privacy"] == {
        "authors": "pseudonymised",
        "text": "not stored",
        "pseudonym_key": named["import_report"]["privacy"]["pseudonym_key"],
    }
    assert sorted(t for t in texts if t in stored) == []
    assert sorted(p for p in people if len(p) >= SHORTEST_NEEDLE and p in stored) == []
    assert named_anywhere(people, created, comments) == set()
    assert {c["text"] for c in comments} == {""}
    assert refused.status_code == 409
    assert "without comment text" in refused.json()["detail"]
    assert summary.rescored == ()
    assert sorted(summary.without_text) == sorted(t["id"] for t in created)
    assert f"left as stored without text {len(created)}" in summary.lines()[0]


def test_pseudonyms_without_a_key_are_refused_at_start_up() -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(master_key="a master key of a deployment")
    message = str(refused.value)
    assert "PARLEY_PSEUDONYM_KEY" in message
    assert "PARLEY_PSEUDONYMISE_AUTHORS=false" in message
    assert "a master key of a deployment" not in message  # secrets stay out of errors
    assert Settings(master_key="a master key", pseudonymise_authors=False).pseudonymising is False
    assert Settings(master_key="a master key", pseudonym_key=KEY).pseudonymising is True
    assert Settings(master_key=None).pseudonymising is False  # development mode
