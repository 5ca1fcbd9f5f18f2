"""Helpers shared by the importers of scraped YouTube comments (youtube-comment-downloader and
Innertube /next pages).

Scrapers see what the web page shows: counts rounded for display ("9.8k", read with
`importers.common_values.display_count`), relative times, and reply ids of the form
`<top-level id>.<reply id>`. None of this module does I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from importers.base import ImportOptions
from importers.common import IdSource, external_id_for

FLATTENED_REPLIES_LIMIT = (
    "YouTube lists every reply under its top-level comment: who answered whom is recovered only "
    "from a reply's leading @handle"
)

_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


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
    video = external_id_for(options, found_in_input, filename)
    if video.source is IdSource.FILE_NAME:
        limit: str | None = (
            f"the input does not name its video: external_id {video.value!r} is the file name"
        )
    else:
        limit = video.limit("video")
    return VideoIdentity(video.value, watch_url(video.value), limit)
