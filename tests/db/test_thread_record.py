"""A stored thread read as plain rows (db/thread_record.py), on SQLite and PostgreSQL: its tags
in the database's order whether they come on the thread's row or in a statement of their own."""

from __future__ import annotations

from sqlalchemy import Engine, text

from db.thread_record import thread_record
from tests.db.test_data_version import METRICS, THREAD, WINDOW, run

TAGS = ("zeta", "Alpha", "alpha", "Ärger", "_x", "émoji-😀")


def test_the_tags_come_in_the_order_the_database_sorts_them(clean_engine: Engine) -> None:
    run(clean_engine, THREAD, METRICS, WINDOW)
    with clean_engine.begin() as connection:
        for tag in TAGS:
            connection.execute(text("INSERT INTO thread_tags VALUES (1, :tag)"), {"tag": tag})
    with clean_engine.connect() as connection:
        sorted_there = connection.scalars(text("SELECT tag FROM thread_tags ORDER BY tag")).all()
        record = thread_record(connection, 1)
    assert record is not None
    assert record.tags == sorted_there
    assert sorted(record.tags) == sorted(TAGS)
    assert [window.window_size for window in record.windows] == [10]
    assert record.row.platform == "reddit"


def test_a_thread_without_tags_has_an_empty_list(clean_engine: Engine) -> None:
    run(clean_engine, THREAD, METRICS)
    with clean_engine.connect() as connection:
        record = thread_record(connection, 1)
        assert record is not None
        assert (record.tags, record.windows) == ([], [])
        assert thread_record(connection, 2) is None
