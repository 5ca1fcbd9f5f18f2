"""A unit between the job's reader and the worker that stores it: kept as a row (its bytes
zstd-compressed), turned back into a Unit; and what storing it records (a result row per
thread, or the unit's refusal, its lines numbered as in the uploaded file)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import zstandard

from app.api.threads.merge import Outcome
from app.jobs.reading import Unit
from db.job_units import TakenUnit
from db.models import SIZE_METRIC, ThreadRow
from importers.base import InvalidInput, Problem
from importers.payload import Payload

REFUSED = "refused"
# Fast, and about a fifth of the JSON's size: a unit waits in the database briefly. Level 1
# takes a third less CPU than 3 on the TikTok set's files for 1 % more bytes.
COMPRESSION_LEVEL = 1


def unit_row(job_id: int, position: int, batch: int, unit: Unit) -> dict[str, Any]:
    """The unit's row in import_units (column values by name, as db.job_units.add_units takes)."""
    payload = unit.payload
    return {
        "job_id": job_id,
        "position": position,
        "unit": unit.index,
        "batch": batch,
        "source": payload.source,
        "filename": payload.filename,
        "media_type": payload.media_type,
        "format_name": unit.format_name,
        "lines": None if unit.lines is None else list(unit.lines),
        "data": zstandard.ZstdCompressor(level=COMPRESSION_LEVEL).compress(payload.data),
        "attempts": 0,
    }


def unit_of(row: TakenUnit) -> Unit:
    data = zstandard.ZstdDecompressor().decompress(row.data)
    payload = Payload(data, filename=row.filename, media_type=row.media_type, source=row.source)
    lines = None if row.lines is None else tuple(row.lines)
    return Unit(row.unit, payload, lines, row.format_name)


class StoredThread(NamedTuple):
    """What a job's result says of a thread it stored."""

    thread_id: int
    platform: str
    external_id: str
    comments: int

    @classmethod
    def of(cls, row: ThreadRow) -> StoredThread:
        return cls(row.id, row.platform, row.external_id, int(getattr(row.metrics, SIZE_METRIC)))


def stored_results(
    job_id: int,
    position: int,
    unit: int,
    source: str | None,
    stored: Sequence[tuple[StoredThread, Outcome]],
    worker: str,
) -> list[dict[str, Any]]:
    """The result rows of a stored unit, one per thread (column values by name)."""
    return [
        {
            "job_id": job_id,
            "position": position,
            "unit": unit,
            "seq": seq,
            "source": source,
            "outcome": outcome.kind.value,
            "thread_id": thread.thread_id,
            "platform": thread.platform,
            "external_id": thread.external_id,
            "comments": thread.comments,
            "problem": None,
            "worker": worker,
        }
        for seq, (thread, outcome) in enumerate(stored)
    ]


def stored_progress(results: Sequence[Mapping[str, Any]]) -> Counter[str]:
    """What storing units adds to their job's counters: `results` of every unit stored, and a
    refusal's row for each unit refused (REFUSED)."""
    outcomes = Counter(result["outcome"] for result in results)
    units = len({(result["position"], result["unit"]) for result in results})
    return Counter(
        units_done=units,
        units_refused=outcomes[REFUSED],
        threads_created=outcomes["created"],
        threads_merged=outcomes["merged"],
        threads_replaced=outcomes["replaced"],
        comments_stored=sum(result["comments"] for result in results),
    )


def refusal_result(
    job_id: int, position: int, unit: int, source: str | None, problem: dict[str, Any]
) -> dict[str, Any]:
    """The result row of a refused unit (column values by name, as `stored_results`)."""
    return {
        "job_id": job_id,
        "position": position,
        "unit": unit,
        "seq": 0,
        "source": source,
        "outcome": REFUSED,
        "thread_id": None,
        "platform": None,
        "external_id": None,
        "comments": 0,
        "problem": problem,
        "worker": None,
    }


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
