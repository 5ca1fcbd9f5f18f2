"""Helpers shared by the importers of scraped YouTube comments (youtube-comment-downloader and
Innertube /next pages).

Scrapers see what the web page shows: counts rounded for display ("9.8k"), relative times, and
reply ids of the form `<top-level id>.<reply id>`. None of this module does I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from importers.base import ImportOptions, InvalidInput, Problem

# A broken export can fail on every comment; the first problems are enough to fix it.
MAX_PROBLEMS = 50

FLATTENED_REPLIES_LIMIT = (
    "YouTube lists every reply under its top-level comment: who answered whom is recovered only "
    "from a reply's leading @handle"
)

_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_PLAIN_COUNT = re.compile(r"^\d{1,3}(?:[,.]\d{3})+$|^\d+$")
_ABBREVIATED_COUNT = re.compile(r"^(\d+(?:[.,]\d+)?)([kmb])$")
_MULTIPLIERS = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}


def parse_count(value: object) -> int | None:
    """A count as YouTube displays it (7, "7", "1,234", "1.2K", "9.8k", "3M"); None if unreadable.

    YouTube leaves a count empty when it is zero. Abbreviated counts are rounded by YouTube, so the
    result is only as precise as the page was.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if not isinstance(value, str):
        return None
    text = value.strip().replace("\u00a0", "").replace(" ", "").casefold()
    if not text:
        return 0
    if _PLAIN_COUNT.match(text):
        # Below 1,000 YouTube shows exact counts, so a separator here can only group thousands.
        return int(re.sub(r"[,.]", "", text))
    abbreviated = _ABBREVIATED_COUNT.match(text)
    if abbreviated is None:
        return None
    number = Decimal(abbreviated.group(1).replace(",", "."))
    return int(number * _MULTIPLIERS[abbreviated.group(2)])


def reply_parent(comment_id: str) -> str | None:
    """The top-level comment a reply belongs to: YouTube reply ids are `<parent id>.<reply id>`."""
    parent, dot, _ = comment_id.partition(".")
    return parent if dot else None


def watch_url(video_id: str) -> str | None:
    return f"https://www.youtube.com/watch?v={video_id}" if _VIDEO_ID.match(video_id) else None


@dataclass(frozen=True, slots=True)
class VideoIdentity:
    external_id: str
    url: str | None
    limit: str | None  # said when the id had to be guessed


def identify_video(
    options: ImportOptions, found_in_input: str | None, filename: str | None
) -> VideoIdentity:
    """The video id: the request's override, else the input's, else the file name, else unknown."""
    limit = None
    if options.external_id:
        video_id = options.external_id
    elif found_in_input:
        video_id = found_in_input
    elif stem := _file_stem(filename):
        video_id = stem
        limit = f"the input does not name its video: external_id {stem!r} is the file name"
    else:
        video_id = "unknown"
        limit = (
            "the input does not name its video and came without a file name: external_id is "
            "'unknown' (pass external_id to set it)"
        )
    return VideoIdentity(video_id, watch_url(video_id), limit)


def _file_stem(filename: str | None) -> str | None:
    if not filename:
        return None
    base = re.split(r"[\\/]", filename)[-1]
    # "ScMzIvxBSi4.json.gz" -> "ScMzIvxBSi4": video ids never contain a dot.
    return base.split(".", 1)[0] or None


def raise_if_problems(format_name: str, problems: Sequence[Problem]) -> None:
    if not problems:
        return
    more = f" (first {MAX_PROBLEMS} shown)" if len(problems) > MAX_PROBLEMS else ""
    raise InvalidInput(
        f"the {format_name} input has {len(problems)} problems{more}", problems[:MAX_PROBLEMS]
    )
