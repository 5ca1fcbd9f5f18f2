"""Apify's TikTok comments scraper (clockworks/tiktok-comments-scraper): a JSON array of flat rows.

Each row is one comment: `cid`, `repliesToId` (null for a top-level comment, else the top-level
comment's cid), `uid`, `uniqueId`, `createTime`, `text`, `diggCount`, `replyCommentTotal`,
`videoWebUrl`. A video that could not be scraped leaves an error row `{url, input, error}`. The
dataset can also be exported as JSON Lines, which is read the same way. The video's owner is
named only by the @handle in its URL; their uid is known where they commented under it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from importers.base import ImportedThread, ImportFormat, ImportOptions, Location
from importers.payload import Payload
from importers.timeparse import TimestampError, parse_timestamp
from importers.toolkit.detection import sniff_document, sniff_first_record
from importers.toolkit.drafts import ThreadDraft, flattened_comment
from importers.toolkit.identity import fallback_external_id
from importers.toolkit.problems import Problems, refusal, time_problem
from importers.toolkit.tiktok import (
    finish_videos,
    note_owner,
    settle_owner,
    url_without_query,
    video_draft,
    video_id_from_url,
)
from importers.toolkit.values import as_count, as_id, has_keys, nonempty_text

NAME = "tiktok_apify"
_COMMENT_KEYS = frozenset({"cid", "repliesToId", "uid", "createTime", "text"})
_ERROR_KEYS = frozenset({"url", "input", "error"})
ERROR_ROW = "error row"
NOT_A_ROW = "not a comment row: it has no cid and is not an {url, input, error} row"
NO_HANDLE = "no videoWebUrl, submittedVideoUrl or error row url names the owner's @handle"
SOURCE_LIMITS = (
    "TikTok flattens reply chains: Apify names only the top-level comment a reply sits under; "
    "the reply it answers is inferred from a leading @handle",
    "TikTok writes a reply's @mention with the display name, which Apify does not export, so "
    "most @mentions match no handle and those replies stay under the top-level comment",
    "the scraper stops at its commentsPerPost / maxRepliesPerComment settings, so long threads "
    "may be cut (compare announced and received replies)",
)


def _is_error_row(item: Any) -> bool:
    # Other Apify actors write the same error shape; only a TikTok URL makes it ours.
    return (
        isinstance(item, dict)
        and set(item) == _ERROR_KEYS
        and "tiktok.com" in str(item.get("url", ""))
    )


def _detect(payload: Payload) -> bool:
    document = sniff_document(payload)
    if document is None:
        return has_keys(sniff_first_record(payload), _COMMENT_KEYS)
    if not isinstance(document, list) or not document:
        return False
    return any(has_keys(item, _COMMENT_KEYS) for item in document[:50]) or all(
        _is_error_row(item) for item in document
    )


def _post_key(row: Any) -> str | None:
    """The video a row names, as `_parse` files it: an error row by its url."""
    if not isinstance(row, dict):
        return None
    if "error" in row and "cid" not in row:
        return video_id_from_url(row.get("url") or row.get("input"))
    return video_id_from_url(row.get("videoWebUrl") or row.get("submittedVideoUrl"))


def _rows(payload: Payload) -> tuple[str, Iterable[tuple[int, Any]]]:
    """What a row's location calls it ("row", "line") and the rows by their number."""
    if payload.looks_like_json_document() and not _one_line_object(payload):
        document = payload.json()
        if not isinstance(document, list):
            raise refusal(
                ("body",),
                "expected a JSON array",
                "an Apify TikTok export is a JSON array of comment rows",
            )
        return "row", enumerate(document)
    return "line", payload.json_lines()


def _one_line_object(payload: Payload) -> bool:
    """JSON Lines of one row (a post read out of a large file may be one comment)."""
    return payload.on_one_line() and isinstance(payload.json(), dict)


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    problems = Problems(NAME)
    videos: dict[str, ThreadDraft] = {}
    # The rows of a file mostly name one video URL: each URL is read once.
    video_by_url: dict[str, ThreadDraft] = {}
    # Rows are grouped by the video they name; a request's external_id renames the result.
    fallback = fallback_external_id(payload.filename)

    def video_for(url: object) -> ThreadDraft:
        named = video_id_from_url(url)
        external_id = named or fallback.value
        video = videos.get(external_id)
        if video is None:
            video = videos[external_id] = video_draft(external_id, url_without_query(url))
            if named is None:
                video.limit(fallback.limit("video"))
        return video

    kind, rows = _rows(payload)
    for number, row in rows:
        if not isinstance(row, dict):
            problems.add((kind, number), NOT_A_ROW)
            continue
        cid = row.get("cid")
        if "error" in row and "cid" not in row:
            video = video_for(row.get("url") or row.get("input"))
            note_owner(video, row.get("url") or row.get("input"))
            video.skip(ERROR_ROW)
            video.limit(f"Apify could not scrape {row.get('input')}: {row.get('error')}")
            continue
        comment_id = as_id(cid)
        if comment_id is None:
            problems.add((kind, number), NOT_A_ROW)
            continue
        web_url = row.get("videoWebUrl")
        url = web_url or row.get("submittedVideoUrl")
        known = video_by_url.get(url) if type(url) is str else None
        video = known if known is not None else video_for(url)
        if known is None and type(url) is str:
            video_by_url[url] = video
        if video.creator_handle is None:
            note_owner(video, web_url)
            note_owner(video, row.get("submittedVideoUrl"))
        video.rows_read += 1
        _read_comment(row, comment_id, (kind, number), video, problems)
    problems.raise_if_any()
    for video in videos.values():
        settle_owner(video, NO_HANDLE)
    return finish_videos(videos.values(), options, NAME, SOURCE_LIMITS)


def _read_comment(
    row: dict[str, Any],
    comment_id: str,
    loc: Location,
    video: ThreadDraft,
    problems: Problems,
) -> None:
    text = row.get("text")
    if not isinstance(text, str):
        problems.add((*loc, "text"), f"comment {comment_id}: text must be a string, not {text!r}")
        return
    when = row.get("createTime") or row.get("createTimeISO")
    try:
        created_at = parse_timestamp(when)
    except TimestampError:
        problems.extend((time_problem(when, (*loc, "createTime"), f"comment {comment_id}"),))
        created_at = None
    parent = row.get("repliesToId")
    top_level = parent is None or parent == ""
    parent_id = None if top_level else as_id(parent)
    if not top_level and parent_id is None:
        problems.add(
            (*loc, "repliesToId"), f"comment {comment_id}: repliesToId is not an id: {parent!r}"
        )
        return
    video.add(
        flattened_comment(
            comment_id,
            parent_id,
            author=as_id(row.get("uid")),
            text=text,
            created_at=created_at,
            author_name=nonempty_text(row.get("uniqueId")),
            like_count=as_count(row.get("diggCount")),
        ),
        announced_replies=as_count(row.get("replyCommentTotal")) if top_level else None,
    )


FORMAT = ImportFormat(
    name=NAME,
    description=(
        "Apify TikTok comments scraper (clockworks/tiktok-comments-scraper): a JSON array (or JSON "
        "Lines) of rows {cid, repliesToId, uid, uniqueId, createTime, text, diggCount, "
        "replyCommentTotal, videoWebUrl}; error rows {url, input, error} are counted and skipped"
    ),
    detect=_detect,
    parse=_parse,
    flattened=True,
    post_key=_post_key,
)
