"""TikTok Research API "Query Video Comments" responses (POST /v2/research/video/comment/list/).

A page is `{"data": {"comments": [...], "has_more", "cursor"}, "error": {code, message, log_id}}`.
A researcher's file is one page, a JSON array of pages, or a bare array of the comment objects
`{id, video_id, text, like_count, reply_count, parent_comment_id, create_time}`. The API returns no
author at all, so every comment's author is unknown, and nothing names the video's owner.
"""

from __future__ import annotations

from typing import Any

from importers.base import (
    ImportedThread,
    ImportFormat,
    ImportOptions,
    InvalidInput,
    Location,
    Problem,
)
from importers.payload import Payload
from importers.toolkit.detection import sniff_items
from importers.toolkit.drafts import ThreadDraft, flattened_comment
from importers.toolkit.problems import Problems
from importers.toolkit.tiktok import finish_videos, settle_owner, video_draft
from importers.toolkit.values import as_count, as_id, items_of

NAME = "tiktok_research_api"
_REQUIRED_KEYS = frozenset({"id", "video_id", "text"})
# The complete list of fields the endpoint can return (the `fields` query picks a subset).
_ALL_FIELDS = frozenset(
    {"id", "video_id", "text", "like_count", "reply_count", "parent_comment_id", "create_time"}
)
_PAGE_DATA_KEYS = frozenset({"comments", "has_more", "cursor"})
_NO_PARENT = ("", "0")
SOURCE_LIMITS = (
    "TikTok Research API returns no author ids: author-based metrics are null",
    "the API flattens reply chains under the top-level comment and returns no handles, so the "
    "reply a reply answers cannot be recovered",
    "the API may return fewer comments than max_count per page (compare announced and received "
    "replies)",
)
NO_HANDLE = "the comment list has no username field (only the video query returns the owner's)"


def _is_comment(item: Any) -> bool:
    return isinstance(item, dict) and _REQUIRED_KEYS <= item.keys() <= _ALL_FIELDS


def _is_page(item: Any) -> bool:
    if not isinstance(item, dict) or not isinstance(item.get("data"), dict):
        return False
    data = item["data"]
    comments = data.get("comments")
    return (
        data.keys() >= _PAGE_DATA_KEYS
        and isinstance(comments, list)
        and all(_is_comment(c) for c in comments[:5])
    )


def _detect(payload: Payload) -> bool:
    items = sniff_items(payload)
    return bool(items) and (
        all(_is_page(item) for item in items) or all(_is_comment(item) for item in items)
    )


def _comments(document: Any, problems: Problems) -> tuple[list[tuple[Location, Any]], list[str]]:
    """Every comment with its place in the file, and the API errors the pages reported."""
    items = items_of(document)
    if all(_is_comment(item) for item in items):
        return [((index,), item) for index, item in enumerate(items)], []
    found: list[tuple[Location, Any]] = []
    errors: list[str] = []
    for index, page in enumerate(items):
        prefix: Location = (index,) if isinstance(document, list) else ()
        if not _is_page(page):
            problems.add(prefix, "not a Research API page {data: {comments, has_more, cursor}}")
            continue
        error = page.get("error") if isinstance(page.get("error"), dict) else {}
        if error.get("code") not in (None, "ok"):
            where = f"page {index}: " if prefix else ""
            errors.append(f"{where}API error {error.get('code')}: {error.get('message', '')}")
        comments = page["data"]["comments"]
        found.extend(((*prefix, "data", "comments", i), c) for i, c in enumerate(comments))
    return found, errors


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    problems = Problems(NAME)
    located, api_errors = _comments(payload.json(), problems)
    if not located and api_errors:
        raise InvalidInput(
            "the Research API returned errors and no comments: " + "; ".join(api_errors),
            [Problem(("error",), message) for message in api_errors],
        )
    videos: dict[str, ThreadDraft] = {}
    for loc, raw in located:
        _read(raw, loc, videos, problems)
    problems.raise_if_any()
    without_parent = not any("parent_comment_id" in raw for _, raw in located)
    for video in videos.values():
        if without_parent:
            video.limit("parent_comment_id was not requested: every comment reads as top-level")
        for message in api_errors:
            video.limit(f"some pages failed, so comments may be missing ({message})")
        settle_owner(video, NO_HANDLE)
    return finish_videos(videos.values(), options, NAME, SOURCE_LIMITS)


def _read(raw: Any, loc: Location, videos: dict[str, ThreadDraft], problems: Problems) -> None:
    if not _is_comment(raw):
        problems.add(loc, "not a comment: needs id, video_id, text and only Research API fields")
        return
    comment_id, video_id = as_id(raw["id"]), as_id(raw["video_id"])
    if comment_id is None or video_id is None:
        problems.add(loc, f"id and video_id must be ids, not {raw['id']!r} / {raw['video_id']!r}")
        return
    subject = f"comment {comment_id}"
    text = problems.required_text(raw, "text", loc, subject)
    if text is None:
        return
    created_at = problems.time(raw.get("create_time"), (*loc, "create_time"), subject)
    video = videos.get(video_id) or videos.setdefault(video_id, video_draft(video_id))
    video.rows_read += 1
    parent = as_id(raw.get("parent_comment_id"))
    # Top-level comments name the video as their parent; treat an absent or 0 parent the same way.
    top_level = parent is None or parent in _NO_PARENT or parent == video_id
    comment = flattened_comment(
        comment_id,
        None if top_level else parent,
        author=None,  # the API names no author
        text=text,
        created_at=created_at,
        like_count=as_count(raw.get("like_count")),
    )
    video.add(comment, announced_replies=as_count(raw.get("reply_count")) if top_level else None)


FORMAT = ImportFormat(
    name=NAME,
    description=(
        "TikTok Research API video comment list: a page {data: {comments: [{id, video_id, text, "
        "like_count, reply_count, parent_comment_id, create_time}], has_more, cursor}, error}, "
        "an array of pages, or a bare array of comments"
    ),
    detect=_detect,
    parse=_parse,
    flattened=True,
)
