"""Facebook Graph API comment listings: `GET /{object-id}/comments`, toplevel or `filter=stream`.

An upload is one page `{"data": [...], "paging": {...}}` or a JSON array of pages. Replies arrive
nested under `comments.data`, flat with `parent{id}` (filter=stream), or as
`/{comment-id}/comments` pages. Since v11 (2021) apps without moderation rights on the Page get
neither the commenters' identity nor the comment `id`; `permalink_url`
(`…/posts/<post>/?comment_id=<c>&reply_comment_id=<r>`) still names the comment, its parent and
the post, so ids are rebuilt from it. The Page that owns the post (the creator) is named by a
permalink or by the `<page>_<post>` object id in a listing's paging URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from importers.base import ImportedThread, ImportFormat, ImportOptions, Location
from importers.payload import Payload
from importers.toolkit.creators import account_handle, unidentified
from importers.toolkit.drafts import FirstCopies, ThreadDraft, flattened_comment
from importers.toolkit.graph_api import GraphPagesReader, first_graph_item, paging_target, where
from importers.toolkit.reports import finish_drafts
from importers.toolkit.values import JsonObject, as_count, as_id, nested_object
from nlp.thread import Platform

FORMAT_NAME = "facebook_graph_api"
SOURCE_LIMITS = (
    "Facebook files replies to replies under the top-level comment: reply targets are rebuilt "
    "from leading @mentions",
)
NO_AUTHOR_LIMIT = (
    "comments without `from`: since Graph API v11 other users' profile info is not returned "
    "without their authorisation, so author-based metrics cannot be computed for them"
)
NO_PAGE = unidentified(
    "neither a comment's permalink_url nor a paging URL (/<page>_<post>/comments) names the "
    "post's Page"
)
_COMMENT_KEYS = ("comment_count", "like_count", "parent")
_POST_PATH_MARKERS = ("posts", "videos", "photos")


def _detect(payload: Payload) -> bool:
    item = first_graph_item(payload)
    return (
        item is not None
        and "created_time" in item
        and any(key in item for key in _COMMENT_KEYS)
        and "timestamp" not in item
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class _Permalink:
    """What a comment's permalink_url says: its page, post, own id and parent id."""

    page: str | None
    post: str | None
    comment_id: str | None
    parent_id: str | None
    post_url: str | None


def _permalink(value: object) -> _Permalink | None:
    if not isinstance(value, str) or "facebook.com" not in value:
        return None
    parts = urlsplit(value)
    query = parse_qs(parts.query)
    segments = [s for s in parts.path.split("/") if s]
    post = next(
        (segments[i + 1] for i, s in enumerate(segments[:-1]) if s in _POST_PATH_MARKERS), None
    )
    post = post or query.get("story_fbid", [None])[0]
    page = query.get("id", [None])[0] or (segments[0] if segments and post else None)
    top = query.get("comment_id", [None])[0]
    reply = query.get("reply_comment_id", [None])[0]
    own = reply or top
    return _Permalink(
        page=page,
        post=post,
        comment_id=f"{post}_{own}" if post and own else None,
        parent_id=f"{post}_{top}" if post and top and reply else None,
        post_url=f"{parts.scheme}://{parts.netloc}{parts.path}" if post else None,
    )


