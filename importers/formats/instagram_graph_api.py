"""Instagram Graph API comment listings: `GET /{media-id}/comments` and `/{comment-id}/replies`.

An upload is one page `{"data": [...], "paging": {...}}` or a JSON array of pages. Replies arrive
nested under `replies.data`, or as separate `/replies` pages whose items carry `parent_id` (or whose
paging URL names the parent). Comment objects rarely say which media they belong to: `media{id}`
when requested, else the media id in a `/comments` paging URL, else the request or the file name.
"""

from __future__ import annotations

from typing import Any

from importers.base import ImportedThread, ImportFormat, ImportOptions, InvalidInput, Problem
from importers.common import Problems, fallback_external_id
from importers.common_threads import ThreadDraft, finish_drafts
from importers.common_values import as_count, as_id, flattened_comment
from importers.formats._graph_api import (
    first_graph_item,
    graph_pages,
    json_document,
    paging_target,
    sub_object,
)
from importers.payload import Payload
from nlp.thread import Platform

FORMAT_NAME = "instagram_graph_api"
SOURCE_LIMITS = (
    "Graph API returns comments on owned media only (business and creator accounts); comments "
    "on age-restricted media and by restricted users are left out",
    "Instagram files replies to replies under the top-level comment: reply targets are rebuilt "
    "from leading @mentions",
)
_FACEBOOK_KEYS = ("message", "created_time")


def _detect(payload: Payload) -> bool:
    item = first_graph_item(json_document(payload))
    return (
        item is not None
        and "id" in item
        and "timestamp" in item
        and any(key in item for key in ("text", "username", "from"))
        and not any(key in item for key in _FACEBOOK_KEYS)
    )


class _Reader:
    """Walks the pages once, filing each comment under the media it belongs to."""

    def __init__(self, payload: Payload, options: ImportOptions) -> None:
        self.options = options
        self.problems = Problems("Instagram Graph API")
        self.drafts: dict[str, ThreadDraft] = {}
        self.media_of: dict[str, str] = {}  # comment id -> media id, so replies follow parents
        # for comments whose post neither the export nor the request names
        self.fallback = fallback_external_id(payload.filename)
        self.listing_media: str | None = None  # from the latest /{media-id}/comments paging URL

    def read_page(self, page: dict[str, Any], loc: tuple[str | int, ...]) -> None:
        target = paging_target(page)
        page_parent = target[0] if target and target[1] == "replies" else None
        if target and target[1] == "comments":
            self.listing_media = target[0]
        # The last page of a listing has no paging URL: it belongs to the listing before it.
        page_media = None if page_parent else self.listing_media
        for index, item in enumerate(page["data"]):
            self.read_comment(item, (*loc, "data", index), page_parent, None, page_media)

    def read_comment(
        self,
        item: Any,
        loc: tuple[str | int, ...],
        parent: str | None,
        top_level: str | None,
        page_media: str | None,
    ) -> None:
        if not isinstance(item, dict):
            self.problems.add(loc, f"{_where(loc)}: a comment must be a JSON object")
            return
        comment_id = as_id(item.get("id"))
        parent = as_id(item.get("parent_id")) or parent
        draft = self.draft_for(item, parent, page_media)
        draft.rows_read += 1
        if comment_id is None:
            draft.skipped["no comment id"] += 1
            return
        if comment_id in self.media_of:
            draft.skipped["duplicate comment id"] += 1
            return
        self.media_of[comment_id] = draft.external_id
        subject = f"{_where(loc)}, comment {comment_id!r}"
        created_at = self.problems.time(item.get("timestamp"), (*loc, "timestamp"), subject)
        text = item.get("text")
        if not isinstance(text, str | None):
            self.problems.add((*loc, "text"), f"{subject}: text must be a string")
        sender = sub_object(item, "from")
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
        draft.comments.append(
            flattened_comment(
                comment_id,
                platform_parent,
                author=author,
                text=text if isinstance(text, str) else "",
                created_at=created_at,
                author_name=username,
                like_count=as_count(item.get("like_count")),
            )
        )
        replies = item.get("replies")
        nested = replies.get("data") if isinstance(replies, dict) else None
        if replies is not None and not isinstance(nested, list):
            self.problems.add((*loc, "replies"), f"{subject}: replies must be {{data: [...]}}")
            return
        for index, reply in enumerate(nested or []):
            root = platform_parent or comment_id
            self.read_comment(reply, (*loc, "replies", "data", index), comment_id, root, None)

    def draft_for(
        self, item: dict[str, Any], parent: str | None, page_media: str | None
    ) -> ThreadDraft:
        media = item.get("media")
        media_id = as_id(media.get("id")) if isinstance(media, dict) else None
        media_id = media_id or (self.media_of.get(parent) if parent else None) or page_media
        key = media_id or self.options.external_id or self.fallback.value
        draft = self.drafts.get(key)
        if draft is None:
            draft = self.drafts[key] = ThreadDraft(external_id=key)
            if media_id is None and self.options.external_id is None:
                draft.limit(self.fallback.limit())
        return draft


def _where(loc: tuple[str | int, ...]) -> str:
    page = f"page {loc[1]}, " if loc[0] == "page" else ""
    return f"{page}item {loc[-1]}" if isinstance(loc[-1], int) else page.rstrip(", ")


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    document = payload.json()
    pages = graph_pages(document)
    if pages is None:
        raise InvalidInput(
            "expected a Graph API page {data: [...], paging} or a JSON array of such pages",
            [Problem(("body",), "no data array found")],
        )
    reader = _Reader(payload, options)
    for number, page in enumerate(pages):
        reader.read_page(page, ("page", number) if isinstance(document, list) else ())
    reader.problems.raise_if_any()
    drafts = reader.drafts.values()
    return finish_drafts(drafts, Platform.INSTAGRAM, FORMAT_NAME, options, SOURCE_LIMITS)


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
