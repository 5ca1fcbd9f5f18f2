"""Pieces the YouTube importers share: URLs, timestamps, limits, HTML text, CSV headers.

No FORMAT here, so the registry ignores this module.
"""

from __future__ import annotations

import csv
import html
import re
from datetime import datetime

from importers.base import InvalidInput, Location
from importers.common import time_problem
from importers.payload import Payload, PayloadError
from importers.timeparse import TimestampError, parse_timestamp

HEADER_MAX_CHARS = 8192

FLATTENED_LIMIT = (
    "YouTube flattens reply chains under the top-level comment: who answered whom is inferred "
    "from a reply's leading @mention"
)
INLINE_REPLIES_LIMIT = (
    "commentThreads.list returns at most 5 inline replies per thread; "
    "fetch comments.list?parentId= for all"
)


def video_url(video_id: str) -> str:
    return f"https://www.youtube.com/watch?v={video_id}"


def channel_url(channel_id: str) -> str:
    return f"https://www.youtube.com/channel/{channel_id}"


def read_time(value: object, loc: Location, subject: str) -> datetime | None:
    """The time; an unreadable one refuses the resource it belongs to (the caller collects)."""
    try:
        return parse_timestamp(value)
    except TimestampError:
        problem = time_problem(value, loc, subject)
        raise InvalidInput(problem.msg, [problem]) from None


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
