"""Many comment rows written at once, inside the caller's transaction: a thread may hold 100,000.

- PostgreSQL through psycopg 3: the rows are streamed with `COPY ... FROM STDIN`, new ones into
  the table, changed ones into a temporary table that one `UPDATE ... FROM` applies (several
  times the rows per second of a batched INSERT or UPDATE).
- Otherwise (SQLite, another driver): one executemany of a Core INSERT or UPDATE on the table.
  Not the ORM's bulk statements: its INSERT leaves out the columns that are None in a row and
  starts a new statement whenever that set changes (one per few rows), and both spend more time
  per row than the database does.

Both apply the columns' own bind processing (UTC datetimes), and a driver error during COPY is
raised as SQLAlchemy's error for it, parameters hidden, as a statement's would be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Column, Connection, Dialect, Table, bindparam, insert, update
from sqlalchemy.orm import Session

from db.driver import driver_errors
from db.models import CommentRow

COMMENTS = CommentRow.metadata.tables[CommentRow.__tablename__]
_UPDATES_TABLE = "parley_comment_updates"  # temporary, dropped before the call returns


def insert_comments(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert comment rows: column values by name, `thread_id` included, every row naming the
    same columns (a column no row names is NULL)."""
    insert_rows(session, COMMENTS, rows)


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows into `table`: column values by name, every row naming the same columns, and
    every column with a client-side default among them (COPY would not apply it); a column no
    row names is NULL, or the server's own value (the generated id)."""
    if not rows:
        return
    columns = _named_columns(table, rows[0])
    connection = session.connection()
    if _copies(connection):
        keys = [column.key for column in columns]
        _copy(connection, table.name, columns, (list(map(row.get, keys)) for row in rows))
    else:
        session.execute(insert(table), rows)


def insert_thread_rows(
    session: Session, table: Table, threads: Sequence[tuple[int, Sequence[Mapping[str, Any]]]]
) -> None:
    """Insert the rows of several threads into `table`, which names its thread `thread_id`:
    each thread's id with its rows (as `insert_rows` takes them, but `thread_id`, and every row
    naming each column the first names)."""
    first = next((rows[0] for _, rows in threads if rows), None)
    if first is None:
        return
    keys = [c.key for c in _named_columns(table, {**first, "thread_id": None})]
    keys.remove("thread_id")
    values_of = _values_getter(keys)
    insert_thread_values(
        session, table, keys, [(id_, list(map(values_of, rows))) for id_, rows in threads]
    )


def insert_thread_values(
    session: Session,
    table: Table,
    keys: Sequence[str],
    threads: Sequence[tuple[int, Sequence[Sequence[Any]]]],
) -> None:
    """`insert_thread_rows` of rows given as values in the order of `keys` (every column with a
    client-side default among them, `thread_id` not): COPY takes each row as it is, its thread
    id put first, without a mapping built and read back per row."""
    if not any(rows for _, rows in threads):
        return
    _named_columns(table, dict.fromkeys([*keys, "thread_id"]))  # refuses a default left out
    connection = session.connection()
    if not _copies(connection):
        named = [
            {**dict(zip(keys, row, strict=True)), "thread_id": id_}
            for id_, rows in threads
            for row in rows
        ]
        session.execute(insert(table), named)
        return
    columns = [table.c.thread_id, *(table.c[key] for key in keys)]
    _copy(connection, table.name, columns, ([id_, *row] for id_, rows in threads for row in rows))


def _values_getter(keys: Sequence[str]) -> Callable[[Mapping[str, Any]], Sequence[Any]]:
    """A row's values at `keys`, in order (KeyError for a key it lacks). An itemgetter takes
    40 % fewer instructions per row than dict.get key by key, but gives a lone value, not a
    tuple, for one key."""
    getter = itemgetter(*keys)
    return getter if len(keys) > 1 else lambda row: (getter(row),)


def _named_columns(table: Table, row: Mapping[str, Any]) -> list[Column[Any]]:
    """The table's columns `row` names, in the table's order; ValueError when it leaves out a
    column with a client-side default."""
    unnamed = [c.key for c in table.columns if c.default is not None and c.key not in row]
    if unnamed:
        raise ValueError(f"rows for {table.name} name no value for {', '.join(unnamed)}")
    return [column for column in table.columns if column.key in row]


def update_comments(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Set stored comments' values, each row by its `id`; every row names the same columns."""
    if not rows:
        return
    changed = [
        column for column in COMMENTS.columns if column.key in rows[0] and column.key != "id"
    ]
    connection = session.connection()
    if not _copies(connection):
        statement = update(COMMENTS).where(COMMENTS.c.id == bindparam("row_id"))
        keyed = [{"row_id": row["id"], **{c.key: row[c.key] for c in changed}} for row in rows]
        session.execute(statement, keyed)
        return
    names = ", ".join(column.name for column in [COMMENTS.c.id, *changed])
    connection.exec_driver_sql(
        f"CREATE TEMPORARY TABLE {_UPDATES_TABLE} AS SELECT {names} FROM {COMMENTS.name} "
        "WITH NO DATA"
    )
    columns = [COMMENTS.c.id, *changed]
    keys = [column.key for column in columns]
    _copy(connection, _UPDATES_TABLE, columns, (list(map(row.get, keys)) for row in rows))
    assignments = ", ".join(f"{column.name} = new.{column.name}" for column in changed)
    connection.exec_driver_sql(
        f"UPDATE {COMMENTS.name} SET {assignments} FROM {_UPDATES_TABLE} AS new "
        f"WHERE {COMMENTS.name}.id = new.id"
    )
    connection.exec_driver_sql(f"DROP TABLE {_UPDATES_TABLE}")


def _copies(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg"


def _copy(
    connection: Connection, table: str, columns: Sequence[Column[Any]], rows: Iterable[list[Any]]
) -> None:
    """Stream `rows` (each a list of values in the order of `columns`, processed in place)
    into `table` with COPY.

    In PostgreSQL's binary format, with each column's type declared up front: psycopg then
    dumps a value with its column's dumper instead of finding one for every value, and the
    server reads numbers and times without parsing text (the client's CPU per row about a
    fifth of the text format's, bench in the commit)."""
    dialect = connection.dialect
    processed = [
        (index, process)
        for index, column in enumerate(columns)
        if (process := column.type.bind_processor(dialect)) is not None
    ]
    names = ", ".join(column.name for column in columns)
    statement = f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)"
    driver_connection = connection.connection.driver_connection
    assert driver_connection is not None  # a checked-out connection always has one
    with (
        driver_errors(connection, statement),
        driver_connection.cursor() as cursor,
        cursor.copy(statement) as copy,
    ):
        copy.set_types([_type_name(column, dialect) for column in columns])
        write = copy.write_row
        for values in rows:
            for index, process in processed:
                values[index] = process(values[index])
            write(values)


def _type_name(column: Column[Any], dialect: Dialect) -> str:
    """The column's PostgreSQL type as psycopg names it ("VARCHAR(32)" -> "varchar"; SQLAlchemy's
    Float is PostgreSQL's double precision, unless a precision makes it another)."""
    compiled = column.type.compile(dialect=dialect).lower()
    return "float8" if compiled == "float" else compiled.partition("(")[0]
