"""YouTube Data API v3 responses: commentThreads.list and comments.list pages, as sent.

Accepted: one page, a JSON array of pages (any mix of the two endpoints), or an array of bare
commentThread / comment resources. Replies met twice (inline in a commentThread and again from
comments.list?parentId=) are kept once. Comments are grouped into one thread per videoId; threads
on a channel itself (no videoId) are grouped by channelId. The `snippet.channelId` of a
commentThread (or comment) is the channel the video belongs to: its creator, and their handle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from importers.base import ImportedThread, ImportFormat, ImportOptions, InvalidInput, Location
from importers.payload import Payload
from importers.toolkit.creators import account_handle, unidentified
from importers.toolkit.detection import sniff_items
from importers.toolkit.drafts import ThreadDraft
from importers.toolkit.identity import fallback_external_id
from importers.toolkit.problems import Problems, refusal
from importers.toolkit.reports import finish_drafts
from importers.toolkit.values import JsonObject, as_count
from importers.toolkit.youtube import (
    FLATTENED_LIMIT,
    INLINE_REPLIES_LIMIT,
    channel_url,
    html_to_text,
    missing_replies,
    read_time,
    video_url,
)
from nlp.thread import Comment, Platform, ReplyToMethod

THREAD_KIND = "youtube#commentThread"
COMMENT_KIND = "youtube#comment"
_LIST_KINDS = frozenset({"youtube#commentThreadListResponse", "youtube#commentListResponse"})
_RESOURCE_KINDS = frozenset({THREAD_KIND, COMMENT_KIND})
DUPLICATE = "duplicate comment id (the same comment on another page or inline and in comments.list)"
NO_CHANNEL = "no commentThread or comment of this video carries snippet.channelId"


def _detect(payload: Payload) -> bool:
    parts = sniff_items(payload)
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


class _Groups:
    """The threads being built from one upload, in the order their videos first appear."""

    def __init__(self, payload: Payload, options: ImportOptions) -> None:
        self._filename = payload.filename
        self._override = options.external_id
        self._by_key: dict[tuple[str, str | None], ThreadDraft] = {}  # by (kind, id)
        self._owner_of: dict[str, ThreadDraft] = {}  # comment id -> the group that kept it
        self.announced: dict[str, int] = {}  # top-level comment id -> its totalReplyCount

    def group_for(self, video_id: str | None, channel_id: str | None) -> ThreadDraft:
        """The thread of the video, else of the channel's own discussion, else of the upload;
        everything belongs to the one thread the request's external_id names, if it does."""
        if self._override is not None:
            key: tuple[str, str | None] = ("override", self._override)
        elif video_id:
            key = ("video", video_id)
        elif channel_id:
            key = ("channel", channel_id)
        else:
            key = ("none", None)
        if key not in self._by_key:
            self._by_key[key] = self._new_group(*key)
        group = self._by_key[key]
        # commentThread.snippet.channelId is the channel the video (or discussion) belongs to.
        if group.creator is None and channel_id:
            group.creator = channel_id
        return group

    def group_of_comment(self, comment_id: str) -> ThreadDraft | None:
        return self._owner_of.get(comment_id)

    def add(self, group: ThreadDraft, comment: Comment) -> bool:
        """Keep the comment unless its id was already kept; False for a duplicate.

        A duplicate is counted where the first copy was kept, so every group's report adds up.
        """
        owner = self._owner_of.get(comment.id)
        if owner is not None:
            owner.skip(DUPLICATE)
            return False
        group.rows_read += 1
        self._owner_of[comment.id] = group
        group.comments.append(comment)
        return True

    def _new_group(self, kind: str, value: str | None) -> ThreadDraft:
        if kind == "video" and value:
            return ThreadDraft(value, url=video_url(value))
        if kind == "channel" and value:
            limit = (
                f"comments on channel {value} itself (no videoId): grouped by channelId, "
                "so this thread is a channel discussion, not a video"
            )
            return ThreadDraft(value, url=channel_url(value), limits=[limit])
        if kind == "override" and value:
            return ThreadDraft(value)
        fallback = fallback_external_id(self._filename)
        guessed = fallback.limit("video")
        return ThreadDraft(fallback.value, limits=[guessed] if guessed else [])

    def imported(self, options: ImportOptions) -> list[ImportedThread]:
        groups = [group for group in self._by_key.values() if group.comments]
        for group in groups:
            group.missing_comments = missing_replies(group.comments, self.announced)
            if group.announced_replies is not None:  # some commentThread was read
                group.limits.insert(0, INLINE_REPLIES_LIMIT)
            group.creator_handle = account_handle(Platform.YOUTUBE, group.creator)
            if group.creator_handle is None:
                group.limit(unidentified(NO_CHANNEL))
        return finish_drafts(
            groups,
            options,
            FORMAT.name,
            Platform.YOUTUBE,
            [FLATTENED_LIMIT],
            count_received=True,
            rename_by_request=False,  # the request's external_id already names the one group
        )


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    document = payload.json()  # a PayloadError names the line; the registry reports it
    groups = _Groups(payload, options)
    problems = Problems(FORMAT.name)
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
            problems.add((*loc, "kind"), f"{_name(loc)}: not a comment resource ({kind})")
    problems.raise_if_any()
    return groups.imported(options)


