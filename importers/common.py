"""The toolkit every importer shares: problem collection, request overrides and the post's id.

No FORMAT here (nor in `common_values` and `common_threads`, the rest of the toolkit): this is not
an input format. Like the importers, nothing here does I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from importers.base import ImportedThread, ImportOptions, InvalidInput, Location, Problem
from importers.payload import Payload, PayloadError
from importers.timeparse import TimestampError, parse_timestamp
from nlp.thread import Platform

# A broken export can fail on every row; the first problems are enough to fix it.
MAX_PROBLEMS = 50
UNKNOWN_ID = "unknown"


def raise_problems(format_label: str, problems: Sequence[Problem]) -> None:
    """Refuse the input with the first MAX_PROBLEMS problems, if there are any."""
    if not problems:
        return
    count = len(problems)
    more = f" (first {MAX_PROBLEMS} shown)" if count > MAX_PROBLEMS else ""
    raise InvalidInput(
        f"the {format_label} input has {count} problem{'s' * (count > 1)}{more}",
        problems[:MAX_PROBLEMS],
    )


def time_problem(value: object, loc: Location, subject: str) -> Problem:
    """The problem of a time that `parse_timestamp` cannot read."""
    return Problem(loc, f"{subject}: not a readable time (unix seconds or ISO-8601): {value!r}")


class Problems:
    """Collects what is wrong with an input, so that one error names every place to fix."""

    def __init__(self, format_label: str) -> None:
        self.format_label = format_label
        self.found: list[Problem] = []

    def add(self, loc: Location, msg: str) -> None:
        self.found.append(Problem(loc, msg))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.found.extend(problems)

    def time(self, value: object, loc: Location, subject: str) -> datetime | None:
        """The time, or None with a problem recorded when it is unreadable."""
        try:
            return parse_timestamp(value)
        except TimestampError:
            self.found.append(time_problem(value, loc, subject))
            return None

    def raise_if_any(self) -> None:
        raise_problems(self.format_label, self.found)


def payload_error(exc: PayloadError, line_prefix: Location = ("body", "line")) -> InvalidInput:
    """A PayloadError met inside a parser as InvalidInput, located at `(*line_prefix, line)`."""
    loc: Location = ("body",) if exc.line is None else (*line_prefix, exc.line)
    return InvalidInput(exc.detail, [Problem(loc, exc.detail)])


def json_document_or_lines(payload: Payload) -> list[tuple[int, object]]:
    """(line, record) of a JSON document (as line 1) or of JSON Lines; InvalidInput if neither."""
    try:
        if payload.looks_like_json_document():
            return [(1, payload.json())]
        return payload.json_lines()
    except PayloadError as exc:
        raise payload_error(exc) from exc


def platform_override(options: ImportOptions) -> Platform | None:
    """The platform the request names, or None; InvalidInput when it names no known platform."""
    if options.platform is None:
        return None
    try:
        return Platform(options.platform)
    except ValueError:
        known = ", ".join(p.value for p in Platform)
        raise InvalidInput(
            f"unknown platform {options.platform!r}",
            [Problem(("query", "platform"), f"must be one of: {known}")],
        ) from None


class IdSource(StrEnum):
    """Where a thread's external id came from, most trusted first."""

    REQUEST = "request"  # ImportOptions.external_id
    INPUT = "input"  # the export names its post
    FILE_NAME = "file name"
    NOWHERE = "nowhere"


@dataclass(frozen=True, slots=True)
class ExternalId:
    value: str
    source: IdSource

    def limit(self, thing: str = "post") -> str | None:
        """The report line saying the id was guessed (`thing`: "post", "video"…), else None."""
        if self.source is IdSource.FILE_NAME:
            return (
                f"the input does not name its {thing}: external_id is the file name {self.value!r}"
            )
        if self.source is IdSource.NOWHERE:
            return (
                f"the input does not name its {thing} and came without a file name: external_id "
                f"is {UNKNOWN_ID!r} (pass external_id to set it)"
            )
        return None


def external_id_for(
    options: ImportOptions, named_by_input: str | None, filename: str | None
) -> ExternalId:
    """The post's id: the request's override, else the input's, else the file name, else unknown."""
    if options.external_id is not None:
        return ExternalId(options.external_id, IdSource.REQUEST)
    if named_by_input:
        return ExternalId(named_by_input, IdSource.INPUT)
    return fallback_external_id(filename)


def fallback_external_id(filename: str | None) -> ExternalId:
    """The id of a post neither the request nor the input names: the file name, else unknown."""
    stem = file_stem(filename)
    if stem:
        return ExternalId(stem, IdSource.FILE_NAME)
    return ExternalId(UNKNOWN_ID, IdSource.NOWHERE)


def file_stem(filename: str | None) -> str | None:
    """ "uploads/dQw4w9WgXcQ.json.gz" -> "dQw4w9WgXcQ": the base name up to its first dot.

    Everything after the first dot is taken for extensions (".csv.gz"); post ids have no dots.
    """
    if not filename:
        return None
    return re.split(r"[\\/]", filename)[-1].split(".", 1)[0] or None


def apply_external_id(
    threads: list[ImportedThread], options: ImportOptions, posts: str = "threads"
) -> list[ImportedThread]:
    """Honour the request's external_id, which can only name an upload holding one thread.

    `posts` names what the threads are in the refusal ("videos"…).
    """
    if options.external_id is None:
        return threads
    if len(threads) != 1:
        held = ", ".join(imported.thread.external_id for imported in threads[:5])
        raise InvalidInput(
            f"external_id {options.external_id!r} was given, but the upload holds "
            f"{len(threads)} {posts} ({held}{', …' if len(threads) > 5 else ''})",
            [Problem(("query", "external_id"), "only allowed when the upload holds one thread")],
        )
    imported = threads[0]
    thread = replace(imported.thread, external_id=options.external_id)
    return [replace(imported, thread=thread)]
