"""The migrations run both ways and match the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from db.base import Base
from db.engine import make_engine
from db.migrate import downgrade, upgrade


def test_upgrade_downgrade_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    downgrade(url, "base")
    engine = make_engine(url)
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    upgrade(url)
    assert "threads" in inspect(engine).get_table_names()
    engine.dispose()


def test_models_and_migrations_agree(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_tags_move_to_their_table_and_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tags.db'}"
    upgrade(url, "0002")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO threads (platform, external_id, source_format, tags, integrity,"
                " import_report) VALUES ('reddit', 'p', 'canonical', '[\"b\", \"a\", \"a\"]',"
                " '{}', '{}')"
            )
        )
    upgrade(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT tag FROM thread_tags ORDER BY tag")).all() == [
            ("a",),
            ("b",),
        ]
    downgrade(url, "0002")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT tags FROM threads")).scalar_one() == '["a", "b"]'
    engine.dispose()
