"""Any CSV or JSON Lines of comments, read through a column mapping the request names.

Never detected: a generic table looks like anything, so the request must say `format=mapped_columns`
and map Parley's fields to the file's columns in `column_map`: id, parent, author, text, time
(required), thread, likes, author_name, creator (optional). Without `thread` the file is one
thread. `creator` is a column naming the post owner's account (their handle: the first value a
thread's rows give); the commenter whose id or name it is becomes the thread's creator. In JSON
Lines a mapped name may be a dotted path into nested objects (`user.id`).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from importers.base import ImportedThread, ImportFormat, ImportOptions, Location
from importers.payload import Payload
from importers.timeparse import TimestampError, parse_timestamp
from importers.toolkit.creators import account_handle, author_of_account, unidentified
from importers.toolkit.csv_rows import read_csv
from importers.toolkit.drafts import FirstCopies, ThreadDraft, charge_to_first
from importers.toolkit.identity import external_id_for, platform_override
from importers.toolkit.problems import Problems, refusal
from importers.toolkit.records import read_document_or_lines
from importers.toolkit.reports import finish_drafts
from importers.toolkit.values import items_of
from nlp.thread import Comment, Platform

REQUIRED_KEYS = ("id", "parent", "author", "text", "time")
OPTIONAL_KEYS = ("thread", "likes", "author_name", "creator")
NO_CREATOR_COLUMN = unidentified("no creator column was mapped (columns=…,creator:<column>)")
EMPTY_CREATOR = unidentified("the mapped creator column is empty on every row of this thread")
Row = dict[str, Any]


def _detect(payload: Payload) -> bool:
    return False  # only ever chosen by name, with a column_map


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    mapping = _checked_mapping(options.column_map)
    rows, columns, unit = _rows(payload)
    absent = {key: name for key, name in mapping.items() if name not in columns}
    problems = Problems("mapped columns")
    for key, name in absent.items():
        problems.add(("query", "columns", key), f"no column {name!r} in the file")
    problems.raise_if_any(
        "column_map names columns the file does not have: "
        + ", ".join(f"{key} -> {name!r}" for key, name in absent.items())
    )
    # Without a thread column the whole file is one thread, named as external_id_for says.
    single = None if "thread" in mapping else external_id_for(options, None, payload.filename)
    platform = platform_override(options) or Platform.OTHER
    threads: dict[str, ThreadDraft] = {}
    without_thread = 0
    for number, row in enumerate(rows, start=1):
        thread_id = _cell(row, mapping, "thread") if single is None else single.value
        if not thread_id:
            without_thread += 1
            continue
        if thread_id not in threads:
            threads[thread_id] = ThreadDraft(thread_id, first_copies=FirstCopies("duplicate id"))
        thread = threads[thread_id]
        thread.rows_read += 1
        if "creator" in mapping and thread.creator_handle is None:
            thread.creator_handle = account_handle(platform, _cell(row, mapping, "creator"))
        comment = _comment(row, mapping, thread_id, (unit, number), problems)
        if comment is None:
            thread.skipped["no id"] += 1
        else:
            thread.add(comment)
    problems.raise_if_any()
    if without_thread:
        # Rows that belong to no thread are counted on the first one, which says so.
        reason = "no thread id (counted on the file's first thread)"
        charge_to_first(list(threads.values()), Counter({reason: without_thread}))
    for thread in threads.values():
        thread.limit(single.limit() if single else None)
        orphans = thread.orphan_replies()
        if orphans:
            thread.limits.append(f"{orphans} replies name a parent that is not in the file")
        thread.creator = author_of_account(platform, thread.comments, thread.creator_handle)
        if thread.creator_handle is None:
            thread.limit(EMPTY_CREATOR if "creator" in mapping else NO_CREATOR_COLUMN)
    return finish_drafts(threads.values(), options, FORMAT.name)


def _checked_mapping(column_map: dict[str, str]) -> dict[str, str]:
    problems = Problems("mapped columns")
    for key in REQUIRED_KEYS:
        if not column_map.get(key):
            problems.add(("query", "columns", key), f"required mapping {key!r} is missing")
    for key in column_map:
        if key not in REQUIRED_KEYS + OPTIONAL_KEYS:
            problems.add(("query", "columns", key), f"unknown mapping key {key!r}")
    problems.raise_if_any(
        "column_map must map id, parent, author, text and time (thread, likes, author_name and "
        "creator are optional) to the file's columns"
    )
    return {key: name for key, name in column_map.items() if name}


def _rows(payload: Payload) -> tuple[list[Row], set[str], str]:
    """The records, every column or key they use, and what a record is called in messages."""
    if payload.opening() in ("{", "["):
        records: list[Row] = []
        for number, value in read_document_or_lines(payload):
            for item in items_of(value):
                if not isinstance(item, dict):
                    msg = "each record must be a JSON object"
                    raise refusal(("line", number), msg, f"line {number} is not a JSON object")
                records.append(item)
        return records, {path for r in records for path in _paths(r)}, "record"
    header, rows = read_csv(payload)
    return list(rows), set(header), "row"


def _paths(record: Row, prefix: str = "") -> list[str]:
    paths = []
    for key, value in record.items():
        paths.append(prefix + key)
        if isinstance(value, dict):
            paths.extend(_paths(value, f"{prefix}{key}."))
    return paths


def _cell(row: Row, mapping: dict[str, str], key: str) -> str | None:
    """The mapped value as text; None when empty."""
    value: Any = row
    name = mapping[key]
    if name in row:
        value = row[name]
    else:
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


def _comment(
    row: Row, mapping: dict[str, str], thread_id: str, loc: Location, problems: Problems
) -> Comment | None:
    comment_id = _cell(row, mapping, "id")
    if comment_id is None:
        return None
    where = f"{loc[0]} {loc[1]} (id {comment_id!r})"
    raw_time = _cell(row, mapping, "time")
    try:
        created_at = parse_timestamp(raw_time)
    except TimestampError:
        problems.add(
            (*loc, mapping["time"]), f"{where}: {mapping['time']} is not a time: {raw_time!r}"
        )
        return None
    likes = _cell(row, mapping, "likes") if "likes" in mapping else None
    if likes is not None and not likes.isdigit():
        problems.add(
            (*loc, mapping["likes"]),
            f"{where}: {mapping['likes']} is not a whole number: {likes!r}",
        )
        return None
    parent = _cell(row, mapping, "parent")
    return Comment(
        id=comment_id,
        reply_to=None if parent in (None, thread_id) else parent,
        author=_cell(row, mapping, "author"),
        author_name=_cell(row, mapping, "author_name") if "author_name" in mapping else None,
        text=_cell(row, mapping, "text") or "",
        created_at=created_at,
        like_count=int(likes) if likes is not None else None,
    )


FORMAT = ImportFormat(
    name="mapped_columns",
    description=(
        "any CSV or JSON Lines of comments, read through the request's column_map (id, parent, "
        "author, text, time; optional thread, likes, author_name, creator); never auto-detected"
    ),
    detect=_detect,
    parse=_parse,
)
