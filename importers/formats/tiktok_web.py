"""TikTok's own web comment JSON, as the site's /api/comment/list/ endpoints return it.

Accepted as a JSON array of comment objects, an API response `{comments: [...], cursor, has_more}`
(or an array of them), or JSON Lines: Zeeschuimer's envelope `{..., "source_platform":
"tiktok-comments", "data": {comment}}` or 4CAT's unwrapped `{comment..., "__import_meta": {...}}`.

A comment has `cid`, `aweme_id` (the video), `text`, `create_time`, `digg_count`, `reply_id` ("0"
for a top-level comment, else the top-level comment's cid), `reply_to_reply_id` ("0" when it
answers the top-level comment, else the reply it answers), `reply_comment_total` and
`user{uid, unique_id, nickname}`. Unlike the scrapers, this names the reply a reply answers.
The video's owner is the @handle in `share_info.url` or in the URL of the page the comments were
captured from; their uid is known where they commented under that handle.
"""

from __future__ import annotations

from typing import Any

from importers.base import ImportedThread, ImportFormat, ImportOptions, Location
from importers.payload import Payload
from importers.toolkit.detection import sniff_document, sniff_first_record
from importers.toolkit.drafts import ThreadDraft, flattened_comment
from importers.toolkit.problems import Problems
from importers.toolkit.tiktok import (
    finish_videos,
    note_owner,
    settle_owner,
    url_without_query,
    video_draft,
)
from importers.toolkit.values import (
    as_count,
    as_id,
    has_keys,
    items_of,
    nested_object,
    nonempty_text,
)

NAME = "tiktok_web"
ZEESCHUIMER_PLATFORM = "tiktok-comments"
_COMMENT_KEYS = frozenset({"cid", "aweme_id", "text"})
_NONE = (None, "", "0")
NO_HANDLE = "neither share_info.url nor the captured page's URL names the owner's @handle"
SOURCE_LIMITS = (
    "TikTok shows replies two levels deep; reply_to_reply_id names the reply a reply answers",
    "only the comments the page loaded (or the API pages saved) are present: compare announced "
    "and received replies",
)


def _is_comment(item: Any) -> bool:
    return has_keys(item, _COMMENT_KEYS)


def _is_envelope(item: Any) -> bool:
    return (
        isinstance(item, dict) and "source_platform" in item and isinstance(item.get("data"), dict)
    )


def _is_response(item: Any) -> bool:
    if not isinstance(item, dict) or _is_comment(item):
        return False
    comments = item.get("comments")
    return isinstance(comments, list) and all(_is_comment(c) for c in comments[:5])


def _detect(payload: Payload) -> bool:
    document = sniff_document(payload)
    if document is not None:
        items = items_of(document)
        if all(_is_comment(item) for item in items):
            return bool(items)
        # Responses whose comment arrays are all empty hold nothing that proves the format.
        return all(_is_response(i) for i in items) and any(i["comments"] for i in items)
    first = sniff_first_record(payload)
    if _is_envelope(first):
        return bool(first["source_platform"] == ZEESCHUIMER_PLATFORM and _is_comment(first["data"]))
    return _is_comment(first)


def _post_key(record: Any) -> str | None:
    """The video of a record's comments: a comment's (or Zeeschuimer envelope's) aweme_id; for an
    API response, its first comment's (a /api/comment/list/ page is one video's)."""
    comment = record.get("data") if _is_envelope(record) else record
    if _is_response(comment):
        comment = next(iter(comment["comments"]), None)
    return as_id(comment.get("aweme_id")) if isinstance(comment, dict) else None


def _one_line_record(payload: Payload) -> bool:
    """JSON Lines of one record (a video read out of a large file may be one comment), rather
    than one object of comments (an API response saved on one line)."""
    document = payload.json()
    return payload.on_one_line() and isinstance(document, dict) and not _is_response(document)


