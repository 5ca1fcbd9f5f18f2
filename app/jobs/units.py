"""A unit between the job's reader and the worker that stores it: kept as a row (its bytes
zstd-compressed), turned back into a Unit; and what storing it records (a result row per
thread, or the unit's refusal, its lines numbered as in the uploaded file)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import zstandard

from app.api.threads.merge import Outcome
from app.jobs.reading import Unit
from db.job_models import ImportResultRow, ImportUnitRow
from db.models import SIZE_METRIC, ThreadRow
from importers.base import InvalidInput, Problem
from importers.payload import Payload

REFUSED = "refused"
# Fast, and about a fifth of the JSON's size: a unit waits in the database briefly.
COMPRESSION_LEVEL = 3


def unit_row(job_id: int, position: int, batch: int, unit: Unit) -> ImportUnitRow:
    payload = unit.payload
    return ImportUnitRow(
        job_id=job_id,
        position=position,
        unit=unit.index,
        batch=batch,
        source=payload.source,
        filename=payload.filename,
        media_type=payload.media_type,
        format_name=unit.format_name,
        lines=None if unit.lines is None else list(unit.lines),
        data=zstandard.ZstdCompressor(level=COMPRESSION_LEVEL).compress(payload.data),
        attempts=0,
    )


def unit_of(row: ImportUnitRow) -> Unit:
    data = zstandard.ZstdDecompressor().decompress(row.data)
    payload = Payload(data, filename=row.filename, media_type=row.media_type, source=row.source)
    lines = None if row.lines is None else tuple(row.lines)
    return Unit(row.unit, payload, lines, row.format_name)


def stored_results(
    job_id: int,
    position: int,
    unit: int,
    source: str | None,
    stored: Sequence[tuple[ThreadRow, Outcome]],
    worker: str,
) -> list[ImportResultRow]:
    return [
        ImportResultRow(
            job_id=job_id,
            position=position,
            unit=unit,
            seq=seq,
            source=source,
            outcome=outcome.kind.value,
            thread_id=row.id,
            platform=row.platform,
            external_id=row.external_id,
            comments=int(getattr(row.metrics, SIZE_METRIC)),
            worker=worker,
        )
        for seq, (row, outcome) in enumerate(stored)
    ]


def stored_progress(results: Sequence[ImportResultRow]) -> dict[str, int]:
    """What storing a unit adds to its job's counters."""
    outcomes = Counter(result.outcome for result in results)
    return {
        "units_done": 1,
        "threads_created": outcomes["created"],
        "threads_merged": outcomes["merged"],
        "threads_replaced": outcomes["replaced"],
        "comments_stored": sum(result.comments for result in results),
    }


REFUSAL_PROGRESS = {"units_done": 1, "units_refused": 1}


def refusal_result(
    job_id: int, position: int, unit: int, source: str | None, problem: dict[str, Any]
) -> ImportResultRow:
    return ImportResultRow(
        job_id=job_id,
        position=position,
        unit=unit,
        seq=0,
        source=source,
        outcome=REFUSED,
        problem=problem,
        comments=0,
    )


def remapped(error: InvalidInput, unit: Unit) -> InvalidInput:
    """The importers' refusal of a unit, its lines renumbered as in the uploaded file (a post
    grouped out of a large file is parsed on its own) and named after the file."""
    lines = unit.lines
    problems = [Problem(_original_loc(p.loc, lines), p.msg) for p in error.problems]
    source = unit.payload.name
    detail = error.detail
    if source is not None and not detail.startswith(source):
        detail = f"{source}: {detail}"
    if lines is not None:
        detail += f" (one post's records, lines {lines[0]}–{lines[-1]} of the file)"
    return InvalidInput(detail, problems)


def _original_loc(
    loc: tuple[str | int, ...], lines: tuple[int, ...] | None
) -> tuple[str | int, ...]:
    """A problem's location in the unit, as in the file: ("line", n) counts JSON Lines from 1;
    ("row", i), ("item", i) and a leading index count a JSON array's items from 0. `lines`
    holds the file's 1-based line or item number of each of the unit's records."""
    if lines is None:
        return loc
    renumbered: list[str | int] = list(loc)
    if loc and isinstance(loc[0], int) and 0 <= loc[0] < len(lines):
        renumbered[0] = lines[loc[0]] - 1
    for at, part in enumerate(loc[:-1]):
        number = loc[at + 1]
        if not isinstance(number, int):
            continue
        if part == "line" and 1 <= number <= len(lines):
            renumbered[at + 1] = lines[number - 1]
        elif part in ("row", "item") and 0 <= number < len(lines):
            renumbered[at + 1] = lines[number] - 1
    return tuple(renumbered)