def _kind(resource: Any) -> str | None:
    kind = resource.get("kind") if isinstance(resource, dict) else None
    return kind if isinstance(kind, str) else None


def _guarded(
    problems: Problems,
    add: Callable[[_Groups, Location, JsonObject], None],
    groups: _Groups,
    loc: Location,
    item: JsonObject,
) -> None:
    try:
        add(groups, loc, item)
    except InvalidInput as exc:
        problems.extend(exc.problems)


def _name(loc: Location) -> str:
    return ".".join(str(part) for part in loc) or "the document"


def _add_thread(groups: _Groups, loc: Location, resource: JsonObject) -> None:
    snippet = _object(resource, "snippet", loc)
    top = _object(snippet, "topLevelComment", (*loc, "snippet"))
    top_loc: Location = (*loc, "snippet", "topLevelComment")
    top_snippet = _object(top, "snippet", top_loc)
    video_id = _text(snippet.get("videoId")) or _text(top_snippet.get("videoId"))
    channel_id = _text(snippet.get("channelId")) or _text(top_snippet.get("channelId"))
    group = groups.group_for(video_id, channel_id)
    group.announce(0)  # reply totals are only announced on commentThread resources
    comment = _comment(top, top_loc, parent_id=None)
    total = snippet.get("totalReplyCount")
    if groups.add(group, comment) and isinstance(total, int) and not isinstance(total, bool):
        groups.announced[comment.id] = total
        group.announce(total)
    replies = resource.get("replies")
    inline = replies.get("comments") if isinstance(replies, dict) else None
    for index, reply in enumerate(inline if isinstance(inline, list) else []):
        reply_loc: Location = (*loc, "replies", "comments", index)
        parent_id = (
            _text(reply.get("snippet", {}).get("parentId")) if isinstance(reply, dict) else None
        )
        groups.add(group, _comment(reply, reply_loc, parent_id=parent_id or comment.id))


def _add_listed_comment(groups: _Groups, loc: Location, resource: JsonObject) -> None:
    """A comments.list item: a reply (with parentId) or a top-level comment looked up by id."""
    snippet = _object(resource, "snippet", loc)
    parent_id = _text(snippet.get("parentId"))
    comment = _comment(resource, loc, parent_id=parent_id)
    # Its own group when already read (a duplicate), else its parent's, else its video's.
    group = groups.group_of_comment(comment.id) or (
        groups.group_of_comment(parent_id) if parent_id else None
    )
    if group is None:
        group = groups.group_for(_text(snippet.get("videoId")), _text(snippet.get("channelId")))
    groups.add(group, comment)


def _comment(resource: Any, loc: Location, parent_id: str | None) -> Comment:
    if not isinstance(resource, dict):
        raise refusal(loc, f"{_name(loc)}: not an object", "a comment is not an object")
    comment_id = _text(resource.get("id"))
    if comment_id is None:
        raise refusal((*loc, "id"), f"{_name(loc)}: no id", "a comment has no id")
    subject = f"comment {comment_id!r}"
    snippet = _object(resource, "snippet", loc, subject)
    original, display = snippet.get("textOriginal"), snippet.get("textDisplay")
    if isinstance(original, str):
        text = original
    elif isinstance(display, str):
        text = html_to_text(display)
    else:
        raise refusal((*loc, "snippet", "textDisplay"), f"{subject}: no textDisplay")
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
        raise refusal((*loc, key), msg)
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
