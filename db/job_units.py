"""The units of import jobs, waiting or stored: what a worker takes, locks and deletes, and
the result each leaves. Functions take the caller's session and never commit."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from db.job_models import ImportResultRow, ImportUnitRow


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


def take_unit(session: Session, job_id: int, position: int, unit: int) -> ImportUnitRow | None:
    """The unit, locked until the transaction ends and deleted with it: a second worker on it
    waits, then finds it gone."""
    query = (
        select(ImportUnitRow)
        .where(
            ImportUnitRow.job_id == job_id,
            ImportUnitRow.position == position,
            ImportUnitRow.unit == unit,
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    row = session.scalars(query).first()
    if row is not None:
        session.delete(row)
    return row


def add_results(session: Session, results: Sequence[ImportResultRow]) -> None:
    session.add_all(results)
    session.flush()


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
