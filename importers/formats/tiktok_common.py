"""Helpers shared by the TikTok importers (no FORMAT here, so the registry ignores this module).

TikTok shows replies two levels deep: every reply hangs under its top-level comment, whoever it
answered. The importers build their comments with `importers.common_values.flattened_comment`,
which keeps that platform parent; what is TikTok's own is here: its URLs, and finding the owner.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from importers.base import ImportedThread, ImportOptions
from importers.common_threads import ThreadDraft, finish_drafts
from importers.common_values import FirstCopies
from nlp.thread import Comment, Platform

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
class VideoRows(ThreadDraft):
    """One video's comments as read from an export, in input order, before becoming a thread."""

    first_copies: FirstCopies = field(default_factory=lambda: FirstCopies(DUPLICATE_ID))

    def add(self, comment: Comment, announced_replies: int | None = None) -> None:
        """Keep a comment; `announced_replies` is the reply count a top-level comment states."""
        if self.first_copies.keep(comment.id, self.skipped):
            self.comments.append(comment)
            self.announce(announced_replies)


def finish_videos(
    videos: Iterable[VideoRows],
    format_name: str,
    options: ImportOptions,
    source_limits: Iterable[str],
) -> list[ImportedThread]:
    """Threads and reports for every video (see `finish_drafts`).

    The replies an export holds are counted even where no top-level comment states its total.
    """
    return finish_drafts(
        videos,
        Platform.TIKTOK,
        format_name,
        options,
        source_limits,
        received_without_announcement=True,
        posts="videos",
    )


def json_objects(document: Any) -> list[Any]:
    """A JSON document's items: the array itself, or the single object as a one-item list."""
    return document if isinstance(document, list) else [document]
