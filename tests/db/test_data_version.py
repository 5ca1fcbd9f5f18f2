"""The data version (db/data_version.py) moves on with every committed change to what
aggregates read, whichever way it is written, and only then; on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from db.data_version import WATCHED_TABLES, data_version
from db.engine import make_session_factory

THREAD = (
    "INSERT INTO threads (id, platform, external_id, source_format, integrity, import_report) "
    "VALUES (1, 'reddit', 'p', 'canonical', '{}', '{}')"
)
METRICS = (
    "INSERT INTO thread_metrics (thread_id, metric_version, languages, score_components, "
    "unavailable, comments, top_level, replies, authors, max_depth, max_width, h_index) "
    "VALUES (1, 1, '{}', '[]', '{}', 1, 1, 0, 1, 0, 1, 0)"
)
WINDOW = METRICS.replace(
    "thread_metrics (thread_id,", "thread_window_metrics (window_size, thread_id,"
).replace("VALUES (1,", "VALUES (10, 1,")
TAG = "INSERT INTO thread_tags (thread_id, tag) VALUES (1, 'brand-a')"
# Per watched table: a row to insert (after a thread), an update and a delete of it.
WRITES = {
    "threads": (THREAD, "UPDATE threads SET title = 't'", "DELETE FROM threads"),
    "thread_metrics": (
        METRICS,
        "UPDATE thread_metrics SET reply_share = 0.5",
        "DELETE FROM thread_metrics",
    ),
    "thread_window_metrics": (
        WINDOW,
        "UPDATE thread_window_metrics SET reply_share = 0.5",
        "DELETE FROM thread_window_metrics",
    ),
    "thread_tags": (TAG, "UPDATE thread_tags SET tag = 'brand-b'", "DELETE FROM thread_tags"),
}


@pytest.fixture
def migrated(clean_engine: Engine) -> Engine:
    """The emptied database with the version's row as the migration leaves it (emptying deletes
    it, and PostgreSQL's deferred trigger may have made it again)."""
    run(
        clean_engine,
        "DELETE FROM data_version",
        "INSERT INTO data_version (id, version) VALUES (1, 1)",
    )
    return clean_engine


def version(engine: Engine) -> int:
    with make_session_factory(engine)() as session:
        found = data_version(session)
    assert found is not None
    return found


def run(engine: Engine, *statements: str) -> None:
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def test_every_watched_table_is_covered() -> None:
    assert set(WRITES) == set(WATCHED_TABLES)


@pytest.mark.parametrize("table", WATCHED_TABLES)
@pytest.mark.parametrize("operation", ["insert", "update", "delete"])
def test_a_committed_write_moves_the_version_on(
    migrated: Engine, table: str, operation: str
) -> None:
    insert, update, delete = WRITES[table]
    if table != "threads":
        run(migrated, THREAD)
    if operation != "insert":
        run(migrated, insert)
    before = version(migrated)
    run(migrated, {"insert": insert, "update": update, "delete": delete}[operation])
    assert version(migrated) > before


def test_a_rolled_back_write_leaves_it(migrated: Engine) -> None:
    before = version(migrated)
    with migrated.connect() as connection:
        transaction = connection.begin()
        connection.execute(text(THREAD))
        transaction.rollback()
    assert version(migrated) == before


def test_reads_leave_it(migrated: Engine) -> None:
    run(migrated, THREAD, METRICS)
    before = version(migrated)
    run(migrated, "SELECT count(*) FROM threads")
    assert version(migrated) == before


def test_another_reader_sees_the_new_version_with_the_new_rows_only(migrated: Engine) -> None:
    """Until the writer commits, a reader sees neither its rows nor its version."""
    before = version(migrated)
    factory = make_session_factory(migrated)
    with factory() as writer, writer.begin():
        writer.execute(text(THREAD))
        writer.flush()
        if migrated.dialect.name == "postgresql":  # SQLite: one writer, readers see the file
            assert version(migrated) == before
            with factory() as reader:
                assert reader.scalar(text("SELECT count(*) FROM threads")) == 0
    assert version(migrated) > before


def test_postgresql_moves_it_once_per_transaction(migrated: Engine) -> None:
    if migrated.dialect.name != "postgresql":
        pytest.skip("SQLite counts every changed row; one writer at a time, so that costs nothing")
    before = version(migrated)
    run(migrated, THREAD, METRICS, TAG, "UPDATE threads SET title = 't'")
    assert version(migrated) == before + 1
