"""A batch's first delivery and the deliveries after it (app/jobs/batches.py), on SQLite and
PostgreSQL: units a lost delivery counted are stored one by one and counted again, units are
stored together up to a size, and a job cancelled between two groups stores no more."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, update

from app.jobs.batches import run_batch, together_groups
from db.job_models import ImportJobRow, ImportUnitRow
from db.job_units import FirstAttempt, count_first_attempts
from tests.api.bodies import dialogue_thread
from tests.api.imports.jobs import as_json
from tests.jobs.batch_cases import job, read_job, results, run


def test_a_lost_first_delivery_counts_each_unit_again_when_stored_one_by_one(
    clean_engine: Engine,
) -> None:
    """With one attempt allowed, units whose first delivery died are refused, not stored: the
    one-by-one delivery counted its own attempt on each."""
    files = {f"e/{i}.json": as_json(dialogue_thread(f"p{i}")) for i in range(3)}
    sessions, job_id = run(clean_engine, files, lost_first_delivery=True, job_max_attempts=1)
    done = job(sessions, job_id)
    assert (done.status, done.units_refused, done.threads_created) == ("succeeded", 3, 0)
    problems = [r.problem for r in results(sessions).values()]
    assert all("stopped 1 time" in (p or {}).get("detail", "") for p in problems)


def test_units_a_lost_delivery_took_are_stored_one_by_one_beside_the_batch(
    clean_engine: Engine,
) -> None:
    files = {f"e/{i}.json": as_json(dialogue_thread(f"p{i}")) for i in range(3)}
    sessions, job_id, context, _ = read_job(clean_engine, files)
    with sessions.begin() as session:  # a delivery that died had taken unit 1
        session.execute(update(ImportUnitRow).where(ImportUnitRow.unit == 1).values(attempts=1))
    with sessions() as session:  # counted once, and only the units no one took
        counted = count_first_attempts(session, job_id, 0)
        assert [(c.position, c.unit) for c in counted] == [(0, 0), (0, 2)]
        assert all(c.size > 0 for c in counted)
        assert count_first_attempts(session, job_id, 0) == []
        session.rollback()
    assert run_batch(job_id, 0, context)
    done = job(sessions, job_id)
    assert (done.status, done.threads_created, done.units_done) == ("succeeded", 3, 3)


def test_units_are_stored_together_up_to_a_size_a_larger_one_alone() -> None:
    first = [FirstAttempt(0, 0, 3), FirstAttempt(0, 1, 3), FirstAttempt(0, 2, 10)]
    first += [FirstAttempt(1, 0, 1), FirstAttempt(1, 1, 5)]
    assert list(together_groups(first, limit=6)) == [
        [(0, 0), (0, 1)],
        [(0, 2)],
        [(1, 0), (1, 1)],
    ]
    assert list(together_groups([], limit=6)) == []


def test_a_job_cancelled_between_two_groups_stores_no_more(
    clean_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each unit its own group; the job is cancelled (as DELETE does while it is read) once the
    first group is stored: the second group stores nothing."""
    files = {f"e/{i}.json": as_json(dialogue_thread(f"p{i}")) for i in range(2)}
    sessions, job_id, context, handed = read_job(clean_engine, files)

    def cancelled_after_one(
        first: list[FirstAttempt], limit: int
    ) -> Iterator[list[tuple[int, int]]]:
        for n, group in enumerate(together_groups(first, 1)):
            if n == 1:
                with sessions.begin() as session:
                    session.execute(
                        update(ImportJobRow)
                        .where(ImportJobRow.id == job_id)
                        .values(cancel_requested=True)
                    )
            yield group

    monkeypatch.setattr("app.jobs.batches.together_groups", cancelled_after_one)
    assert run_batch(job_id, handed[0], context)
    done = job(sessions, job_id)
    assert (done.threads_created, done.units_done) == (1, 1)
    assert [r.outcome for r in results(sessions).values()] == ["created"]
