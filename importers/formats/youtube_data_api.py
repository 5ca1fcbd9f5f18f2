"""YouTube Data API v3 responses: commentThreads.list and comments.list pages, as sent.

Accepted: one page, a JSON array of pages (any mix of the two endpoints), or an array of bare
commentThread / comment resources. Replies met twice (inline in a commentThread and again from
comments.list?parentId=) are kept once. Comments are grouped into one thread per videoId; threads
on a channel itself (no videoId) are grouped by channelId.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from importers.base import (
    ImportedThread,
    ImportFormat,
    ImportOptions,
    InvalidInput,
    JsonObject,
    Location,
    Problem,
)
from importers.common import raise_problems
from importers.common_values import as_count
from importers.formats._youtube_api_groups import GroupKey, Groups
from importers.formats._youtube_common import html_to_text, read_time
from importers.payload import Payload, PayloadError
from nlp.thread import Comment, ReplyToMethod

THREAD_KIND = "youtube#commentThread"
COMMENT_KIND = "youtube#comment"
_LIST_KINDS = frozenset({"youtube#commentThreadListResponse", "youtube#commentListResponse"})
_RESOURCE_KINDS = frozenset({THREAD_KIND, COMMENT_KIND})


def _detect(payload: Payload) -> bool:
    try:
        if not payload.text.lstrip().startswith(("{", "[")):
            return False
        document = payload.json()
    except PayloadError:
        return False
    parts = document if isinstance(document, list) else [document]
    return bool(parts) and all(_is_page(part) or _is_resource(part) for part in parts)


def _is_resource(value: Any) -> bool:
    return isinstance(value, dict) and value.get("kind") in _RESOURCE_KINDS


def _is_page(value: Any) -> bool:
    if not isinstance(value, dict) or not isinstance(value.get("items"), list):
        return False
    if value.get("kind") in _LIST_KINDS:
        return True
    # Some tools drop the envelope's kind; the items still name themselves.
    items = value["items"]
    return "kind" not in value and bool(items) and _is_resource(items[0])


def _resources(document: Any) -> list[tuple[Location, Any]]:
    """Every resource in the upload, with where it sits."""
    if not isinstance(document, list):
        if _is_page(document):
            return [(("items", j), item) for j, item in enumerate(document["items"])]
        return [((), document)]
    found: list[tuple[Location, Any]] = []
    for index, part in enumerate(document):
        if _is_page(part):
            found.extend(
                (("page", index, "items", j), item) for j, item in enumerate(part["items"])
            )
        else:
            found.append((("item", index), part))
    return found


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    document = payload.json()  # a PayloadError names the line; the registry reports it
    groups = Groups(payload, options, FORMAT.name)
    problems: list[Problem] = []
    resources = _resources(document)
    # Threads first, so replies from comments.list pages find their top-level comment wherever
    # the pages sit in the upload.
    for loc, resource in resources:
        if _kind(resource) == THREAD_KIND:
            _guarded(problems, _add_thread, groups, loc, resource)
    for loc, resource in resources:
        kind = _kind(resource)
        if kind == COMMENT_KIND:
            _guarded(problems, _add_listed_comment, groups, loc, resource)
        elif kind != THREAD_KIND:
            problems.append(
                Problem((*loc, "kind"), f"{_name(loc)}: not a comment resource ({kind})")
            )
    raise_problems(FORMAT.name, problems)
    return groups.imported()


def _kind(resource: Any) -> str | None:
    kind = resource.get("kind") if isinstance(resource, dict) else None
    return kind if isinstance(kind, str) else None


def _guarded(
    problems: list[Problem],
    add: Callable[[Groups, Location, JsonObject], None],
    groups: Groups,
    loc: Location,
    item: JsonObject,
) -> None:
    try:
        add(groups, loc, item)
    except InvalidInput as exc:
        problems.extend(exc.problems)


def _name(loc: Location) -> str:
    return ".".join(str(part) for part in loc) or "the document"


def _add_thread(groups: Groups, loc: Location, resource: JsonObject) -> None:
    snippet = _object(resource, "snippet", loc)
    top = _object(snippet, "topLevelComment", (*loc, "snippet"))
    top_loc: Location = (*loc, "snippet", "topLevelComment")
    top_snippet = _object(top, "snippet", top_loc)
    video_id = _text(snippet.get("videoId")) or _text(top_snippet.get("videoId"))
    channel_id = _text(snippet.get("channelId")) or _text(top_snippet.get("channelId"))
    group = groups.group_for(GroupKey.of(video_id, channel_id))
    group.note_owner(channel_id)
    group.threads_seen = True
    comment = _comment(top, top_loc, parent_id=None)
    total = snippet.get("totalReplyCount")
    if group.add(comment) and isinstance(total, int) and not isinstance(total, bool):
        group.announced_by_thread[comment.id] = total
    replies = resource.get("replies")
    inline = replies.get("comments") if isinstance(replies, dict) else None
    for index, reply in enumerate(inline if isinstance(inline, list) else []):
        reply_loc: Location = (*loc, "replies", "comments", index)
        parent_id = (
            _text(reply.get("snippet", {}).get("parentId")) if isinstance(reply, dict) else None
        )
        group.add(_comment(reply, reply_loc, parent_id=parent_id or comment.id))


def _add_listed_comment(groups: Groups, loc: Location, resource: JsonObject) -> None:
    """A comments.list item: a reply (with parentId) or a top-level comment looked up by id."""
    snippet = _object(resource, "snippet", loc)
    parent_id = _text(snippet.get("parentId"))
    comment = _comment(resource, loc, parent_id=parent_id)
    # Its own group when already read (a duplicate), else its parent's, else its video's.
    group = groups.group_of_comment(comment.id) or (
        groups.group_of_comment(parent_id) if parent_id else None
    )
    if group is None:
        group = groups.group_for(
            GroupKey.of(_text(snippet.get("videoId")), _text(snippet.get("channelId")))
        )
        group.note_owner(_text(snippet.get("channelId")))
    group.add(comment)


def _comment(resource: Any, loc: Location, parent_id: str | None) -> Comment:
    if not isinstance(resource, dict):
        raise InvalidInput(
            "a comment is not an object", [Problem(loc, f"{_name(loc)}: not an object")]
        )
    comment_id = _text(resource.get("id"))
    if comment_id is None:
        raise InvalidInput("a comment has no id", [Problem((*loc, "id"), f"{_name(loc)}: no id")])
    subject = f"comment {comment_id!r}"
    snippet = _object(resource, "snippet", loc, subject)
    original, display = snippet.get("textOriginal"), snippet.get("textDisplay")
    if isinstance(original, str):
        text = original
    elif isinstance(display, str):
        text = html_to_text(display)
    else:
        problem = Problem((*loc, "snippet", "textDisplay"), f"{subject}: no textDisplay")
        raise InvalidInput(problem.msg, [problem])
    channel = snippet.get("authorChannelId")
    return Comment(
        id=comment_id,
        reply_to=parent_id,
        author=_text(channel.get("value")) if isinstance(channel, dict) else None,
        text=text,
        created_at=read_time(snippet.get("publishedAt"), (*loc, "snippet", "publishedAt"), subject),
        author_name=_text(snippet.get("authorDisplayName")),
        like_count=as_count(snippet.get("likeCount")),
        platform_reply_to=parent_id,
        reply_to_method=ReplyToMethod.GIVEN if parent_id is None else ReplyToMethod.PLATFORM_PARENT,
    )


def _object(parent: JsonObject, key: str, loc: Location, subject: str | None = None) -> JsonObject:
    value = parent.get(key)
    if not isinstance(value, dict):
        what = "is missing" if value is None else "is not an object"
        msg = f"{subject or _name(loc)}: {key} {what}"
        raise InvalidInput(msg, [Problem((*loc, key), msg)])
    return value


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


FORMAT = ImportFormat(
    name="youtube_data_api",
    description=(
        "YouTube Data API v3 commentThreads.list / comments.list responses: one page, a JSON "
        "array of pages, or an array of commentThread/comment resources"
    ),
    detect=_detect,
    parse=_parse,
    flattened=True,
)
