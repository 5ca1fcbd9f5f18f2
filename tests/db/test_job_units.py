"""Waiting units written and taken (db/job_units.py), on SQLite and PostgreSQL: a unit's bytes
and line numbers come back as written, in the order asked, and a taken unit is gone."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.job_models import ImportUnitRow
from db.job_units import TakenUnit, add_units, take_unit, take_units
from db.jobs import add_job
from tests.db.test_jobs import OPTIONS

ALL_BYTES = bytes(range(256)) * 40  # every byte value, past the size of one network read


def unit(job_id: int, position: int, index: int, lines: list[int] | None) -> dict[str, Any]:
    return {
        "job_id": job_id,
        "position": position,
        "unit": index,
        "batch": 0,
        "source": f"e.tar:{index}.json",
        "filename": f"{index}.json",
        "media_type": None,
        "format_name": "canonical" if lines else None,
        "lines": lines,
        "data": ALL_BYTES + bytes([index]),
        "attempts": 0,
    }


def waiting(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(ImportUnitRow)) or 0)


def test_units_are_taken_as_written_in_the_order_asked_and_deleted(session: Session) -> None:
    with session.begin():
        job_id = add_job(session, OPTIONS, datetime.now(UTC)).id
        add_units(
            session, [unit(job_id, 0, 0, None), unit(job_id, 0, 1, [3, 7]), unit(job_id, 1, 0, [1])]
        )
    with session.begin():
        taken = take_units(session, job_id, [(1, 0), (0, 0), (0, 5)])  # (0, 5) was never written
    assert taken == [
        TakenUnit(1, 0, "e.tar:0.json", "0.json", None, "canonical", [1], ALL_BYTES + b"\x00"),
        TakenUnit(0, 0, "e.tar:0.json", "0.json", None, None, None, ALL_BYTES + b"\x00"),
    ]
    with session.begin():
        assert take_units(session, job_id, [(1, 0)]) == []  # gone with the first transaction
        assert take_unit(session, job_id, 0, 1) == TakenUnit(
            0, 1, "e.tar:1.json", "1.json", None, "canonical", [3, 7], ALL_BYTES + b"\x01"
        )
        assert waiting(session) == 0


def test_a_unit_taken_in_a_transaction_rolled_back_waits_again(session: Session) -> None:
    with session.begin():
        job_id = add_job(session, OPTIONS, datetime.now(UTC)).id
        add_units(session, [unit(job_id, 0, 0, None)])
    with session.begin():
        assert len(take_units(session, job_id, [(0, 0)])) == 1
        session.rollback()
    with session.begin():
        assert waiting(session) == 1