def _located(payload: Payload, problems: Problems) -> list[tuple[Location, Any, str | None]]:
    """(place in the file, comment object, the page URL it was captured from) for every comment."""
    found: list[tuple[Location, Any, str | None]] = []
    if payload.looks_like_json_document() and not _one_line_record(payload):
        document = payload.json()
        for index, item in enumerate(items_of(document)):
            prefix: Location = (index,) if isinstance(document, list) else ()
            if _is_response(item):
                found.extend(
                    ((*prefix, "comments", i), c, None) for i, c in enumerate(item["comments"])
                )
            else:
                found.append((prefix, item, None))
        return found
    for number, record in payload.json_lines():
        loc: Location = ("line", number)
        if not _is_envelope(record):
            meta = record.get("__import_meta") if isinstance(record, dict) else None
            page = meta.get("source_platform_url") if isinstance(meta, dict) else None
            found.append((loc, record, page))
        elif record["source_platform"] != ZEESCHUIMER_PLATFORM:
            problems.add(
                loc,
                f"captured by Zeeschuimer's {record['source_platform']!r} module, not "
                f"{ZEESCHUIMER_PLATFORM!r}: export the TikTok (comments) module on its own",
            )
        else:
            found.append((loc, record["data"], record.get("source_platform_url")))
    return found


def _with_inline_replies(
    located: list[tuple[Location, Any, str | None]],
) -> list[tuple[Location, Any, str | None]]:
    # /api/comment/list/ inlines a top-level comment's first replies in `reply_comment`.
    expanded: list[tuple[Location, Any, str | None]] = []
    for loc, comment, page in located:
        expanded.append((loc, comment, page))
        inline = comment.get("reply_comment") if isinstance(comment, dict) else None
        if isinstance(inline, list):
            expanded.extend(((*loc, "reply_comment", i), r, page) for i, r in enumerate(inline))
    return expanded


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    problems = Problems(NAME)
    located = _with_inline_replies(_located(payload, problems))
    rows_by_video: dict[str, list[tuple[Location, dict[str, Any], str | None]]] = {}
    for loc, comment, page in located:
        video_id = as_id(comment.get("aweme_id")) if _is_comment(comment) else None
        if video_id is None or as_id(comment.get("cid")) is None:
            problems.add(loc, "not a TikTok comment: cid, aweme_id and text are required")
            continue
        rows_by_video.setdefault(video_id, []).append((loc, comment, page))
    videos = [_video(video_id, rows, problems) for video_id, rows in rows_by_video.items()]
    problems.raise_if_any()
    return finish_videos(videos, options, NAME, SOURCE_LIMITS)


def _video(
    video_id: str, rows: list[tuple[Location, dict[str, Any], str | None]], problems: Problems
) -> ThreadDraft:
    video = video_draft(video_id)
    present = {as_id(comment["cid"]) for _, comment, _ in rows}
    unknown_targets = 0
    for loc, comment, page in rows:
        video.rows_read += 1
        share_info = nested_object(comment, "share_info")
        if share_info and video.url is None:
            video.url = url_without_query(share_info.get("url"))
            video.title = nonempty_text(share_info.get("title"))
        video.url = video.url or url_without_query(page)
        note_owner(video, share_info.get("url"))
        note_owner(video, page)
        replied = as_id(comment.get("reply_to_reply_id"))
        if replied not in _NONE and replied not in present:
            unknown_targets += 1
            replied = None
        _read(comment, loc, replied if replied not in _NONE else None, video, problems)
    if unknown_targets:
        video.limit(
            f"{unknown_targets} replies answer a reply that is not in the file; they are kept "
            "under their top-level comment"
        )
    settle_owner(video, NO_HANDLE)
    return video


def _read(
    raw: dict[str, Any], loc: Location, replied: str | None, video: ThreadDraft, problems: Problems
) -> None:
    comment_id = as_id(raw["cid"])
    assert comment_id is not None  # checked by the caller
    subject = f"comment {comment_id}"
    text = problems.required_text(raw, "text", loc, subject)
    if text is None:
        return
    created_at = problems.time(raw.get("create_time"), (*loc, "create_time"), subject)
    user = nested_object(raw, "user")
    parent = as_id(raw.get("reply_id"))
    top_level = parent is None or parent in _NONE
    video.add(
        flattened_comment(
            comment_id,
            None if top_level else parent,
            author=as_id(user.get("uid")),
            text=text,
            created_at=created_at,
            author_name=nonempty_text(user.get("unique_id")),
            like_count=as_count(raw.get("digg_count")),
            answered_reply=None if top_level or replied == parent else replied,
        ),
        announced_replies=as_count(raw.get("reply_comment_total")) if top_level else None,
    )


FORMAT = ImportFormat(
    name=NAME,
    description=(
        "TikTok web comment JSON ({cid, aweme_id, text, create_time, reply_id, reply_to_reply_id, "
        "user{uid, unique_id}}): an array, /api/comment/list/ responses, or Zeeschuimer / 4CAT "
        "NDJSON"
    ),
    detect=_detect,
    parse=_parse,
    flattened=True,
    post_key=_post_key,
)
