"""Statements run on the driver's own connection (psycopg), past SQLAlchemy's execute: COPY, a
binary fetch, several statements in one message. Their errors are raised as SQLAlchemy raises
an execute's, so callers and app/errors.py see one kind of error either way."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError


@contextmanager
def driver_errors(connection: Connection, statement: str) -> Iterator[None]:
    """The driver's errors inside as SQLAlchemy's DBAPIError (parameters hidden, as the engine
    hides them); a connection the error shows dropped is invalidated, as SQLAlchemy does."""
    dialect = connection.dialect
    driver_error = dialect.loaded_dbapi.Error
    try:
        yield
    except driver_error as error:
        dropped = dialect.is_disconnect(error, connection.connection.dbapi_connection, None)
        if dropped:
            connection.invalidate(error)
        raise DBAPIError.instance(
            statement,
            None,
            error,
            driver_error,
            hide_parameters=True,
            connection_invalidated=dropped,
            dialect=dialect,
        ) from error
