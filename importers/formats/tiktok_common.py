"""Helpers shared by the TikTok importers (no FORMAT here, so the registry ignores this module).

TikTok shows replies two levels deep: every reply hangs under its top-level comment, whoever it
answered. The builders here turn one export's rows into canonical comments that keep that
platform parent, and threads with an honest report.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from importers.base import (
    ImportedThread,
    ImportOptions,
    ImportReport,
    InvalidInput,
    Location,
    Problem,
    count_skips,
)
from importers.timeparse import TimestampError, parse_timestamp
from nlp.thread import Comment, Platform, ReplyToMethod, Thread

# A broken export can fail on every row; the first problems are enough to fix it.
MAX_PROBLEMS = 50
DUPLICATE_ID = "duplicate comment id (the first copy was kept)"

_VIDEO_ID_IN_URL = re.compile(r"/video/(\d+)")
_HANDLE_IN_URL = re.compile(r"tiktok\.com/@([\w.\-]+)")


def video_id_from_url(url: object) -> str | None:
    match = _VIDEO_ID_IN_URL.search(url) if isinstance(url, str) else None
    return match.group(1) if match else None


def handle_from_url(url: object) -> str | None:
    match = _HANDLE_IN_URL.search(url) if isinstance(url, str) else None
    return match.group(1) if match else None


def url_without_query(url: object) -> str | None:
    if not isinstance(url, str) or not url:
        return None
    return url.split("?", 1)[0]


def as_id(value: object) -> str | None:
    """TikTok ids arrive as strings or (Research API, some scrapers) as JSON numbers."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def as_count(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def nonempty_text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


@dataclass
class Problems:
    """Collects what is wrong with an export so that one error names every place to fix."""

    items: list[Problem] = field(default_factory=list)

    def add(self, loc: Location, msg: str) -> None:
        self.items.append(Problem(loc, msg))

    def time(self, value: object, loc: Location, subject: str) -> datetime | None:
        try:
            return parse_timestamp(value)
        except TimestampError:
            self.add(loc, f"{subject}: not a unix time or ISO-8601 time: {value!r}")
            return None

    def raise_if_any(self, format_name: str) -> None:
        if not self.items:
            return
        shown = self.items[:MAX_PROBLEMS]
        more = f" (first {MAX_PROBLEMS} shown)" if len(self.items) > MAX_PROBLEMS else ""
        raise InvalidInput(f"the {format_name} input has {len(self.items)} problems{more}", shown)


def top_level(
    comment_id: str,
    author: str | None,
    text: str,
    created_at: datetime | None,
    *,
    author_name: str | None = None,
    like_count: int | None = None,
) -> Comment:
    return Comment(
        id=comment_id,
        reply_to=None,
        author=author,
        text=text,
        created_at=created_at,
        author_name=author_name,
        like_count=like_count,
    )


def flattened_reply(
    comment_id: str,
    platform_parent: str,
    author: str | None,
    text: str,
    created_at: datetime | None,
    *,
    author_name: str | None = None,
    like_count: int | None = None,
    replied_reply: str | None = None,
) -> Comment:
    """A reply: `replied_reply` is the reply it answers when the platform names one."""
    return Comment(
        id=comment_id,
        reply_to=replied_reply or platform_parent,
        author=author,
        text=text,
        created_at=created_at,
        author_name=author_name,
        like_count=like_count,
        platform_reply_to=platform_parent,
        reply_to_method=(
            ReplyToMethod.EXPLICIT_FIELD if replied_reply else ReplyToMethod.PLATFORM_PARENT
        ),
    )


def creator_by_handle(comments: Iterable[Comment], handle: str | None) -> str | None:
    """The author id of whoever commented under the video owner's handle (from the video URL).

    Exports with numeric author ids never name the owner's id, but the owner often answers in
    their own comments, and their handle is in the video URL.
    """
    if handle is None:
        return None
    wanted = handle.casefold()
    for comment in comments:
        if comment.author_name is not None and comment.author_name.casefold() == wanted:
            return comment.author
    return None


@dataclass
class VideoRows:
    """One video's comments as read from an export, in input order, before becoming a thread."""

    external_id: str
    comments: list[Comment] = field(default_factory=list)
    seen_ids: set[str] = field(default_factory=set)
    rows_read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    announced_replies: int | None = None
    url: str | None = None
    title: str | None = None
    creator: str | None = None
    limits: list[str] = field(default_factory=list)

    def add(self, comment: Comment, announced_replies: int | None = None) -> None:
        """Keep a comment; `announced_replies` is the reply count a top-level comment states."""
        # Scrapers re-read pages and inline replies: the first copy of an id is the one kept.
        if comment.id in self.seen_ids:
            self.skipped[DUPLICATE_ID] += 1
            return
        self.seen_ids.add(comment.id)
        self.comments.append(comment)
        if announced_replies is not None:
            self.announced_replies = (self.announced_replies or 0) + announced_replies

    def note(self, limit: str) -> None:
        if limit not in self.limits:
            self.limits.append(limit)


def platform_override(options: ImportOptions) -> Platform:
    if options.platform is None:
        return Platform.TIKTOK
    try:
        return Platform(options.platform)
    except ValueError:
        known = ", ".join(p.value for p in Platform)
        raise InvalidInput(
            f"unknown platform {options.platform!r}",
            [Problem(("query", "platform"), f"must be one of: {known}")],
        ) from None


def finish(
    videos: Iterable[VideoRows],
    format_name: str,
    options: ImportOptions,
    source_limits: Iterable[str],
) -> list[ImportedThread]:
    """Threads and reports for every video; ImportOptions overrides win over what was read."""
    videos = list(videos)
    platform = platform_override(options)
    if options.external_id is not None and len(videos) > 1:
        raise InvalidInput(
            f"external_id {options.external_id!r} was given, but the input holds "
            f"{len(videos)} videos ({', '.join(v.external_id for v in videos[:5])}…)",
            [Problem(("query", "external_id"), "only valid for an input with one video")],
        )
    shared_limits = tuple(source_limits)
    imported: list[ImportedThread] = []
    for video in videos:
        comments = tuple(video.comments)
        thread = Thread(
            platform=platform,
            external_id=options.external_id or video.external_id,
            comments=comments,
            url=video.url,
            title=video.title,
            creator=video.creator,
            source_format=format_name,
        )
        report = ImportReport(
            format=format_name,
            rows_read=video.rows_read,
            comments_kept=len(comments),
            skipped=count_skips(video.skipped),
            announced_replies=video.announced_replies,
            received_replies=sum(c.platform_reply_to is not None for c in comments),
            limits=shared_limits + tuple(video.limits),
        )
        imported.append(ImportedThread(thread, report))
    return imported


def json_objects(document: Any) -> list[Any]:
    """A JSON document's items: the array itself, or the single object as a one-item list."""
    return document if isinstance(document, list) else [document]
