"""Where `cached` reads the data version (app/api/compare/cache.py): on a connection of its own
while the request's session has begun nothing, so that a cached answer costs no transaction;
in the session's transaction once it has one, whose snapshot the version must match. On SQLite
and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from app.api.compare.cache import ResultCache, cached, version_before_reading
from db.data_version import data_version
from tests.db.test_data_version import THREAD, run


@pytest.fixture
def versioned(clean_engine: Engine, session: Session) -> Session:
    run(clean_engine, "DELETE FROM data_version", "INSERT INTO data_version VALUES (1, 1)")
    return session


def never() -> str:
    raise AssertionError("computed again at an unchanged version")


def test_a_cached_answer_begins_no_transaction_in_the_session(versioned: Session) -> None:
    cache = ResultCache(4)
    assert cached(cache, versioned, "key", lambda: "answer") == "answer"
    assert not versioned.in_transaction()
    assert cached(cache, versioned, "key", never) == "answer"
    assert not versioned.in_transaction()


def test_a_write_between_two_requests_is_computed_afresh(
    clean_engine: Engine, versioned: Session
) -> None:
    cache = ResultCache(4)
    assert cached(cache, versioned, "key", lambda: "old") == "old"
    run(clean_engine, THREAD)
    assert cached(cache, versioned, "key", lambda: "new") == "new"


def test_once_the_session_has_begun_the_version_is_the_one_it_sees(versioned: Session) -> None:
    """The session's own uncommitted write: SQLite's triggers have moved the version on inside
    the transaction, which another connection does not see yet (PostgreSQL's moves at commit)."""
    versioned.execute(text(THREAD))
    assert version_before_reading(versioned) == data_version(versioned)
