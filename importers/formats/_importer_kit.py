"""Small pieces shared by the Reddit, X/Twitter and mapped-columns importers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath

from importers.base import ImportedThread, ImportOptions, InvalidInput, Location, Problem
from importers.formats.canonical import MAX_PROBLEMS
from importers.payload import Payload, PayloadError

# Extensions a user's file name may carry that say nothing about the post.
_DATA_SUFFIXES = frozenset({".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".gz", ".zst", ".txt"})


class Problems:
    """Collects what is wrong with an input, so one error lists every broken place at once."""

    def __init__(self, format_label: str) -> None:
        self.format_label = format_label
        self.found: list[Problem] = []

    def add(self, loc: Location, msg: str) -> None:
        self.found.append(Problem(loc, msg))

    def raise_if_any(self) -> None:
        if not self.found:
            return
        count = len(self.found)
        more = f" (first {MAX_PROBLEMS} shown)" if count > MAX_PROBLEMS else ""
        raise InvalidInput(
            f"the {self.format_label} input has {count} problem{'s' * (count > 1)}{more}",
            self.found[:MAX_PROBLEMS],
        )


def as_id(value: object) -> str | None:
    """Platform ids as text: JSON writers keep numeric ids as numbers; blank means absent."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def as_count(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def json_document_or_lines(payload: Payload) -> list[tuple[int, object]]:
    """(line, record) of a JSON document (as line 1) or of JSON Lines; InvalidInput if neither."""
    try:
        if payload.looks_like_json_document():
            return [(1, payload.json())]
        return payload.json_lines()
    except PayloadError as exc:
        loc: Location = ("body",) if exc.line is None else ("body", "line", exc.line)
        raise InvalidInput(exc.detail, [Problem(loc, exc.detail)]) from exc


def fallback_external_id(payload: Payload, options: ImportOptions) -> tuple[str, tuple[str, ...]]:
    """The id of a post the file does not name, and the limit line saying how it was chosen."""
    if options.external_id is not None:
        return options.external_id, ()
    if payload.filename:
        path = PurePath(payload.filename)
        while path.suffix.lower() in _DATA_SUFFIXES:
            path = path.with_suffix("")
        if path.name:
            return path.name, (
                f"the file does not name its post: external_id is the file name {path.name!r}",
            )
    return "unknown", (
        "the file does not name its post and has no file name: external_id is 'unknown'",
    )


def apply_external_id(
    threads: list[ImportedThread], options: ImportOptions
) -> list[ImportedThread]:
    """Honour the request's external_id, which can only name an upload holding one thread."""
    if options.external_id is None:
        return threads
    if len(threads) != 1:
        raise InvalidInput(
            f"external_id was given but the upload holds {len(threads)} threads",
            [Problem(("query", "external_id"), "only allowed when the upload holds one thread")],
        )
    imported = threads[0]
    thread = replace(imported.thread, external_id=options.external_id)
    return [replace(imported, thread=thread)]
