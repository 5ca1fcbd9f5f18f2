"""Rescoring names the creator of threads stored without a handle, on SQLite and PostgreSQL.

Threads are stored as uploads store them, their `creator_handle` is then set NULL (as a store
made before handles were kept holds them), and `rescore` must give back the handle the import
gave: from a TikTok url, a YouTube channel id, an X creator's own comments.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from app.api.threads.ingest import ingest_upload
from app.api.threads.params import ImportRequest
from app.api.threads.privacy import Privacy
from app.api.threads.rescore import rescore
from db.engine import make_session_factory
from db.models import ThreadRow
from importers.base import ImportOptions
from importers.payload import Payload
from importers.pseudonyms import NAME_PREFIX, Pseudonymiser
from tests.api.bodies import comment

APIFY = Path(__file__).resolve().parents[2] / "fixtures/formats/tiktok_apify/comments.json"
REQUEST = ImportRequest(None, ImportOptions(), ())


def post(platform: str, external_id: str, **extra: Any) -> dict[str, Any]:
    """A canonical thread: ann asks, bob answers (plus any `comments` given)."""
    comments = [comment("a", None, "ann", 0), comment("b", "a", "bob", 1)]
    return {
        "platform": platform,
        "external_id": external_id,
        **extra,
        "comments": comments + extra.get("comments", []),
    }


def owner_reply(author: str, name: str) -> dict[str, Any]:
    return {**comment("o", "a", author, 2), "author_name": name}


CANONICAL = [
    # the owner did not comment: their handle is in the url alone
    post("tiktok", "7100", url="https://www.tiktok.com/@Pot.Pia/video/7100"),
    post("youtube", "Vid0000000A", creator="UCMixedCase"),
    # X keeps the user id as author and the username as the author's name
    post("twitter", "1800", creator="900", comments=[owner_reply("900", "Owner_1")]),
    post("reddit", "t3_nobody"),  # nothing names the poster
]
EXPECTED = {
    "7400000000000000001": "bakerbee",  # the Apify export: commented under her video
    "7400000000000000002": "otherbaker",  # an error row's url
    "7100": "pot.pia",
    "Vid0000000A": "UCMixedCase",
    "1800": "owner_1",
    "t3_nobody": None,
}


def uploads() -> list[Payload]:
    return [
        Payload(json.dumps(CANONICAL).encode()),
        Payload(APIFY.read_bytes(), filename=APIFY.name),
    ]


@pytest.fixture
def sessions(clean_engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(clean_engine)


def store(sessions: sessionmaker[Session], privacy: Privacy | None = None) -> dict[str, int]:
    """external id → thread id of every stored thread; analysed without the text step."""
    ids: dict[str, int] = {}
    for upload in uploads():
        with sessions() as session, session.begin():
            rows = ingest_upload(session, upload, REQUEST, None, privacy)
            ids |= {row.external_id: row.id for row, _ in rows}
    return ids


def handles(sessions: sessionmaker[Session]) -> dict[str, str | None]:
    with sessions() as session:
        rows = session.execute(select(ThreadRow.external_id, ThreadRow.creator_handle))
        return {row.external_id: row.creator_handle for row in rows}


def forget_handles(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE threads SET creator_handle = NULL"))


def test_rescore_gives_threads_stored_without_a_handle_the_one_their_import_gave(
    clean_engine: Engine, sessions: sessionmaker[Session]
) -> None:
    store(sessions)
    assert handles(sessions) == EXPECTED  # what the import gives
    forget_handles(clean_engine)
    assert set(handles(sessions).values()) == {None}
    summary = rescore(sessions, None)
    assert summary.ok
    assert len(summary.rescored) == len(EXPECTED)
    assert handles(sessions) == EXPECTED


def test_a_stored_handle_is_never_changed(
    clean_engine: Engine, sessions: sessionmaker[Session]
) -> None:
    ids = store(sessions)
    with sessions() as session, session.begin():
        chosen = update(ThreadRow).where(ThreadRow.id == ids["7100"])
        session.execute(chosen.values(creator_handle="set-by-hand"))
    assert rescore(sessions, None).ok
    assert handles(sessions) == {**EXPECTED, "7100": "set-by-hand"}


def test_pseudonymised_threads_get_the_pseudonym_of_a_handle_read_from_a_name(
    clean_engine: Engine, sessions: sessionmaker[Session]
) -> None:
    """The TikTok and X handles were read from names (a url, the author's name): their
    pseudonyms are the ones the import stored. The YouTube handle is the channel id, stored
    only as an author id's pseudonym, so it stays unknown rather than become another key."""
    store(sessions, Privacy(Pseudonymiser(b"a key for this test")))
    imported = handles(sessions)
    named = [handle for key, handle in imported.items() if EXPECTED[key]]
    assert all(handle and handle.startswith(NAME_PREFIX) for handle in named)
    forget_handles(clean_engine)
    assert rescore(sessions, None).ok
    assert handles(sessions) == {**imported, "Vid0000000A": None}


def test_a_thread_stored_without_text_gets_its_handle_but_is_not_measured_again(
    clean_engine: Engine, sessions: sessionmaker[Session]
) -> None:
    ids = store(sessions, Privacy(store_text=False))
    forget_handles(clean_engine)
    summary = rescore(sessions, None)
    assert summary.ok
    assert (summary.rescored, summary.without_text) == ((), tuple(sorted(ids.values())))
    assert handles(sessions) == EXPECTED
