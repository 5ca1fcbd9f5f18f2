"""Comment rows written in bulk (db/bulk.py) through store_thread, on SQLite and PostgreSQL: what
goes in reads back equal, in one statement per thread, and a stored thread keeps its ids."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import Engine, delete, event, select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from db.bulk import COMMENTS, insert_comments, insert_rows, insert_thread_rows, insert_thread_values
from db.models import CommentRow, MetricsRow, ThreadTagRow
from db.new_threads import COMMENT_KEYS, METRICS, TAGS
from db.repository import all_comments, store_thread
from tests.db.test_repository import METRIC_DEFAULTS, comment, thread

TRICKY_TEXTS = [
    "tab\there, new\nline, carriage\rreturn",
    "back\\slash and \\N and \\.",
    "",
    "日本語 ＠someone؟ 👍🏽",
    "comma, \"quotes\" and 'apostrophes'",
]
START = datetime(2024, 5, 1, 12, tzinfo=timezone(timedelta(hours=1)))


def varied_rows(count: int) -> list[dict[str, Any]]:
    """Rows whose NULL columns differ from one row to the next."""
    rows = []
    for index in range(count):
        row = comment(f"c{index}", index, parent=None if index % 3 == 0 else "c0")
        row |= {
            "input_position": index,
            "text": TRICKY_TEXTS[index % len(TRICKY_TEXTS)],
            "author": None if index % 2 else f"author{index}",
            "author_name": None if index % 5 else f"Name {index}",
            "created_at": None if index % 4 == 1 else START + timedelta(minutes=index),
            "like_count": None if index % 2 == 0 else 2**63 - index,
        }
        rows.append(row)
    return rows


def stored_values(session: Session, thread_id: int) -> dict[str, dict[str, Any]]:
    """Each stored comment's values (row id and thread id left out), by comment id."""
    names = [c.key for c in CommentRow.__table__.columns if c.key not in ("id", "thread_id")]
    return {
        row.comment_id: {name: getattr(row, name) for name in names}
        for row in all_comments(session, thread_id)
    }


@pytest.fixture
def statements(clean_engine: Engine) -> Iterator[list[tuple[str, bool]]]:
    """The SQL statements sent while the test runs, each with whether it was an executemany."""
    sent: list[tuple[str, bool]] = []

    def record(*args: Any) -> None:
        sent.append((args[2], args[5]))

    event.listen(clean_engine, "before_cursor_execute", record)
    yield sent
    event.remove(clean_engine, "before_cursor_execute", record)


def test_comments_read_back_equal(session: Session) -> None:
    rows = varied_rows(40)
    with session.begin():
        row = thread("p1")
        store_thread(session, row, rows)
    stored = stored_values(session, row.id)
    assert stored == {
        r["comment_id"]: r
        | {
            "created_at": None
            if r["created_at"] is None
            else r["created_at"].astimezone(UTC)  # stored as UTC
        }
        for r in rows
    }


def test_a_new_threads_comments_go_in_as_one_statement(
    session: Session, statements: list[tuple[str, bool]]
) -> None:
    with session.begin():
        row = thread("p1")
        store_thread(session, row, varied_rows(200))
    inserts = [many for sql, many in statements if sql.startswith("INSERT INTO comments")]
    if session.get_bind().dialect.name == "postgresql":
        assert inserts == []  # streamed by COPY, which SQLAlchemy does not see
    else:
        assert inserts == [True]  # one executemany of all 200
    assert len(stored_values(session, row.id)) == 200


def test_storing_again_keeps_ids_and_updates_inserts_and_deletes(session: Session) -> None:
    with session.begin():
        first, second = thread("p1"), thread("p2")
        store_thread(session, first, varied_rows(30))
        store_thread(session, second, varied_rows(5))
    with session.begin():
        ids = {c.comment_id: c.id for c in all_comments(session, first.id)}
    changed = varied_rows(30)[1:]  # c0 gone
    for row in changed:
        row["position"] += 100  # every kept comment moves
    changed[0]["text"] = "edited"
    changed.append(comment("c99", 0) | {"input_position": 99})
    with session.begin():  # two threads updated in one transaction
        store_thread(session, first, changed)
        store_thread(session, second, varied_rows(5)[:4])
    after = {c.comment_id: c for c in all_comments(session, first.id)}
    assert set(after) == {f"c{i}" for i in range(1, 30)} | {"c99"}
    assert all(after[key].id == ids[key] for key in ids if key != "c0")  # ids kept
    assert after["c99"].id not in ids.values()
    assert after["c1"].text == "edited"
    assert after["c2"].position == 102
    assert stored_values(session, first.id) == {
        r["comment_id"]: r
        | {"created_at": None if r["created_at"] is None else r["created_at"].astimezone(UTC)}
        for r in changed
    }
    assert len(all_comments(session, second.id)) == 4


