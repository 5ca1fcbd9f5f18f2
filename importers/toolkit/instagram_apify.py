"""What the two Apify Instagram actors share: the dataset file layout and the comment object.

Apify datasets download as a JSON array or as JSON Lines. Both the instagram-comment-scraper items
and the `latestComments` of instagram-scraper posts are comment objects `{id, text, ownerUsername,
owner{id, username, …}, timestamp, likesCount, repliesCount, replies[] (same shape)}`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from importers.base import Location
from importers.payload import Payload
from importers.toolkit.drafts import FirstCopies, ThreadDraft, flattened_comment
from importers.toolkit.problems import Problems, place
from importers.toolkit.values import JsonObject, as_count, as_id, nested_object

APIFY_LIMIT = (
    "Apify's Instagram actors often return an empty replies[] for comments whose repliesCount "
    "is above 0: compare announced and received replies"
)
FLATTENED_LIMIT = (
    "Instagram files replies to replies under the top-level comment: reply targets are rebuilt "
    "from leading @mentions"
)
_SHORTCODE = re.compile(r"instagram\.com/(?:[\w.]+/)?(?:p|reel|reels|tv)/([\w-]+)")


def apify_records(payload: Payload) -> list[tuple[Location, Any]]:
    """Every record with where it sits: ("item", i) in a JSON array, ("line", n) in JSON Lines."""
    if payload.opening() == "[":
        document = payload.json()
        return [(("item", index), record) for index, record in enumerate(document)]
    return [(("line", number), record) for number, record in payload.json_lines()]


def shortcode(url: object) -> str | None:
    """The post's shortcode from an instagram.com/p/<code>/ (or /reel/, /tv/) URL."""
    match = _SHORTCODE.search(url) if isinstance(url, str) else None
    return match.group(1) if match else None


def where(loc: Location) -> str:
    """A record's place in words: "item 3" or "line 4"."""
    return place(loc[:2])


def nested_reply_ids(comments: Iterable[Any]) -> set[str]:
    """Ids of every comment that some comment object lists under its replies[]."""
    found: set[str] = set()
    for comment in comments:
        replies = comment.get("replies") if isinstance(comment, dict) else None
        for reply in replies if isinstance(replies, list) else []:
            if isinstance(reply, dict) and (reply_id := as_id(reply.get("id"))):
                found.add(reply_id)
                found |= nested_reply_ids([reply])
    return found


class ApifyCommentReader:
    """Turns Apify comment objects (and their nested replies) into comments of a draft.

    instagram-scraper sometimes lists a reply among a post's latestComments as well as under its
    parent: `reply_ids` (from `nested_reply_ids`) lets the top-level copy be skipped so the reply
    keeps its parent whichever copy comes first.
    """

    def __init__(self, problems: Problems, reply_ids: set[str]) -> None:
        self.problems = problems
        self.reply_ids = reply_ids
        self.first_copies = FirstCopies()

    def read(
        self, draft: ThreadDraft, item: JsonObject, loc: Location, top_level: str | None
    ) -> None:
        draft.rows_read += 1
        comment_id = as_id(item.get("id"))
        if comment_id is None:
            draft.skipped["no comment id"] += 1
            return
        if top_level is None and comment_id in self.reply_ids:
            draft.skipped["reply also listed as a top-level comment"] += 1
            return
        if not self.first_copies.keep(comment_id, draft.skipped):
            return
        subject = f"{where(loc)}, comment {comment_id!r}"
        created_at = self.problems.time(item.get("timestamp"), (*loc, "timestamp"), subject)
        text = self.problems.text(item, "text", loc, subject)
        owner = nested_object(item, "owner")
        username = as_id(item.get("ownerUsername")) or as_id(owner.get("username"))
        draft.add(
            flattened_comment(
                comment_id,
                top_level,
                author=as_id(owner.get("id")) or username,
                text=text,
                created_at=created_at,
                author_name=username,
                like_count=as_count(item.get("likesCount")),
            ),
            announced_replies=as_count(item.get("repliesCount")),
        )
        replies = item.get("replies", [])
        if not isinstance(replies, list):
            self.problems.add((*loc, "replies"), f"{subject}: replies must be a list")
            return
        for index, reply in enumerate(replies):
            reply_loc = (*loc, "replies", index)
            if not isinstance(reply, dict):
                self.problems.add(reply_loc, f"{subject}: reply {index} must be a JSON object")
                continue
            self.read(draft, reply, reply_loc, top_level or comment_id)
