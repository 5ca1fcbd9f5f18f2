"""YouTube web (Innertube) `/youtubei/v1/next` responses: the JSON the watch page loads comments
with.

Comments are entities at
`frameworkUpdates.entityBatchUpdate.mutations[].payload.commentEntityPayload`. A response is one
page (about 20 comment threads, or 10 replies of one thread), so an upload may be one response or
a JSON array of the responses of one video. Each response may be bare, wrapped as
`{"response": {...}}`, or recorded by NewPipe as
`{"request", "response": {"responseBody": "<json text>"}}`.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from importers.base import (
    ImportedThread,
    ImportFormat,
    ImportOptions,
    ImportReport,
    InvalidInput,
    JsonObject,
    Location,
    Problem,
    count_skips,
)
from importers.common import platform_override, raise_problems
from importers.common_values import FirstCopies, display_count, flattened_comment
from importers.formats._youtube_scraped import (
    FLATTENED_REPLIES_LIMIT,
    identify_video,
    reply_parent,
)
from importers.payload import Payload, PayloadError
from nlp.thread import Comment, Platform, Thread

NAME = "youtube_innertube"


def _dig(value: Any, *path: str | int) -> Any:
    """value[path[0]][path[1]]…, or None as soon as a step is missing or of the wrong kind."""
    for step in path:
        if isinstance(step, str) and isinstance(value, dict):
            value = value.get(step)
        elif isinstance(step, int) and isinstance(value, list) and -len(value) <= step < len(value):
            value = value[step]
        else:
            return None
    return value


def _unwrap(page: Any) -> JsonObject | None:
    """The /next response held by one page of the upload, or None if it holds none."""
    if not isinstance(page, dict):
        return None
    if "responseContext" in page:
        return page
    response = page.get("response")
    body = _dig(response, "responseBody")
    if isinstance(body, str):  # NewPipe's recorded mocks keep the body as a JSON string
        try:
            response = json.loads(body)
        except json.JSONDecodeError:
            return None
    return response if isinstance(response, dict) and "responseContext" in response else None


def _mutations(response: JsonObject) -> list[Any]:
    mutations = _dig(response, "frameworkUpdates", "entityBatchUpdate", "mutations")
    return mutations if isinstance(mutations, list) else []


def _comment_entities(response: JsonObject) -> list[tuple[int, Any]]:
    """(mutation index, commentEntityPayload) for every comment in the response."""
    found = []
    for index, mutation in enumerate(_mutations(response)):
        entity = _dig(mutation, "payload", "commentEntityPayload")
        if entity is not None:
            found.append((index, entity))
    return found


def _pages(document: Any) -> list[Any]:
    return document if isinstance(document, list) else [document]


def _detect(payload: Payload) -> bool:
    try:
        if not payload.text.lstrip().startswith(("{", "[")):
            return False
        document = payload.json()
    except PayloadError:
        return False
    responses = [_unwrap(page) for page in _pages(document)]
    if not responses or any(response is None for response in responses):
        return False
    return any(_comment_entities(response) for response in responses if response is not None)


@dataclass
class _Collected:
    """What the pages of one upload say, gathered before the thread is built."""

    comments: list[Comment] = field(default_factory=list)
    first_copies: FirstCopies = field(
        default_factory=lambda: FirstCopies("duplicate commentId (the first was kept)")
    )
    announced_replies: int = 0
    video_ids: set[str] = field(default_factory=set)
    title: str | None = None
    creator: str | None = None
    rows_read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)


def _page_video_ids(response: JsonObject) -> set[str]:
    """The video named by a watch page, or by the timestamp links of a comment page."""
    candidates = [_dig(response, "currentVideoEndpoint", "watchEndpoint", "videoId")]
    for mutation in _mutations(response):
        surface = _dig(mutation, "payload", "commentSurfaceEntityPayload")
        link = _dig(surface, "publishedTimeCommand", "innertubeCommand", "watchEndpoint")
        candidates.append(_dig(link, "videoId"))
    return {video_id for video_id in candidates if isinstance(video_id, str) and video_id}


def _read_watch_page(response: JsonObject, collected: _Collected) -> None:
    """Title and owner, which only the first (watch page) response carries."""
    contents = _dig(response, "contents", "twoColumnWatchNextResults", "results", "results")
    for item in _dig(contents, "contents") or []:
        runs = _dig(item, "videoPrimaryInfoRenderer", "title", "runs")
        if isinstance(runs, list) and collected.title is None:
            collected.title = "".join(str(_dig(run, "text") or "") for run in runs) or None
        owner = _dig(
            item, "videoSecondaryInfoRenderer", "owner", "videoOwnerRenderer", "navigationEndpoint"
        )
        owner_id = _dig(owner, "browseEndpoint", "browseId")
        if isinstance(owner_id, str) and collected.creator is None:
            collected.creator = owner_id


def _read_comment(loc: Location, entity: Any, collected: _Collected) -> None:
    comment_id = _dig(entity, "properties", "commentId")
    where = " ".join(str(part) for part in loc)
    if not isinstance(comment_id, str) or not comment_id.strip():
        collected.problems.append(
            Problem((*loc, "properties", "commentId"), f"{where}: properties.commentId is missing")
        )
        return
    subject = f"{where} (comment {comment_id!r})"
    text = _dig(entity, "properties", "content", "content")
    parent = reply_parent(comment_id)
    level = _dig(entity, "properties", "replyLevel")
    if not isinstance(text, str):
        collected.problems.append(
            Problem((*loc, "properties", "content"), f"{subject}: content.content is missing")
        )
        return
    if isinstance(level, int) and (level > 0) != (parent is not None):
        collected.problems.append(
            Problem(
                (*loc, "properties", "replyLevel"),
                f"{subject}: replyLevel {level} contradicts the comment id",
            )
        )
        return
    if not collected.first_copies.keep(comment_id, collected.skipped):
        return
    author = _dig(entity, "author", "channelId")
    if _dig(entity, "author", "isCreator") is True and isinstance(author, str):
        collected.creator = author
    if parent is None:
        collected.announced_replies += display_count(_dig(entity, "toolbar", "replyCount")) or 0
    name = _dig(entity, "author", "displayName")
    collected.comments.append(
        flattened_comment(
            comment_id,
            parent,
            author=author if isinstance(author, str) and author else None,
            text=text,
            author_name=name if isinstance(name, str) and name else None,
            # "Notliked" is the count as a viewer who has not liked it sees it: the real count.
            like_count=display_count(_dig(entity, "toolbar", "likeCountNotliked")),
        )
    )


def _collect(document: Any) -> _Collected:
    collected = _Collected()
    pages = _pages(document)
    for index, page in enumerate(pages):
        prefix: Location = ("page", index) if isinstance(document, list) else ()
        response = _unwrap(page)
        if response is None:
            where = f"page {index}" if prefix else "the body"
            collected.problems.append(
                Problem(prefix or ("body",), f"{where} is not a YouTube /next response")
            )
            continue
        collected.video_ids |= _page_video_ids(response)
        _read_watch_page(response, collected)
        for mutation_index, entity in _comment_entities(response):
            collected.rows_read += 1
            _read_comment((*prefix, "mutation", mutation_index), entity, collected)
    return collected


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    platform = platform_override(options) or Platform.YOUTUBE
    collected = _collect(payload.json())
    raise_problems(NAME, collected.problems)
    if len(collected.video_ids) > 1 and not options.external_id:
        names = ", ".join(sorted(collected.video_ids))
        raise InvalidInput(
            f"the pages belong to several videos ({names}); upload each video's pages separately",
            [Problem(("body",), f"several videos: {names}")],
        )
    if not collected.comments:
        raise InvalidInput(
            "no comments in this /next response (the watch page alone does not load them)",
            [Problem(("body",), "no commentEntityPayload in frameworkUpdates")],
        )
    found_id = next(iter(collected.video_ids), None)
    video = identify_video(options, found_id, payload.filename)
    thread = Thread(
        platform=platform,
        external_id=video.external_id,
        comments=tuple(collected.comments),
        url=video.url,
        title=collected.title,
        creator=collected.creator,
        source_format=NAME,
    )
    report = ImportReport(
        format=NAME,
        rows_read=collected.rows_read,
        comments_kept=len(collected.comments),
        skipped=count_skips(collected.skipped),
        announced_replies=collected.announced_replies,
        received_replies=sum(c.reply_to is not None for c in collected.comments),
        limits=_limits(collected, video.limit),
    )
    return [ImportedThread(thread, report)]


def _limits(collected: _Collected, video_limit: str | None) -> tuple[str, ...]:
    limits = [
        FLATTENED_REPLIES_LIMIT,
        "a /next response is one page (about 20 threads, or 10 replies of one thread): upload all "
        "of a video's responses as one JSON array to import more of it",
        "times are relative ('4 years ago'): comments have no timestamp, so the analysis uses "
        "page order",
        "like and reply counts are rounded as the page shows them ('9.8k')",
    ]
    present = {c.id for c in collected.comments}
    orphans = sum(c.reply_to is not None and c.reply_to not in present for c in collected.comments)
    if orphans:
        limits.append(
            f"{orphans} replies belong to a top-level comment that is not in the upload: a page "
            "holds only part of a thread"
        )
    if collected.creator is None:
        limits.append("no watch page and no comment by the channel owner: creator is unknown")
    if video_limit:
        limits.append(video_limit)
    return tuple(limits)


FORMAT = ImportFormat(
    name=NAME,
    description=(
        "YouTube web Innertube /next JSON (commentEntityPayload mutations), one response or a JSON "
        "array of one video's responses; bare, {response: …} or NewPipe-recorded"
    ),
    detect=_detect,
    parse=_parse,
    flattened=True,
)
