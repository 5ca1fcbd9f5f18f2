"""Reading an upload as JSON, refusing it with the line of malformed JSON as a located problem."""

from __future__ import annotations

from typing import Any

from importers.base import InvalidInput, Location
from importers.payload import Payload, PayloadError
from importers.toolkit.problems import refusal


def _located_error(exc: PayloadError, line_prefix: Location = ("body", "line")) -> InvalidInput:
    """A PayloadError met inside a parser as InvalidInput, located at `(*line_prefix, line)`."""
    loc: Location = ("body",) if exc.line is None else (*line_prefix, exc.line)
    return refusal(loc, exc.detail)


def read_document(payload: Payload) -> Any:
    """The upload as one JSON document; InvalidInput at ("body", "line", n) when malformed."""
    try:
        return payload.json()
    except PayloadError as exc:
        raise _located_error(exc) from exc


def read_lines(payload: Payload) -> list[tuple[int, Any]]:
    """(line, record) of JSON Lines; InvalidInput at ("line", n) for the first malformed line."""
    try:
        return payload.json_lines()
    except PayloadError as exc:
        raise _located_error(exc, line_prefix=("line",)) from exc


def read_document_or_lines(payload: Payload) -> list[tuple[int, object]]:
    """(line, record) of a JSON document (as line 1) or of JSON Lines; InvalidInput if neither."""
    try:
        if payload.looks_like_json_document():
            return [(1, payload.json())]
        return payload.json_lines()
    except PayloadError as exc:
        raise _located_error(exc) from exc
