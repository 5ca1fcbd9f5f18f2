"""Thread ids are never reused after a delete, on every backend and after every migration."""

from __future__ import annotations

from sqlalchemy.orm import Session

from db.repository import delete_thread, find_thread, replace_thread
from tests.db.test_repository import thread


def test_a_deleted_threads_id_is_not_handed_out_again(session: Session) -> None:
    with session.begin():
        replace_thread(session, thread("first"), [])
        first = find_thread(session, "reddit", "first")
        assert first is not None
        first_id = first.id
        delete_thread(session, first)
    with session.begin():
        replace_thread(session, thread("second"), [])
        second = find_thread(session, "reddit", "second")
        assert second is not None
        assert second.id > first_id
