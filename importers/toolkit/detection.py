"""Cheap looks at an upload for `detect` functions: each answers None or empty, never raises.

Detection asks every format in turn, so an upload that is not text, not JSON or not delimited
must simply not match; the format chosen then reports what is wrong with it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from importers.json_values import loads
from importers.payload import Payload, PayloadError
from importers.toolkit.csv_rows import csv_header
from importers.toolkit.values import items_of

LEADING_RECORDS = 20  # error rows can open a dataset; a few records are enough to tell


def sniff_document(payload: Payload) -> Any:
    """The upload as one JSON document (an object or an array), or None when it is not one."""
    try:
        return payload.json() if payload.looks_like_json_document() else None
    except PayloadError:
        return None


def sniff_items(payload: Payload) -> list[Any]:
    """A JSON document's items (an array's, or the one object); [] when it is not a document."""
    document = sniff_document(payload)
    return [] if document is None else items_of(document)


def sniff_first_record(payload: Payload) -> Any:
    """The first JSON Lines record, or None when the first line is not JSON."""
    try:
        return payload.first_json_line()
    except PayloadError:
        return None


def sniff_records(payload: Payload, count: int = LEADING_RECORDS) -> list[Any]:
    """The first records of a JSON array or of JSON Lines; [] when the input is not JSON."""
    try:
        if payload.opening() == "[":
            document = payload.json()
            return document[:count] if isinstance(document, list) else []
        records: list[Any] = []
        for line in payload.text.splitlines():
            if line.strip():
                records.append(loads(line))
            if len(records) == count:
                break
    except (PayloadError, json.JSONDecodeError):
        return []
    return records


def has_columns(payload: Payload, *required: Iterable[str]) -> bool:
    """Whether delimited text (not JSON) has every column of some set in `required`."""
    try:
        if payload.opening() in ("{", "["):
            return False
        columns = set(csv_header(payload))
    except PayloadError:
        return False
    return any(columns.issuperset(names) for names in required)
