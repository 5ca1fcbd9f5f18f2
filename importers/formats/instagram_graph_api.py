"""Instagram Graph API comment listings: `GET /{media-id}/comments` and `/{comment-id}/replies`.

An upload is one page `{"data": [...], "paging": {...}}` or a JSON array of pages. Replies arrive
nested under `replies.data`, or as separate `/replies` pages whose items carry `parent_id` (or whose
paging URL names the parent). Comment objects rarely say which media they belong to: `media{id}`
when requested, else the media id in a `/comments` paging URL, else the request or the file name.
The media owner (the creator) is named only by `media{username}`, when requested; their author id
is that of their own comments (`media{owner}` is an Instagram user id, not the Instagram-scoped id
that a comment's `from.id` gives, so it would not match the owner's comments).
"""

from __future__ import annotations

from typing import Any

from importers.base import ImportedThread, ImportFormat, ImportOptions, Location
from importers.payload import Payload
from importers.toolkit.creators import account_handle, author_of_account, unidentified
from importers.toolkit.drafts import DUPLICATE_COMMENT_ID, ThreadDraft, flattened_comment
from importers.toolkit.graph_api import GraphPagesReader, first_graph_item, paging_target, where
from importers.toolkit.reports import finish_drafts
from importers.toolkit.values import JsonObject, as_count, as_id, nested_object
from nlp.thread import Platform

FORMAT_NAME = "instagram_graph_api"
SOURCE_LIMITS = (
    "Graph API returns comments on owned media only (business and creator accounts); comments "
    "on age-restricted media and by restricted users are left out",
    "Instagram files replies to replies under the top-level comment: reply targets are rebuilt "
    "from leading @mentions",
)
_FACEBOOK_KEYS = ("message", "created_time")
NO_OWNER = unidentified(
    "no comment names its media's owner (request fields=media{id,username} to get it)"
)


def _detect(payload: Payload) -> bool:
    item = first_graph_item(payload)
    return (
        item is not None
        and "id" in item
        and "timestamp" in item
        and any(key in item for key in ("text", "username", "from"))
        and not any(key in item for key in _FACEBOOK_KEYS)
    )


class _Reader(GraphPagesReader):
    """Files each comment under the media it belongs to."""

    def __init__(self, payload: Payload, options: ImportOptions) -> None:
        super().__init__(payload, options, "Instagram Graph API")
        self.media_of: dict[str, str] = {}  # comment id -> media id, so replies follow parents
        self.listing_media: str | None = None  # from the latest /{media-id}/comments paging URL

    def read_page(self, page: JsonObject, loc: Location) -> None:
        target = paging_target(page)
        page_parent = target[0] if target and target[1] == "replies" else None
        if target and target[1] == "comments":
            self.listing_media = target[0]
        # The last page of a listing has no paging URL: it belongs to the listing before it.
        page_media = None if page_parent else self.listing_media
        for index, item in enumerate(page["data"]):
            item_loc = (*loc, "data", index)
            self.read_comment(
                item, item_loc, parent=page_parent, top_level=None, page_media=page_media
            )

    def read_comment(
        self,
        item: Any,
        loc: Location,
        *,
        parent: str | None,
        top_level: str | None,
        page_media: str | None,
    ) -> None:
        if not self.is_comment(item, loc):
            return
        comment_id = as_id(item.get("id"))
        parent = as_id(item.get("parent_id")) or parent
        draft = self.draft_for(item, parent, page_media)
        draft.rows_read += 1
        if comment_id is None:
            draft.skipped["no comment id"] += 1
            return
        if comment_id in self.media_of:
            draft.skipped[DUPLICATE_COMMENT_ID] += 1
            return
        self.media_of[comment_id] = draft.external_id
        subject = f"{where(loc)}, comment {comment_id!r}"
        created_at = self.problems.time(item.get("timestamp"), (*loc, "timestamp"), subject)
        text = self.problems.text(item, "text", loc, subject)
        sender = nested_object(item, "from")
        username = as_id(sender.get("username")) or as_id(item.get("username"))
        author = as_id(sender.get("id")) or username
        if author is None:
            draft.limit(
                "some comments carry neither from nor username (not requested?): author unknown"
            )
        elif as_id(sender.get("id")) is None:
            draft.limit("no from.id on some comments: those authors are identified by username")
        # Instagram threads are two levels deep: a reply nested under a reply still belongs to
        # the top-level comment.
        platform_parent = top_level or parent
        draft.add(
            flattened_comment(
                comment_id,
                platform_parent,
                author=author,
                text=text,
                created_at=created_at,
                author_name=username,
                like_count=as_count(item.get("like_count")),
            )
        )
        root = platform_parent or comment_id
        for index, reply in enumerate(self.nested_listing(item, "replies", loc, subject)):
            reply_loc = (*loc, "replies", "data", index)
            self.read_comment(reply, reply_loc, parent=comment_id, top_level=root, page_media=None)

    def draft_for(
        self, item: JsonObject, parent: str | None, page_media: str | None
    ) -> ThreadDraft:
        media = nested_object(item, "media")
        media_id = as_id(media.get("id"))
        media_id = media_id or (self.media_of.get(parent) if parent else None) or page_media
        draft = self.draft_for_post(media_id)
        owner = account_handle(Platform.INSTAGRAM, media.get("username"))
        draft.creator_handle = draft.creator_handle or owner
        return draft


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    drafts = _Reader(payload, options).read()
    for draft in drafts:
        draft.creator = author_of_account(Platform.INSTAGRAM, draft.comments, draft.creator_handle)
        if draft.creator_handle is None:
            draft.limit(NO_OWNER)
    return finish_drafts(drafts, options, FORMAT_NAME, Platform.INSTAGRAM, SOURCE_LIMITS)


FORMAT = ImportFormat(
    name=FORMAT_NAME,
    description=(
        "Instagram Graph API /{media-id}/comments or /{comment-id}/replies JSON: one page "
        "{data: [{id, text, timestamp, username, from, parent_id, replies}], paging} or an array "
        "of pages"
    ),
    detect=_detect,
    parse=_parse,
    flattened=True,
)
