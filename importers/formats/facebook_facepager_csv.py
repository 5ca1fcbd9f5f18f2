"""Facepager CSV exports of Facebook Graph API data (the columns 4CAT expects).

Facepager keeps a tree of nodes: `id` / `parent_id` are its own node numbers, `object_id` the
Facebook id, `object_type` says what a node is (`seed` = a queried object, `data` = a fetched item,
`offcut` / `empty` / `headers` = bookkeeping) and `query_type` which request fetched it. A `data`
node fetched by a `…/comments` query is a comment; its parent node is the post it answers (or the
seed naming that post) or, for a reply, the comment it answers. Exports are often `;`-separated.
The post's Page (its creator) is the `<page>` of its `<page>_<post>` object id.
"""

from __future__ import annotations

from collections import Counter

from importers.base import ImportedThread, ImportFormat, ImportOptions
from importers.payload import Payload
from importers.toolkit.creators import account_handle, unidentified
from importers.toolkit.csv_rows import Row, cell, read_rows
from importers.toolkit.detection import has_columns
from importers.toolkit.drafts import (
    Drafts,
    FirstCopies,
    ThreadDraft,
    charge_to_first,
    flattened_comment,
    short_title,
)
from importers.toolkit.problems import Problems
from importers.toolkit.reports import finish_drafts
from importers.toolkit.values import as_count
from nlp.thread import Platform

FORMAT_NAME = "facebook_facepager_csv"
REQUIRED_COLUMNS = frozenset(
    {"id", "parent_id", "level", "object_id", "object_type", "query_status", "query_type"}
)
FACEBOOK_COLUMNS = frozenset({"created_time", "message"})
SOURCE_LIMITS = (
    "Facebook files replies to replies under the top-level comment: reply targets are rebuilt "
    "from leading @mentions",
    "Facepager's default columns name authors by display name (from.name), not by id: people "
    "sharing a name are merged",
)
NO_PAGE = unidentified(
    "the post's object_id does not read <page id>_<post id> (or its node is not in the export)"
)
NO_AUTHOR_LIMIT = (
    "comments without from.name: since Graph API v11 other users' profile info is not returned "
    "without their authorisation, so author-based metrics cannot be computed for them"
)


def _detect(payload: Payload) -> bool:
    return has_columns(payload, REQUIRED_COLUMNS | FACEBOOK_COLUMNS)


def _is_comment(row: Row) -> bool:
    return cell(row, "object_type") == "data" and "comments" in cell(row, "query_type").lower()


def _fetched(row: Row) -> bool:
    return cell(row, "query_status").lower().startswith("fetched")


class _Tree:
    """Facepager's node tree, to find each comment's post and parent comment."""

    def __init__(self, rows: list[Row]) -> None:
        self.nodes = {cell(row, "id"): row for row in rows if cell(row, "id")}

    def parent(self, row: Row) -> Row | None:
        return self.nodes.get(cell(row, "parent_id"))

    def post_of(self, row: Row) -> Row | None:
        """The nearest ancestor that is not a comment: the post (or the seed naming it)."""
        node = self.parent(row)
        for _ in range(len(self.nodes)):  # bounded: a corrupt export may hold a cycle
            if node is None or not _is_comment(node):
                return node
            node = self.parent(node)
        return None


def _page(post_id: str | None) -> str | None:
    """The Page of a Graph API post id `<page>_<post>`; None for any other id."""
    page, _, post = (post_id or "").partition("_")
    return account_handle(Platform.FACEBOOK, page) if page and post else None


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    problems = Problems("Facepager CSV")
    rows = read_rows(payload, REQUIRED_COLUMNS | FACEBOOK_COLUMNS, problems)
    tree = _Tree(rows)
    drafts = Drafts(options, payload.filename)
    first_copies = FirstCopies()
    pending_skips: Counter[str] = Counter()  # bookkeeping rows whose post is unknown

    def draft_for(post: Row | None) -> ThreadDraft:
        post_id = cell(post, "object_id") if post else None
        if post and cell(post, "object_type") == "data":
            title, creator = short_title(post.get("message")), cell(post, "from.name") or None
            draft = drafts.draft_for(post_id, title=title, creator=creator)
        else:
            draft = drafts.draft_for(post_id)
        draft.creator_handle = draft.creator_handle or _page(post_id)
        return draft

    for number, row in enumerate(rows, start=1):
        object_type = cell(row, "object_type")
        if object_type == "seed" or (object_type == "data" and not _is_comment(row)):
            continue  # the queried posts themselves: they become threads, not comments
        post = tree.post_of(row)
        if object_type != "data" or not _fetched(row):
            reason = f"object_type {object_type or '(empty)'}"
            if object_type == "data":
                reason = f"query_status {cell(row, 'query_status') or '(empty)'}"
            if post is None:
                pending_skips[reason] += 1
            else:
                draft_for(post).skip(reason)
            continue
        draft = draft_for(post)
        draft.rows_read += 1
        comment_id = cell(row, "object_id")
        if not comment_id:
            draft.skipped["no comment id"] += 1
            continue
        if not first_copies.keep(comment_id, draft.skipped):
            continue
        if post is None:
            draft.limit("some rows' parent node is not in the export: read as top-level comments")
        parent = tree.parent(row)
        # A parent comment without an object_id cannot be named: the reply reads as top-level.
        parent_id = cell(parent, "object_id") or None if parent and _is_comment(parent) else None
        author = cell(row, "from.name") or None
        if author is None:
            draft.limit(NO_AUTHOR_LIMIT)
        subject = f"row {number}, comment {comment_id!r}"
        created_at = problems.time(
            row.get("created_time"), ("row", number, "created_time"), subject
        )
        draft.add(
            flattened_comment(
                comment_id,
                parent_id,
                author=author,
                text=row.get("message") or "",
                created_at=created_at,
                author_name=author,
                like_count=as_count(row.get("like_count")),
            ),
            announced_replies=as_count(row.get("comment_count")),
        )
    problems.raise_if_any()
    for draft in drafts.values():
        if draft.creator_handle is None:
            draft.limit(NO_PAGE)
    charge_to_first(list(drafts.values()), pending_skips)
    return finish_drafts(drafts.values(), options, FORMAT_NAME, Platform.FACEBOOK, SOURCE_LIMITS)


FORMAT = ImportFormat(
    name=FORMAT_NAME,
    description=(
        "Facepager CSV export of Facebook comments: path, id, parent_id, level, object_id, "
        "object_type, query_status, query_time, query_type, from.name, created_time, …, message"
    ),
    detect=_detect,
    parse=_parse,
    flattened=True,
)
