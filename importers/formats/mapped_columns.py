"""Any CSV or JSON Lines of comments, read through a column mapping the request names.

Never detected: a generic table looks like anything, so the request must say `format=mapped_columns`
and map Parley's fields to the file's columns in `column_map`: id, parent, author, text, time
(required), thread, likes, author_name (optional). Without `thread` the file is one thread.
In JSON Lines a mapped name may be a dotted path into nested objects (`user.id`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from importers.base import (
    ImportedThread,
    ImportFormat,
    ImportOptions,
    ImportReport,
    InvalidInput,
    Location,
    Problem,
    count_skips,
)
from importers.common import (
    Problems,
    apply_external_id,
    external_id_for,
    json_document_or_lines,
    platform_override,
)
from importers.payload import Payload
from importers.timeparse import TimestampError, parse_timestamp
from nlp.thread import Comment, Platform, ReplyToMethod, Thread

REQUIRED_KEYS = ("id", "parent", "author", "text", "time")
OPTIONAL_KEYS = ("thread", "likes", "author_name")
Row = dict[str, Any]


@dataclass
class _Thread:
    comments: dict[str, Comment] = field(default_factory=dict)
    rows_read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)


def _detect(payload: Payload) -> bool:
    return False  # only ever chosen by name, with a column_map


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    mapping = _checked_mapping(options.column_map)
    rows, columns, unit = _rows(payload)
    absent = {key: name for key, name in mapping.items() if name not in columns}
    if absent:
        raise InvalidInput(
            "column_map names columns the file does not have: "
            + ", ".join(f"{key} -> {name!r}" for key, name in absent.items()),
            [
                Problem(("query", "columns", k), f"no column {n!r} in the file")
                for k, n in absent.items()
            ],
        )
    # Without a thread column the whole file is one thread, named as external_id_for says.
    single = None if "thread" in mapping else external_id_for(options, None, payload.filename)
    problems = Problems("mapped columns")
    threads: dict[str, _Thread] = {}
    without_thread = 0
    for number, row in enumerate(rows, start=1):
        thread_id = _cell(row, mapping, "thread") if single is None else single.value
        if not thread_id:
            without_thread += 1
            continue
        thread = threads.setdefault(thread_id, _Thread())
        thread.rows_read += 1
        comment = _comment(row, mapping, thread_id, (unit, number), problems)
        if comment is None:
            thread.skipped["no id"] += 1
        elif comment.id in thread.comments:
            thread.skipped["duplicate id"] += 1
        else:
            thread.comments[comment.id] = comment
    problems.raise_if_any()
    if without_thread and threads:
        # Rows that belong to no thread are counted on the first one, which says so.
        first = next(iter(threads.values()))
        first.rows_read += without_thread
        first.skipped["no thread id (counted on the file's first thread)"] += without_thread
    platform = platform_override(options) or Platform.OTHER
    id_limit = single.limit() if single else None
    imported = [_imported(tid, thread, platform, id_limit) for tid, thread in threads.items()]
    return apply_external_id(imported, options)


def _checked_mapping(column_map: dict[str, str]) -> dict[str, str]:
    problems = [
        Problem(("query", "columns", key), f"required mapping {key!r} is missing")
        for key in REQUIRED_KEYS
        if not column_map.get(key)
    ]
    problems += [
        Problem(("query", "columns", key), f"unknown mapping key {key!r}")
        for key in column_map
        if key not in REQUIRED_KEYS + OPTIONAL_KEYS
    ]
    if problems:
        raise InvalidInput(
            "column_map must map id, parent, author, text and time (thread, likes and "
            "author_name are optional) to the file's columns",
            problems,
        )
    return {key: name for key, name in column_map.items() if name}


def _rows(payload: Payload) -> tuple[list[Row], set[str], str]:
    """The records, every column or key they use, and what a record is called in messages."""
    if payload.text.lstrip().startswith(("{", "[")):
        records: list[Row] = []
        for number, value in json_document_or_lines(payload):
            items = value if isinstance(value, list) else [value]
            for item in items:
                if not isinstance(item, dict):
                    raise InvalidInput(
                        f"line {number} is not a JSON object",
                        [Problem(("line", number), "each record must be a JSON object")],
                    )
                records.append(item)
        return records, {path for r in records for path in _paths(r)}, "record"
    header, rows = payload.csv_rows()
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
        reply_to_method=ReplyToMethod.GIVEN,
    )


def _imported(
    external_id: str, thread: _Thread, platform: Platform, id_limit: str | None
) -> ImportedThread:
    comments = tuple(thread.comments.values())
    ids = set(thread.comments)
    orphans = sum(1 for c in comments if c.reply_to is not None and c.reply_to not in ids)
    limits = [id_limit] if id_limit else []
    if orphans:
        limits.append(f"{orphans} replies name a parent that is not in the file")
    return ImportedThread(
        Thread(
            platform=platform,
            external_id=external_id,
            comments=comments,
            source_format=FORMAT.name,
        ),
        ImportReport(
            format=FORMAT.name,
            rows_read=thread.rows_read,
            comments_kept=len(comments),
            skipped=count_skips(thread.skipped),
            limits=tuple(limits),
        ),
    )


FORMAT = ImportFormat(
    name="mapped_columns",
    description=(
        "any CSV or JSON Lines of comments, read through the request's column_map (id, parent, "
        "author, text, time; optional thread, likes, author_name); never auto-detected"
    ),
    detect=_detect,
    parse=_parse,
)
