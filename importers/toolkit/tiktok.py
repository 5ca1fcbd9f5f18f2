"""What the TikTok importers share: TikTok's URLs, finding the video owner, one draft per video.

The owner is known by the @handle in the video's URL (`tiktok.com/@handle/video/…`), for every
video whether or not they commented; their author id only where the export uses the handle as
the id, or where they commented under their handle.

TikTok shows replies two levels deep: every reply hangs under its top-level comment, whoever it
answered. The importers build their comments with `importers.toolkit.drafts.flattened_comment`,
which keeps that platform parent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from importers.base import ImportedThread, ImportOptions
from importers.toolkit.creators import (
    account_handle,
    author_of_account,
    tiktok_url_handle,
    unidentified,
)
from importers.toolkit.drafts import FirstCopies, ThreadDraft
from importers.toolkit.reports import finish_drafts
from nlp.thread import Platform

DUPLICATE_ID = "duplicate comment id (the first copy was kept)"
OWNER_SILENT = (
    "the video's owner is known by the handle in its URL but did not comment here: only their "
    "author id, and so the creator's share of this thread's replies, is unknown"
)

_VIDEO_ID_IN_URL = re.compile(r"/video/(\d+)")


def video_id_from_url(url: object) -> str | None:
    match = _VIDEO_ID_IN_URL.search(url) if isinstance(url, str) else None
    return match.group(1) if match else None


def url_without_query(url: object) -> str | None:
    if not isinstance(url, str) or not url:
        return None
    return url.split("?", 1)[0]


def note_owner(video: ThreadDraft, url: object) -> None:
    """Take the owner's handle from a URL of the video, unless one is known already."""
    if video.creator_handle is None:
        video.creator_handle = account_handle(Platform.TIKTOK, tiktok_url_handle(url))


def settle_owner(video: ThreadDraft, missing: str, *, handle_is_id: bool = False) -> None:
    """The owner's author id from their handle, and the report's note for what stays unknown:
    `missing` says why no handle was found; `handle_is_id` when the export's author ids are
    handles (so the owner's id is known even if they did not comment)."""
    handle = video.creator_handle
    if handle is None:
        video.limit(unidentified(missing))
        return
    if video.creator is None:  # the commenter whose id (4CAT) or name (Apify, web) it is
        video.creator = author_of_account(Platform.TIKTOK, video.comments, handle)
    if video.creator is None and handle_is_id:
        video.creator = handle
    if video.creator is None and video.comments:
        video.limit(OWNER_SILENT)


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
