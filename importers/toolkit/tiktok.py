"""What the TikTok importers share: TikTok's URLs, finding the video owner, one draft per video.

TikTok shows replies two levels deep: every reply hangs under its top-level comment, whoever it
answered. The importers build their comments with `importers.toolkit.drafts.flattened_comment`,
which keeps that platform parent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from importers.base import ImportedThread, ImportOptions
from importers.toolkit.drafts import FirstCopies, ThreadDraft
from importers.toolkit.reports import finish_drafts
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


def video_draft(video_id: str, url: str | None = None, title: str | None = None) -> ThreadDraft:
    """One video's draft: a comment id met again under the same video is skipped."""
    return ThreadDraft(video_id, url=url, title=title, first_copies=FirstCopies(DUPLICATE_ID))


def finish_videos(
    videos: Iterable[ThreadDraft],
    options: ImportOptions,
    format_name: str,
    source_limits: Iterable[str],
) -> list[ImportedThread]:
    """Threads and reports for every video; the request's external_id names a single one.

    The replies an export holds are counted even where no top-level comment states its total.
    """
    return finish_drafts(
        videos,
        options,
        format_name,
        Platform.TIKTOK,
        source_limits,
        count_received=True,
        posts="videos",
    )
