"""4CAT's TikTok-comments dataset as exported after mapping: CSV, or NDJSON of the mapped items.

Columns (4CAT `search_tiktok_comments.map_item`): `id` (cid), `thread_id` (the video id for a
top-level comment, else the top-level comment's cid), `author` (the @handle), `author_full`
(nickname), `body`, `timestamp`, `unix_timestamp`, `likes`, `replies`, `post_id`, `post_url`,
`post_body`, `is_comment_on_comment` ("yes"/"no"), … 4CAT's raw NDJSON download (TikTok's own
objects) is read by the tiktok_web importer instead. The video's owner is the @handle in
`post_url` (or the page it was collected from, `collected_from_url`); as author ids are handles,
that handle is also the owner's author id.
"""

from __future__ import annotations

import re
from typing import Any

from importers.base import ImportedThread, ImportFormat, ImportOptions, Location
from importers.payload import Payload
from importers.toolkit.csv_rows import read_csv
from importers.toolkit.detection import has_columns, sniff_first_record
from importers.toolkit.drafts import ThreadDraft, flattened_comment
from importers.toolkit.problems import Problems
from importers.toolkit.tiktok import (
    finish_videos,
    note_owner,
    settle_owner,
    url_without_query,
    video_draft,
)
from importers.toolkit.values import as_count, as_id, has_keys, nonempty_text

NAME = "tiktok_4cat"
_REQUIRED = frozenset({"id", "thread_id", "author", "body", "post_id", "is_comment_on_comment"})
_YES, _NO = ("yes", "true", "1"), ("no", "false", "0")
# 4CAT writes "@<uid>" when TikTok gave no handle.
_UID_FALLBACK = re.compile(r"^@(\d+)$")
NO_HANDLE = "neither post_url nor collected_from_url names the owner's @handle"
SOURCE_LIMITS = (
    "4CAT's mapping drops reply_to_reply_id: replies point at their top-level comment and the "
    "reply they answer is inferred from a leading @handle (the raw NDJSON has exact targets)",
)


def _detect(payload: Payload) -> bool:
    first = sniff_first_record(payload)
    if isinstance(first, dict):
        return has_keys(first, _REQUIRED)
    return has_columns(payload, _REQUIRED)


def _post_key(record: Any) -> str | None:
    return as_id(record.get("post_id")) if isinstance(record, dict) else None


def _records(payload: Payload) -> list[tuple[Location, Any]]:
    if payload.opening() == "{":
        return [(("line", number), record) for number, record in payload.json_lines()]
    _, rows = read_csv(payload)
    return [(("row", index), row) for index, row in enumerate(rows, start=1)]


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    problems = Problems(NAME)
    videos: dict[str, ThreadDraft] = {}
    timestamp_column_used = False
    for loc, record in _records(payload):
        video_id = as_id(record.get("post_id")) if isinstance(record, dict) else None
        if video_id is None:
            problems.add(loc, "not a 4CAT TikTok comment: post_id is missing")
            continue
        video = videos.get(video_id)
        if video is None:
            url = url_without_query(record.get("post_url"))
            video = videos[video_id] = video_draft(
                video_id, url, nonempty_text(record.get("post_body"))
            )
        note_owner(video, record.get("post_url"))
        note_owner(video, record.get("collected_from_url"))
        timestamp_column_used |= _read(record, loc, video, problems)
    problems.raise_if_any()
    for video in videos.values():
        settle_owner(video, NO_HANDLE, handle_is_id=True)
    limits = list(SOURCE_LIMITS)
    if timestamp_column_used:
        limits.append(
            "unix_timestamp was empty, so 4CAT's timestamp text (the 4CAT server's local time) "
            "was read as UTC"
        )
    return finish_videos(videos.values(), options, NAME, limits)


def _read(record: dict[str, Any], loc: Location, video: ThreadDraft, problems: Problems) -> bool:
    """Add one comment; True when its time came from the zone-less `timestamp` column."""
    comment_id = as_id(record.get("id"))
    if comment_id is None:
        problems.add((*loc, "id"), "the comment id is missing")
        return False
    subject = f"comment {comment_id}"
    text = record.get("body")
    if not isinstance(text, str):
        problems.add((*loc, "body"), f"{subject}: body must be text, not {text!r}")
        return False
    video.rows_read += 1
    unix_time = record.get("unix_timestamp")
    from_text = unix_time in (None, "")
    column = "timestamp" if from_text else "unix_timestamp"
    created_at = problems.time(record.get(column), (*loc, column), subject)
    flag = str(record.get("is_comment_on_comment")).strip().lower()
    parent = as_id(record.get("thread_id"))
    top_level = flag in _NO
    if not top_level and not (flag in _YES and parent not in (None, video.external_id)):
        problems.add(
            (*loc, "is_comment_on_comment"),
            f"{subject}: is_comment_on_comment {record.get('is_comment_on_comment')!r} with "
            f"thread_id {record.get('thread_id')!r} does not say which comment it answers",
        )
        return from_text
    author, author_name = _author(record)
    video.add(
        flattened_comment(
            comment_id,
            None if top_level else parent,
            author=author,
            text=text,
            created_at=created_at,
            author_name=author_name,
            like_count=as_count(record.get("likes")),
        ),
        announced_replies=as_count(record.get("replies")) if top_level else None,
    )
    return from_text


def _author(record: dict[str, Any]) -> tuple[str | None, str | None]:
    """(author id, display name): the handle is the id; a bare "@<uid>" means no handle."""
    handle = nonempty_text(record.get("author"))
    nickname = nonempty_text(record.get("author_full"))
    if handle is not None and (uid := _UID_FALLBACK.match(handle)):
        return uid.group(1), nickname
    return handle, nickname if nickname != handle else None


FORMAT = ImportFormat(
    name=NAME,
    description=(
        "4CAT TikTok-comments export (CSV or NDJSON of mapped items): id, thread_id, author, "
        "author_full, body, unix_timestamp, likes, replies, post_id, post_url, "
        "is_comment_on_comment"
    ),
    detect=_detect,
    parse=_parse,
    flattened=True,
    post_key=_post_key,
)