class _Reader(GraphPagesReader):
    """Files each comment under its post (comment ids read `<post>_<comment>`)."""

    def __init__(self, payload: Payload, options: ImportOptions) -> None:
        super().__init__(payload, options, "Facebook Graph API")
        self.first_copies = FirstCopies()
        self.listing_object: str | None = None  # from the latest post listing's paging URL

    def read_page(self, page: JsonObject, loc: Location) -> None:
        target = paging_target(page)
        # a `/{comment-id}/comments` page lists that comment's replies
        page_parent = target[0] if target and target[0] in self.first_copies else None
        if target and page_parent is None:
            self.listing_object = target[0]
        # The last page of a listing has no paging URL: it belongs to the listing before it.
        page_object = None if page_parent else self.listing_object
        for index, item in enumerate(page["data"]):
            self.read_comment(item, (*loc, "data", index), page_parent, page_object)

    def read_comment(
        self, item: Any, loc: Location, parent: str | None, page_object: str | None
    ) -> None:
        if not self.is_comment(item, loc):
            return
        link = _permalink(item.get("permalink_url"))
        comment_id = as_id(item.get("id")) or (link.comment_id if link else None)
        given_parent = item.get("parent")
        parent = (
            (as_id(given_parent.get("id")) if isinstance(given_parent, dict) else None)
            or (link.parent_id if link else None)
            or parent
        )
        draft = self.draft_for(comment_id, parent, link, page_object)
        draft.rows_read += 1
        if comment_id is None:
            # Without an id the comment cannot be matched or replied to; a position in the file
            # is the only stable name left.
            comment_id = "unnumbered-" + "-".join(str(p) for p in loc if isinstance(p, int))
            draft.limit(
                "some comments had no id (Graph API v11+ hides ids from apps that cannot moderate "
                "the Page) and no permalink_url: they were named `unnumbered-<position>`"
            )
        if not self.first_copies.keep(comment_id, draft.skipped):
            return
        subject = f"{where(loc)}, comment {comment_id!r}"
        created_at = self.problems.time(item.get("created_time"), (*loc, "created_time"), subject)
        message = self.problems.text(item, "message", loc, subject)
        sender = nested_object(item, "from")
        author = as_id(sender.get("id"))
        if author is None:
            draft.limit(NO_AUTHOR_LIMIT)
        draft.add(
            flattened_comment(
                comment_id,
                parent,
                author=author,
                text=message,
                created_at=created_at,
                author_name=as_id(sender.get("name")),
                like_count=as_count(item.get("like_count")),
            ),
            announced_replies=as_count(item.get("comment_count")),
        )
        replies = self.nested_listing(item, "comments", loc, subject)
        for index, reply in enumerate(replies):
            self.read_comment(reply, (*loc, "comments", "data", index), comment_id, None)

    def draft_for(
        self,
        comment_id: str | None,
        parent: str | None,
        link: _Permalink | None,
        page_object: str | None,
    ) -> ThreadDraft:
        # Drafts are keyed by the post number: comment ids read `<post>_<comment>`, post ids
        # (in paging URLs) `<page>_<post>`.
        post = (
            (link.post if link else None)
            or _post_part(comment_id)
            or _post_part(parent)
            or (page_object.rsplit("_", 1)[-1] if page_object else None)
        )
        draft = self.draft_for_post(post)
        if link and link.page:
            draft.url = draft.url or link.post_url
            if draft.creator is None:  # the Page owns the post
                draft.creator = link.page
                draft.external_id = f"{link.page}_{link.post}"
                draft.creator_handle = account_handle(Platform.FACEBOOK, link.page)
        if page_object and post and page_object.endswith(f"_{post}"):
            draft.external_id = page_object
            # A listing's object id names the Page by its id, which its comments' from.id also
            # gives; a permalink may name it by its vanity name instead.
            draft.creator = page_object.removesuffix(f"_{post}")
            draft.creator_handle = account_handle(Platform.FACEBOOK, draft.creator)
        return draft


def _post_part(comment_id: str | None) -> str | None:
    """The post number of a `<post>_<comment>` comment id."""
    if comment_id is None or "_" not in comment_id:
        return None
    return comment_id.split("_", 1)[0] or None


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    drafts = _Reader(payload, options).read()
    for draft in drafts:
        if draft.creator_handle is None:
            draft.limit(NO_PAGE)
    return finish_drafts(drafts, options, FORMAT_NAME, Platform.FACEBOOK, SOURCE_LIMITS)


FORMAT = ImportFormat(
    name=FORMAT_NAME,
    description=(
        "Facebook Graph API /{object-id}/comments JSON: one page {data: [{id, message, "
        "created_time, from, parent, like_count, comment_count, comments}], paging} or an array "
        "of pages"
    ),
    detect=_detect,
    parse=_parse,
    flattened=True,
)
