"""The units of import jobs, waiting or stored: what a worker takes, locks and deletes, and
the result each leaves. Functions take the caller's session and never commit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from sqlalchemy import ClauseElement, Connection, delete, func, insert, select, tuple_, update
from sqlalchemy.orm import Session

from db.driver import driver_errors
from db.job_models import ImportResultRow, ImportUnitRow

# Core, not the ORM's bulk INSERT (see db/new_threads.py).
RESULTS = ImportResultRow.metadata.tables[ImportResultRow.__tablename__]
UNITS = ImportUnitRow.metadata.tables[ImportUnitRow.__tablename__]


def known_units(session: Session, job_id: int) -> set[tuple[int, int]]:
    """(file position, unit) of every unit read already, stored or waiting: a retried read
    skips them."""
    stored = select(ImportResultRow.position, ImportResultRow.unit).where(
        ImportResultRow.job_id == job_id
    )
    waiting = select(ImportUnitRow.position, ImportUnitRow.unit).where(
        ImportUnitRow.job_id == job_id
    )
    return {(p, u) for p, u in session.execute(stored)} | {
        (p, u) for p, u in session.execute(waiting)
    }


def waiting_batches(session: Session, job_id: int) -> Sequence[int]:
    query = select(ImportUnitRow.batch).where(ImportUnitRow.job_id == job_id).distinct()
    return session.scalars(query.order_by(ImportUnitRow.batch)).all()


def batch_units(session: Session, job_id: int, batch: int) -> Sequence[tuple[int, int]]:
    query = select(ImportUnitRow.position, ImportUnitRow.unit).where(
        ImportUnitRow.job_id == job_id, ImportUnitRow.batch == batch
    )
    rows = session.execute(query.order_by(ImportUnitRow.position, ImportUnitRow.unit))
    return [(position, unit) for position, unit in rows]


def count_attempt(session: Session, job_id: int, position: int, unit: int) -> int | None:
    """One more worker takes the unit: its attempts so far, this one included (None: the unit
    is gone, stored by another worker)."""
    row = session.get(ImportUnitRow, (job_id, position, unit), populate_existing=True)
    if row is None:
        return None
    row.attempts += 1
    session.flush()
    return row.attempts


class FirstAttempt(NamedTuple):
    position: int  # the file's
    unit: int
    size: int  # bytes of the unit's data, as kept (compressed)


def count_first_attempts(session: Session, job_id: int, batch: int) -> list[FirstAttempt]:
    """A worker takes the batch's units that no worker took before (their attempts go from 0
    to 1), in order. The others wait for one-by-one storing."""
    statement = (
        update(ImportUnitRow)
        .where(
            ImportUnitRow.job_id == job_id,
            ImportUnitRow.batch == batch,
            ImportUnitRow.attempts == 0,
        )
        .values(attempts=1)
        .returning(ImportUnitRow.position, ImportUnitRow.unit, func.length(ImportUnitRow.data))
        .execution_options(synchronize_session=False)
    )
    return sorted(FirstAttempt(*row) for row in session.execute(statement))


class TakenUnit(NamedTuple):
    """A unit's row as `take_units` returns it (its batch and attempts are of no more use)."""

    position: int
    unit: int
    source: str | None
    filename: str | None
    media_type: str | None
    format_name: str | None
    lines: list[int] | None
    data: bytes


def add_units(session: Session, units: Sequence[Mapping[str, Any]]) -> None:
    """Insert waiting units (column values by name, every row naming the same columns)."""
    if units:
        session.execute(insert(UNITS), list(units))


def take_units(session: Session, job_id: int, keys: Sequence[tuple[int, int]]) -> list[TakenUnit]:
    """The units still waiting of these (position, unit), in that order, locked (in it) until
    the transaction ends and deleted with it: a second worker on one waits, then finds it gone.
    One statement, a DELETE returning the rows its sub-select locked (in order), not an ORM load
    then a DELETE: one round trip, and no ORM object built per unit."""
    if not keys:
        return []
    key = tuple_(UNITS.c.position, UNITS.c.unit)
    locked = (
        select(UNITS.c.position, UNITS.c.unit)
        .where(UNITS.c.job_id == job_id, key.in_(keys))
        .order_by(UNITS.c.position, UNITS.c.unit)
        .with_for_update()
    )
    statement = (
        delete(UNITS)
        .where(UNITS.c.job_id == job_id, key.in_(locked))
        .returning(*(UNITS.c[name] for name in TakenUnit._fields))
    )
    connection = session.connection()
    if connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg":
        rows = [TakenUnit(*row) for row in _binary_rows(connection, statement)]
    else:
        rows = [TakenUnit(*row) for row in session.execute(statement)]
    order = {key: at for at, key in enumerate(keys)}
    return sorted(rows, key=lambda row: order[(row.position, row.unit)])


def _binary_rows(connection: Connection, statement: ClauseElement) -> list[tuple[Any, ...]]:
    """The statement's rows, sent by PostgreSQL in its binary format: bytea as it is, where the
    text format doubles it into hex that the server encodes and libpq decodes byte by byte
    (PQunescapeBytea: 3 % of a worker's instructions on a tenth of the TikTok set, callgrind)."""
    dialect = connection.dialect
    compiled = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    driver_connection = connection.connection.driver_connection
    assert driver_connection is not None  # a checked-out connection always has one
    with (
        driver_errors(connection, compiled.string),
        driver_connection.cursor(binary=True) as cursor,
    ):
        cursor.execute(compiled.string, compiled.params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def take_unit(session: Session, job_id: int, position: int, unit: int) -> TakenUnit | None:
    """The unit, locked until the transaction ends and deleted with it (`take_units`): a second
    worker on it waits, then finds it gone."""
    taken = take_units(session, job_id, [(position, unit)])
    return taken[0] if taken else None


def add_results(session: Session, results: Sequence[Mapping[str, Any]]) -> None:
    """Insert result rows (column values by name, every row naming the same columns)."""
    if results:
        session.execute(insert(RESULTS), list(results))


def list_results(
    session: Session, job_id: int, after: tuple[int, int, int] | None, limit: int
) -> Sequence[ImportResultRow]:
    """A job's results in upload order, `limit + 1` of them, after (position, unit, seq)."""
    key = (ImportResultRow.position, ImportResultRow.unit, ImportResultRow.seq)
    query = select(ImportResultRow).where(ImportResultRow.job_id == job_id)
    if after is not None:
        query = query.where(tuple_(*key) > tuple_(*after))
    return session.scalars(query.order_by(*key).limit(limit + 1)).all()


def refused_results(session: Session, job_id: int, limit: int) -> Sequence[ImportResultRow]:
    query = select(ImportResultRow).where(
        ImportResultRow.job_id == job_id, ImportResultRow.outcome == "refused"
    )
    key = (ImportResultRow.position, ImportResultRow.unit, ImportResultRow.seq)
    return session.scalars(query.order_by(*key).limit(limit)).all()