def test_rows_of_several_threads_go_in_with_their_thread_ids(session: Session) -> None:
    """As insert_new_threads writes a batch's comments: each thread's rows with its id."""
    first_rows, second_rows = varied_rows(7), varied_rows(3)
    with session.begin():
        first, empty, second = thread("p1"), thread("p2"), thread("p3")
        session.add_all([first, empty, second])
        session.flush()
        groups = [(first.id, first_rows), (empty.id, []), (second.id, second_rows)]
        insert_thread_rows(session, COMMENTS, groups)
    for row, rows in ((first, first_rows), (empty, []), (second, second_rows)):
        assert stored_values(session, row.id) == {
            r["comment_id"]: r
            | {"created_at": None if r["created_at"] is None else r["created_at"].astimezone(UTC)}
            for r in rows
        }


def test_rows_of_one_column_but_the_thread_id_go_in_whole(session: Session) -> None:
    with session.begin():
        first, second = thread("p1"), thread("p2")
        session.add_all([first, second])
        session.flush()
        tags = [{"tag": "news"}, {"tag": "sport"}]
        insert_thread_rows(session, TAGS, [(first.id, tags), (second.id, tags[:1])])
    stored = session.execute(select(ThreadTagRow.thread_id, ThreadTagRow.tag))
    assert sorted(stored.all()) == [(first.id, "news"), (first.id, "sport"), (second.id, "news")]


def test_no_rows_of_any_thread_write_nothing(session: Session) -> None:
    with session.begin():
        insert_thread_rows(session, COMMENTS, [(1, []), (2, [])])  # no such threads: no write
    assert session.scalars(select(CommentRow)).all() == []


def test_a_naive_time_is_refused(session: Session) -> None:
    row = comment("c1", 0) | {"input_position": 0, "created_at": datetime(2024, 1, 1)}
    with session.begin(), pytest.raises((ValueError, StatementError), match="naive datetime"):
        store_thread(session, thread("p1"), [row])


def test_a_failed_write_is_sqlalchemys_error_without_the_rows(session: Session) -> None:
    row = comment("c1", 0) | {"thread_id": 2**30, "text": "private words"}  # no such thread
    with session.begin(), pytest.raises(IntegrityError) as raised:
        insert_comments(session, [row])
    assert "private words" not in str(raised.value)


def test_metrics_rows_go_in_with_their_values_as_an_insert_stores_them(session: Session) -> None:
    """Rows naming every column with a default (by COPY on PostgreSQL): JSON, floats, NULLs."""
    components = [{"name": "reply", "value": 0.25, "weight": 0.5, "contribution": 12.5}]
    values = METRIC_DEFAULTS | {"languages": {"en": 2}, "reply_share": 1 / 3}
    with session.begin():
        first, second = thread("p1"), thread("p2")
        session.add_all([first, second])
        session.flush()
        session.execute(delete(MetricsRow))
        rows = [
            values | {"thread_id": first.id, "score_components": components, "score_version": 2},
            values | {"thread_id": second.id, "score_components": [], "score_version": None},
        ]
        insert_rows(session, METRICS, rows)
    stored = {row.thread_id: row for row in session.scalars(select(MetricsRow))}
    assert stored[first.id].score_components == components
    assert stored[first.id].languages == {"en": 2}
    shares = session.execute(select(METRICS.c.thread_id, METRICS.c.reply_share))
    assert dict(shares.all()) == {first.id: 1 / 3, second.id: 1 / 3}  # doubles, not floats
    assert stored[first.id].score_version == 2
    assert stored[second.id].score_components == []
    assert stored[second.id].score_version is None


def test_rows_must_name_the_columns_with_defaults(session: Session) -> None:
    with pytest.raises(ValueError, match="score_components"), session.begin():
        insert_rows(session, METRICS, [METRIC_DEFAULTS | {"thread_id": 1, "languages": {}}])


def test_values_of_several_threads_go_in_in_the_order_of_their_keys(session: Session) -> None:
    """As a job's new threads give their comments: values in the order of COMMENT_KEYS."""
    rows = varied_rows(5)
    with session.begin():
        first, second = thread("p1"), thread("p2")
        session.add_all([first, second])
        session.flush()
        values = [tuple(row[key] for key in COMMENT_KEYS) for row in rows]
        insert_thread_values(session, COMMENTS, COMMENT_KEYS, [(first.id, values), (second.id, [])])
    assert stored_values(session, first.id) == {
        r["comment_id"]: r
        | {"created_at": None if r["created_at"] is None else r["created_at"].astimezone(UTC)}
        for r in rows
    }
    assert stored_values(session, second.id) == {}


def test_values_leaving_out_a_column_with_a_client_side_default_are_refused(
    session: Session,
) -> None:
    """COPY would leave the column NULL, where the ORM would have set its default."""
    with session.begin(), pytest.raises(ValueError, match="languages, score_components"):
        insert_thread_values(session, METRICS, ["metric_version"], [(1, [(1,)])])
