"""Pieces the YouTube importers share: overrides, fallback ids, timestamps, limits, CSV headers.

No FORMAT here, so the registry ignores this module.
"""

from __future__ import annotations

import csv
import html
import re
from datetime import datetime
from pathlib import PurePath

from importers.base import ImportOptions, InvalidInput, Location, Problem
from importers.payload import Payload, PayloadError
from importers.timeparse import TimestampError, parse_timestamp
from nlp.thread import Platform

# A broken export can fail on every row; the first problems are enough to fix it.
MAX_PROBLEMS = 50
HEADER_MAX_CHARS = 8192

FLATTENED_LIMIT = (
    "YouTube flattens reply chains under the top-level comment: who answered whom is inferred "
    "from a reply's leading @mention"
)
INLINE_REPLIES_LIMIT = (
    "commentThreads.list returns at most 5 inline replies per thread; "
    "fetch comments.list?parentId= for all"
)


def platform_for(options: ImportOptions) -> Platform:
    if options.platform is None:
        return Platform.YOUTUBE
    try:
        return Platform(options.platform)
    except ValueError:
        known = ", ".join(p.value for p in Platform)
        raise InvalidInput(
            f"unknown platform {options.platform!r}",
            [Problem(("query", "platform"), f"must be one of: {known}")],
        ) from None


def video_url(video_id: str) -> str:
    return f"https://www.youtube.com/watch?v={video_id}"


def channel_url(channel_id: str) -> str:
    return f"https://www.youtube.com/channel/{channel_id}"


def fallback_external_id(payload: Payload) -> tuple[str, str]:
    """An id for a thread whose video the file does not name, and the limit line saying so."""
    stem = PurePath(payload.filename).stem if payload.filename else ""
    # "comments.csv.gz" leaves "comments.csv" after one stem: strip every suffix.
    stem = stem.split(".")[0]
    if stem:
        return stem, f"the file names no video id: external_id is the file name {stem!r}"
    return "unknown", "the file names no video id and had no file name: external_id is 'unknown'"


def read_time(value: object, loc: Location, subject: str) -> datetime | None:
    try:
        return parse_timestamp(value)
    except TimestampError:
        raise InvalidInput(
            f"{subject}: unreadable time {value!r}",
            [Problem(loc, f"{subject}: {value!r} is not an ISO-8601 time")],
        ) from None


def raise_problems(kind: str, problems: list[Problem]) -> None:
    """Raise one InvalidInput carrying the first problems, if there are any."""
    if not problems:
        return
    more = f" (first {MAX_PROBLEMS} shown)" if len(problems) > MAX_PROBLEMS else ""
    raise InvalidInput(
        f"the {kind} input has {len(problems)} problems{more}: {problems[0].msg}",
        problems[:MAX_PROBLEMS],
    )


_TAG = re.compile(r"<[^>]+>")
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def html_to_text(display: str) -> str:
    """textDisplay (textFormat=html) as plain text, so a leading "@handle" link reads "@handle"."""
    return html.unescape(_TAG.sub("", _LINE_BREAK.sub("\n", display)))


def csv_header(payload: Payload) -> list[str] | None:
    """The column names of a delimited text file, read from its first line only (cheap sniffing)."""
    try:
        text = payload.text
    except PayloadError:
        return None
    # A header line is short; the cap keeps one-line JSON or binary-ish text cheap to refuse.
    first_line = text[:HEADER_MAX_CHARS].split("\n", 1)[0].strip()
    if not first_line or first_line.startswith(("{", "[", "<")):
        return None
    delimiter = max(",\t;", key=first_line.count)
    try:
        names = next(csv.reader([first_line], delimiter=delimiter), [])
    except csv.Error:
        return None
    return [name.strip() for name in names]
