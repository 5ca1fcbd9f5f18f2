"""Database fixtures: every storage and API test runs on SQLite and, when reachable, PostgreSQL.

The schema is always built by the Alembic migrations. PostgreSQL tests use a throwaway schema of
their own in the database named by PARLEY_TEST_POSTGRES_URL (default: the local `test` database),
and skip when no server answers — unless PARLEY_REQUIRE_POSTGRES=1 (CI), where that is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.main import create_app
from app.settings import Settings
from bench.databases import postgres_schema
from db.base import Base
from db.engine import make_engine, make_session_factory
from db.migrate import upgrade

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# Two languages keep the API tests' pipelines quick to load; tests/nlp covers the others.
TEST_LANGUAGES = ("en", "es")


def _postgres_url() -> str:
    return os.environ.get("PARLEY_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


@pytest.fixture(scope="session")
def postgres_schema_url() -> Iterator[str]:
    """A fresh schema in the test PostgreSQL database, dropped at the end of the session."""
    admin = create_engine(_postgres_url(), connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as exc:
        admin.dispose()
        if os.environ.get("PARLEY_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL required but unreachable: {exc}")
        pytest.skip("no PostgreSQL server reachable (set PARLEY_TEST_POSTGRES_URL)")
    admin.dispose()
    with postgres_schema(_postgres_url(), "parley_test") as url:
        yield url


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'parley.db'}"
    else:
        url = str(request.getfixturevalue("postgres_schema_url"))
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    created = make_engine(database_url)
    yield created
    created.dispose()


@pytest.fixture
def clean_engine(engine: Engine) -> Engine:
    """The migrated database, emptied of rows left by the previous test."""
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    return engine


@pytest.fixture
def session(clean_engine: Engine) -> Iterator[Session]:
    with make_session_factory(clean_engine)() as opened:
        yield opened


def api_settings(database_url: str, **changes: Any) -> Settings:
    """The service as the API tests run it: two languages, pipelines built on first use;
    `changes` name the settings a test is about."""
    chosen: dict[str, Any] = {
        "database_url": database_url,
        "text_languages": TEST_LANGUAGES,
        "preload_text_pipelines": False,
        **changes,
    }
    return Settings(**chosen)


@pytest.fixture
def client(clean_engine: Engine, database_url: str) -> Iterator[TestClient]:
    settings = api_settings(database_url, max_body_bytes=64 * 1024)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def fixtures_dir() -> Path:
    return Path(__file__).parent / "fixtures"
