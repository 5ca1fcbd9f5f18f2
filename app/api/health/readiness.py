"""Whether the service can do its work: the database answers."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session


class DatabaseUnavailable(RuntimeError):
    """The database did not answer a trivial query."""


def check_database(session: Session) -> None:
    try:
        session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        raise DatabaseUnavailable(f"the database did not answer: {exc.__class__.__name__}") from exc
