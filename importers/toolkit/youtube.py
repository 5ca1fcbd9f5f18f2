"""What the YouTube importers share: URLs, comment ids, times, HTML text, limits, reply counts.

Scrapers see what the web page shows: counts rounded for display ("9.8k", read with
`importers.toolkit.values.display_count`), relative times, and reply ids of the form
`<top-level id>.<reply id>`; the Data API and the tools built on it give exact values.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from importers.base import ImportOptions, Location
from importers.timeparse import TimestampError, parse_timestamp
from importers.toolkit.identity import IdSource, external_id_for
from importers.toolkit.problems import refusal, time_problem
from nlp.thread import Comment

FLATTENED_LIMIT = (
    "YouTube flattens reply chains under the top-level comment: who answered whom is inferred "
    "from a reply's leading @mention"
)
SCRAPED_FLATTENED_LIMIT = (
    "YouTube lists every reply under its top-level comment: who answered whom is recovered only "
    "from a reply's leading @handle"
)
INLINE_REPLIES_LIMIT = (
    "commentThreads.list returns at most 5 inline replies per thread; "
    "fetch comments.list?parentId= for all"
)

_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_TAG = re.compile(r"<[^>]+>")
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def video_url(video_id: str) -> str:
    return f"https://www.youtube.com/watch?v={video_id}"


def channel_url(channel_id: str) -> str:
    return f"https://www.youtube.com/channel/{channel_id}"


def _watch_url(video_id: str) -> str | None:
    """The video's URL, when the id has the shape of a YouTube video id."""
    return video_url(video_id) if _VIDEO_ID.match(video_id) else None


def reply_parent(comment_id: str) -> str | None:
    """The top-level comment a reply belongs to: YouTube reply ids are `<parent id>.<reply id>`."""
    parent, dot, _ = comment_id.partition(".")
    return parent if dot else None


def read_time(value: object, loc: Location, subject: str) -> datetime | None:
    """The time; an unreadable one refuses the resource it belongs to (the caller collects)."""
    try:
        return parse_timestamp(value)
    except TimestampError:
        raise refusal(loc, time_problem(value, loc, subject).msg) from None


def html_to_text(display: str) -> str:
    """textDisplay (textFormat=html) as plain text, so a leading "@handle" link reads "@handle"."""
    return html.unescape(_TAG.sub("", _LINE_BREAK.sub("\n", display)))


def missing_replies(comments: Sequence[Comment], announced: Mapping[str, int]) -> int:
    """Replies a top-level comment announced (`announced`: its id -> total) that are absent."""
    received = Counter(c.platform_reply_to for c in comments if c.reply_to)
    return sum(
        max(0, total - received[c.id])
        for c in comments
        if (total := announced.get(c.id)) is not None
    )


@dataclass(frozen=True, slots=True)
class VideoIdentity:
    external_id: str
    url: str | None
    limit: str | None  # said when the id had to be guessed


def identify_video(
    options: ImportOptions, found_in_input: str | None, filename: str | None
) -> VideoIdentity:
    """The video id: the request's override, else the input's, else the file name, else unknown."""
    video = external_id_for(options, found_in_input, filename)
    if video.source is IdSource.FILE_NAME:
        limit: str | None = (
            f"the input does not name its video: external_id {video.value!r} is the file name"
        )
    else:
        limit = video.limit("video")
    return VideoIdentity(video.value, _watch_url(video.value), limit)
