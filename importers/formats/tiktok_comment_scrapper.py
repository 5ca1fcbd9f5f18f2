"""RomySaputraSihananda's tiktok-comment-scrapper output: one video per JSON object, replies nested.

`{caption, video_url, comments: [{comment_id, username, nickname, comment, create_time, avatar,
total_reply, replies: [same shape]}], has_more?}`. `username` (the @handle) is the only author key;
`create_time` is ISO text without a time zone. `video_url` is usually a share link
(`t.tiktok.com/i18n/share/video/<id>/…`) that does not name the video's owner; when it is a
`tiktok.com/@handle/video/…` URL, the handle is the owner's, and also their author id.
"""

from __future__ import annotations

from typing import Any

from importers.base import ImportedThread, ImportFormat, ImportOptions, Location
from importers.payload import Payload
from importers.toolkit.detection import sniff_items
from importers.toolkit.drafts import ThreadDraft, flattened_comment
from importers.toolkit.identity import ExternalId, fallback_external_id
from importers.toolkit.problems import Problems
from importers.toolkit.tiktok import (
    finish_videos,
    note_owner,
    settle_owner,
    url_without_query,
    video_draft,
    video_id_from_url,
)
from importers.toolkit.values import as_count, as_id, has_keys, items_of, nonempty_text

NAME = "tiktok_comment_scrapper"
_VIDEO_KEYS = frozenset({"caption", "video_url", "comments"})
_COMMENT_KEYS = frozenset({"comment_id", "username", "comment", "create_time"})
SOURCE_LIMITS = (
    "create_time has no time zone (the scraper formats TikTok's unix time in the collecting "
    "machine's zone); read as UTC, so times may be shifted by a fixed offset",
    "TikTok flattens reply chains: a reply sits under its top-level comment; the reply it "
    "answers is inferred from a leading @handle",
)
NO_HANDLE = "video_url does not name the owner's @handle (the scraper writes a share link)"


def _is_video(item: Any) -> bool:
    if not has_keys(item, _VIDEO_KEYS):
        return False
    comments = item["comments"]
    if not isinstance(comments, list):
        return False
    return not comments or has_keys(comments[0], _COMMENT_KEYS)


def _detect(payload: Payload) -> bool:
    items = sniff_items(payload)
    return bool(items) and all(_is_video(item) for item in items)


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    problems = Problems(NAME)
    document = payload.json()
    items = items_of(document)
    # Only a file of one video can be named after it.
    fallback = fallback_external_id(payload.filename if len(items) == 1 else None)
    videos: list[ThreadDraft] = []
    for index, item in enumerate(items):
        prefix: Location = (index,) if isinstance(document, list) else ()
        if not _is_video(item):
            problems.add(prefix, "not a scraper video object {caption, video_url, comments}")
            continue
        video = _video(item, fallback)
        for position, raw in enumerate(item["comments"]):
            _read(raw, (*prefix, "comments", position), None, video, problems)
        settle_owner(video, NO_HANDLE, handle_is_id=True)
        videos.append(video)
    problems.raise_if_any()
    return finish_videos(videos, options, NAME, SOURCE_LIMITS)


def _video(item: dict[str, Any], fallback: ExternalId) -> ThreadDraft:
    url = url_without_query(item.get("video_url"))
    named = video_id_from_url(url)
    video = video_draft(named or fallback.value, url, nonempty_text(item.get("caption")))
    note_owner(video, url)
    if named is None:
        video.limit(fallback.limit("video"))
    if item.get("has_more"):
        video.limit("has_more is set: only the first page of comments was fetched")
    return video


def _read(
    raw: Any, loc: Location, parent: str | None, video: ThreadDraft, problems: Problems
) -> None:
    comment_id = as_id(raw.get("comment_id")) if isinstance(raw, dict) else None
    if not isinstance(raw, dict) or comment_id is None:
        problems.add(loc, "not a comment: comment_id is missing")
        return
    subject = f"comment {comment_id}"
    text = problems.required_text(raw, "comment", loc, subject)
    if text is None:
        return
    video.rows_read += 1
    handle = nonempty_text(raw.get("username"))
    nickname = nonempty_text(raw.get("nickname"))
    video.add(
        flattened_comment(
            comment_id,
            parent,
            author=handle,
            text=text,
            created_at=problems.time(raw.get("create_time"), (*loc, "create_time"), subject),
            author_name=nickname if nickname != handle else None,
        ),
        announced_replies=as_count(raw.get("total_reply")) if parent is None else None,
    )
    replies = raw.get("replies") or []
    if parent is not None and replies:
        problems.add((*loc, "replies"), f"{subject}: a reply cannot have replies of its own")
        return
    if not isinstance(replies, list):
        problems.add((*loc, "replies"), f"{subject}: replies must be a list")
        return
    for position, reply in enumerate(replies):
        _read(reply, (*loc, "replies", position), comment_id, video, problems)


FORMAT = ImportFormat(
    name=NAME,
    description=(
        "tiktok-comment-scrapper (RomySaputraSihananda) JSON: {caption, video_url, comments: "
        "[{comment_id, username, nickname, comment, create_time, total_reply, replies: [...]}]}"
    ),
    detect=_detect,
    parse=_parse,
    flattened=True,
)
