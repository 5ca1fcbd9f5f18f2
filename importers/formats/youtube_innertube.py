"""YouTube web (Innertube) `/youtubei/v1/next` responses: the JSON the watch page loads comments
with.

Comments are entities at
`frameworkUpdates.entityBatchUpdate.mutations[].payload.commentEntityPayload`. A response is one
page (about 20 comment threads, or 10 replies of one thread), so an upload may be one response or
a JSON array of the responses of one video. Each response may be bare, wrapped as
`{"response": {...}}`, or recorded by NewPipe as
`{"request", "response": {"responseBody": "<json text>"}}`.

The video's channel (its creator, and their handle) is named by the watch page's
`videoOwnerRenderer`, or by a comment whose author is marked `isCreator`.
"""

from __future__ import annotations

import json
from typing import Any

from importers.base import ImportedThread, ImportFormat, ImportOptions, Location
from importers.payload import Payload
from importers.toolkit.creators import account_handle, unidentified
from importers.toolkit.detection import sniff_items
from importers.toolkit.drafts import FirstCopies, ThreadDraft, flattened_comment
from importers.toolkit.problems import Problems, place, refusal
from importers.toolkit.reports import finish_drafts
from importers.toolkit.values import JsonObject, display_count, items_of
from importers.toolkit.youtube import SCRAPED_FLATTENED_LIMIT, identify_video, reply_parent
from nlp.thread import Platform

NAME = "youtube_innertube"
NO_OWNER = unidentified(
    "no watch page (videoOwnerRenderer) and no comment by an author marked isCreator"
)


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


def _detect(payload: Payload) -> bool:
    """Every page holds a /next response, and one of them a comment. Stops at the first item
    that is no page: detection asks every format, and another format's file has many items."""
    responses = []
    for page in sniff_items(payload):
        response = _unwrap(page)
        if response is None:
            return False
        responses.append(response)
    return any(_comment_entities(response) for response in responses)


def _page_video_ids(response: JsonObject) -> set[str]:
    """The video named by a watch page, or by the timestamp links of a comment page."""
    candidates = [_dig(response, "currentVideoEndpoint", "watchEndpoint", "videoId")]
    for mutation in _mutations(response):
        surface = _dig(mutation, "payload", "commentSurfaceEntityPayload")
        link = _dig(surface, "publishedTimeCommand", "innertubeCommand", "watchEndpoint")
        candidates.append(_dig(link, "videoId"))
    return {video_id for video_id in candidates if isinstance(video_id, str) and video_id}


def _read_watch_page(response: JsonObject, draft: ThreadDraft) -> None:
    """Title and owner, which only the first (watch page) response carries."""
    contents = _dig(response, "contents", "twoColumnWatchNextResults", "results", "results")
    for item in _dig(contents, "contents") or []:
        runs = _dig(item, "videoPrimaryInfoRenderer", "title", "runs")
        if isinstance(runs, list) and draft.title is None:
            draft.title = "".join(str(_dig(run, "text") or "") for run in runs) or None
        owner = _dig(
            item, "videoSecondaryInfoRenderer", "owner", "videoOwnerRenderer", "navigationEndpoint"
        )
        owner_id = _dig(owner, "browseEndpoint", "browseId")
        if isinstance(owner_id, str) and draft.creator is None:
            draft.creator = owner_id


def _read_comment(loc: Location, entity: Any, draft: ThreadDraft, problems: Problems) -> None:
    comment_id = _dig(entity, "properties", "commentId")
    where = place(loc)
    if not isinstance(comment_id, str) or not comment_id.strip():
        problems.add((*loc, "properties", "commentId"), f"{where}: properties.commentId is missing")
        return
    subject = f"{where} (comment {comment_id!r})"
    text = _dig(entity, "properties", "content", "content")
    parent = reply_parent(comment_id)
    level = _dig(entity, "properties", "replyLevel")
    if not isinstance(text, str):
        problems.add((*loc, "properties", "content"), f"{subject}: content.content is missing")
        return
    if isinstance(level, int) and (level > 0) != (parent is not None):
        problems.add(
            (*loc, "properties", "replyLevel"),
            f"{subject}: replyLevel {level} contradicts the comment id",
        )
        return
    author = _dig(entity, "author", "channelId")
    name = _dig(entity, "author", "displayName")
    comment = flattened_comment(
        comment_id,
        parent,
        author=author if isinstance(author, str) and author else None,
        text=text,
        author_name=name if isinstance(name, str) and name else None,
        # "Notliked" is the count as a viewer who has not liked it sees it: the real count.
        like_count=display_count(_dig(entity, "toolbar", "likeCountNotliked")),
    )
    if not draft.add(comment):
        return
    if _dig(entity, "author", "isCreator") is True and isinstance(author, str):
        draft.creator = author
    if parent is None:
        draft.announce(display_count(_dig(entity, "toolbar", "replyCount")) or 0)


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    document = payload.json()
    responses = [_unwrap(page) for page in items_of(document)]
    video_ids: set[str] = set()
    for response in responses:
        video_ids |= _page_video_ids(response) if response is not None else set()
    video = identify_video(options, next(iter(video_ids), None), payload.filename)
    draft = ThreadDraft(
        video.external_id,
        url=video.url,
        first_copies=FirstCopies("duplicate commentId (the first was kept)"),
        announced_replies=0,
    )
    problems = Problems(NAME)
    for index, response in enumerate(responses):
        prefix: Location = ("page", index) if isinstance(document, list) else ()
        if response is None:
            where = f"page {index}" if prefix else "the body"
            problems.add(prefix or ("body",), f"{where} is not a YouTube /next response")
            continue
        _read_watch_page(response, draft)
        for mutation_index, entity in _comment_entities(response):
            draft.rows_read += 1
            _read_comment((*prefix, "mutation", mutation_index), entity, draft, problems)
    problems.raise_if_any()
    if len(video_ids) > 1 and not options.external_id:
        names = ", ".join(sorted(video_ids))
        raise refusal(
            ("body",),
            f"several videos: {names}",
            f"the pages belong to several videos ({names}); upload each video's pages separately",
        )
    if not draft.comments:
        raise refusal(
            ("body",),
            "no commentEntityPayload in frameworkUpdates",
            "no comments in this /next response (the watch page alone does not load them)",
        )
    draft.creator_handle = account_handle(Platform.YOUTUBE, draft.creator)
    draft.limits = _limits(draft, video.limit)
    return finish_drafts([draft], options, NAME, Platform.YOUTUBE, count_received=True)


def _limits(draft: ThreadDraft, video_limit: str | None) -> list[str]:
    limits = [
        SCRAPED_FLATTENED_LIMIT,
        "a /next response is one page (about 20 threads, or 10 replies of one thread): upload all "
        "of a video's responses as one JSON array to import more of it",
        "times are relative ('4 years ago'): comments have no timestamp, so the analysis uses "
        "page order",
        "like and reply counts are rounded as the page shows them ('9.8k')",
    ]
    orphans = draft.orphan_replies()
    if orphans:
        limits.append(
            f"{orphans} replies belong to a top-level comment that is not in the upload: a page "
            "holds only part of a thread"
        )
    if draft.creator_handle is None:
        limits.append(NO_OWNER)
    if video_limit:
        limits.append(video_limit)
    return limits


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
