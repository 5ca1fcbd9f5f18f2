"""Finds the format modules, detects which one an upload is in, and runs its parser."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import replace
from functools import lru_cache

from importers import formats
from importers.base import (
    ImportedThread,
    ImportFormat,
    ImportOptions,
    InvalidInput,
    Problem,
    UnknownFormat,
)
from importers.payload import Payload, PayloadError
from importers.retarget import count_retargeted, retarget_mentions
from importers.toolkit.csv_rows import csv_header


@lru_cache(maxsize=1)
def all_formats() -> tuple[ImportFormat, ...]:
    """Every `FORMAT` declared in `importers/formats/`, sorted by name."""
    found: list[ImportFormat] = []
    for module_info in pkgutil.iter_modules(formats.__path__):
        module = importlib.import_module(f"{formats.__name__}.{module_info.name}")
        declared = getattr(module, "FORMAT", None)
        if isinstance(declared, ImportFormat):
            found.append(declared)
    return tuple(sorted(found, key=lambda f: f.name))


def format_named(name: str) -> ImportFormat:
    for candidate in all_formats():
        if candidate.name == name:
            return candidate
    known = ", ".join(f.name for f in all_formats())
    raise UnknownFormat(
        f"unknown format {name!r}; supported formats: {known}",
        [Problem(("query", "format"), f"must be one of: {known}")],
    )


def describe_structure(payload: Payload) -> str:
    """A short account of what the input looks like, for 'format not recognised' errors."""
    try:
        if payload.looks_like_json_document():
            document = payload.json()
            if isinstance(document, dict):
                return f"a JSON object with keys {sorted(document)[:12]}"
            first = document[0] if document else None
            if isinstance(first, dict):
                return f"a JSON array whose first item has keys {sorted(first)[:12]}"
            return f"a JSON array of {len(document)} items"
        first_line = payload.first_json_line()
        if isinstance(first_line, dict):
            return f"JSON Lines whose first record has keys {sorted(first_line)[:12]}"
        return f"text whose first columns are {csv_header(payload)[:12]}"
    except PayloadError as exc:
        return exc.detail


def _located_refusal(error: PayloadError) -> InvalidInput:
    """Unreadable bytes (malformed or too deep JSON, not text…) as a refusal at their line."""
    loc: tuple[str | int, ...] = ("body",) if error.line is None else ("body", "line", error.line)
    return InvalidInput(error.detail, [Problem(loc, error.detail)])


def detect(payload: Payload) -> ImportFormat:
    too_deep = payload.depth_error()  # before any format parses it
    if too_deep is not None:
        raise _located_refusal(too_deep)
    matches = [f for f in all_formats() if f.detect(payload)]
    if len(matches) == 1:
        return matches[0]
    supported = ", ".join(f.name for f in all_formats())
    invalid_json = None if matches else payload.json_error()
    if invalid_json is not None:  # broken JSON: say where, rather than "not recognised"
        raise _located_refusal(invalid_json)
    if not matches:
        raise UnknownFormat(
            f"the input's format was not recognised; saw {describe_structure(payload)}. "
            f"Supported formats: {supported}",
            [Problem(("body",), "format not recognised")],
        )
    names = ", ".join(f.name for f in matches)
    raise UnknownFormat(
        f"the input matches several formats ({names}); name one with the `format` parameter",
        [Problem(("query", "format"), f"ambiguous between: {names}")],
    )


def import_payload(
    payload: Payload, format_name: str | None = None, options: ImportOptions | None = None
) -> list[ImportedThread]:
    """Parse an upload into canonical threads. Raises InvalidInput (nothing is half-imported).

    An upload of several files (`payload.parts`) is imported file by file; each thread's report
    names its file and carries the notes of its archive, and a refusal names the file.
    """
    if not payload.parts:
        return _import_file(payload, format_name, options)
    threads: list[ImportedThread] = []
    for part in payload.parts:
        try:
            threads += _import_file(part, format_name, options)
        except InvalidInput as exc:  # named after its file, keeping its class
            exc.detail = f"{part.name}: {exc.detail}"
            exc.problems = tuple(Problem(p.loc, f"{part.name}: {p.msg}") for p in exc.problems)
            exc.args = (exc.detail,)
            raise
    return threads


def _import_file(
    payload: Payload, format_name: str | None, options: ImportOptions | None
) -> list[ImportedThread]:
    try:
        chosen = format_named(format_name) if format_name else detect(payload)
        threads = chosen.parse(payload, options or ImportOptions())
    except PayloadError as exc:
        raise _located_refusal(exc) from exc
    except RecursionError as exc:  # a backstop: nesting is bounded before JSON is parsed
        raise InvalidInput("the input nests too deeply to be read") from exc
    if not threads:
        raise InvalidInput(f"no thread found in the {chosen.name} input")
    if chosen.flattened:
        threads = [_reconstruct_reply_targets(imported) for imported in threads]
    if payload.name is None and not payload.notes:
        return threads
    return [
        ImportedThread(
            imported.thread,
            replace(
                imported.report,
                source_file=payload.name,
                limits=(*imported.report.limits, *payload.notes),
            ),
        )
        for imported in threads
    ]


def _reconstruct_reply_targets(imported: ImportedThread) -> ImportedThread:
    thread = retarget_mentions(imported.thread)
    return ImportedThread(thread, replace(imported.report, retargeted=count_retargeted(thread)))
