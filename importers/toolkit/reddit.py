"""Reddit comment and submission records, shared by the Reddit API and Pushshift importers.

Both sources write the same record shape: `id`, `parent_id` (`t1_<comment>` for a reply,
`t3_<post>` for a top-level comment), `link_id` (`t3_<post>`), `author`, `body`, `created_utc`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from importers.base import ImportedThread, ImportOptions, Location
from importers.timeparse import TimestampError, parse_timestamp
from importers.toolkit.creators import account_handle, unidentified
from importers.toolkit.drafts import FirstCopies, ThreadDraft, short_title
from importers.toolkit.problems import Problems
from importers.toolkit.reports import finish_drafts
from importers.toolkit.values import as_count, as_id
from nlp.thread import Comment, Platform

REDDIT_URL = "https://www.reddit.com"
NO_POST = "the post itself is not in the upload"
# what a submission record's author is when Reddit no longer says who wrote the post
_GONE_AUTHORS = {"[deleted]": "was deleted", "[removed]": "was removed"}
SCORE_LIMIT = (
    "like_count is Reddit's score (upvotes minus downvotes); negative scores are left empty"
)


def without_prefix(fullname: str) -> str:
    """`t1_abc` -> `abc`: Reddit names things by kind prefix plus base-36 id."""
    kind, sep, rest = fullname.partition("_")
    return rest if sep and len(kind) == 2 and kind.startswith("t") else fullname


@dataclass(frozen=True, slots=True, kw_only=True)
class RedditPost:
    """What a submission record says about its thread."""

    id: str
    creator: str | None
    title: str | None
    url: str | None
    num_comments: int | None


class RedditThreads:
    """One draft per post, in order of first appearance, and the posts met for them."""

    def __init__(self) -> None:
        self.drafts: dict[str, ThreadDraft] = {}
        self.posts: dict[str, RedditPost] = {}

    def draft(self, post_id: str) -> ThreadDraft:
        if post_id not in self.drafts:
            # Listings repeat a comment when a "continue this thread" page restarts from it.
            self.drafts[post_id] = ThreadDraft(post_id, first_copies=FirstCopies())
        return self.drafts[post_id]

    def add_comment(self, post_id: str, comment: Comment) -> None:
        draft = self.draft(post_id)
        draft.rows_read += 1
        draft.add(comment)

    def add_post(self, post: RedditPost) -> bool:
        """Keep the first record of a post; False for a repeat."""
        draft = self.draft(post.id)
        if post.id in self.posts:
            return False
        self.posts[post.id] = post
        draft.url, draft.title, draft.creator = post.url, post.title, post.creator
        draft.creator_handle = account_handle(Platform.REDDIT, post.creator)
        return True

    def finish(
        self, options: ImportOptions, format_name: str, missing_post: str = NO_POST
    ) -> list[ImportedThread]:
        """Threads and reports, saying what the posts announce and which parents are absent;
        `missing_post` says why a thread has no post record."""
        for post_id, draft in self.drafts.items():
            post = self.posts.get(post_id)
            if post is None:
                draft.limits.append(f"{missing_post}: its title is unknown")
                draft.limits.append(unidentified(missing_post))
            elif draft.creator_handle is None:
                draft.limits.append(unidentified(_unnamed_author(post.creator)))
            if post is not None and post.num_comments is not None:
                draft.limits.append(
                    f"the post reports num_comments={post.num_comments}; "
                    f"the upload holds {len(draft.comments)} comments"
                )
            orphans = draft.orphan_replies()
            if orphans:
                draft.limits.append(
                    f"{orphans} replies answer a comment that is not in the upload "
                    "(parent not in file): kept, the analysis counts them as orphans"
                )
            if any(c.like_count is not None for c in draft.comments):
                draft.limits.append(SCORE_LIMIT)
        return finish_drafts(self.drafts.values(), options, format_name, Platform.REDDIT)


def _unnamed_author(author: str | None) -> str:
    """Why a post record's author names no account."""
    gone = _GONE_AUTHORS.get((author or "").strip())
    return f"the post's author {gone}" if gone else "the post names no author"


def read_comment(
    record: dict[str, Any], loc: Location, problems: Problems, where: str = ""
) -> Comment | None:
    """A t1 record as a Comment; None (with the problem recorded) when it is broken.

    `where` opens each problem message, e.g. "line 3: ", so the place is named in words too.
    """
    comment_id = as_id(record.get("id"))
    parent = as_id(record.get("parent_id"))
    link = as_id(record.get("link_id"))
    if comment_id is None or parent is None or link is None:
        name = f"{where}comment {comment_id!r}" if comment_id else f"{where}a comment"
        missing = [
            key
            for key, value in (("id", comment_id), ("parent_id", parent), ("link_id", link))
            if value is None
        ]
        problems.add(loc, f"{name} has no {', '.join(missing)}")
        return None
    try:
        created_at = parse_timestamp(record.get("created_utc"))
    except TimestampError:
        problems.add(
            (*loc, "created_utc"),
            f"{where}comment {comment_id!r}: created_utc is not unix seconds: "
            f"{record.get('created_utc')!r}",
        )
        return None
    body = record.get("body")
    author = record.get("author")
    return Comment(
        id=comment_id,
        reply_to=None if parent.startswith("t3_") else without_prefix(parent),
        author=author if isinstance(author, str) else None,
        text=body if isinstance(body, str) else "",
        created_at=created_at,
        like_count=as_count(record.get("score")),
    )


def link_of(record: dict[str, Any]) -> str:
    """The post a comment record belongs to (read_comment has checked that link_id exists)."""
    return without_prefix(as_id(record.get("link_id")) or "")


def read_post(record: dict[str, Any]) -> RedditPost | None:
    """A t3 (submission) record as the thread's post; None without an id."""
    post_id = as_id(record.get("id"))
    if post_id is None:
        return None
    author = record.get("author")
    permalink = record.get("permalink")
    url = record.get("url")
    return RedditPost(
        id=without_prefix(post_id),
        creator=author if isinstance(author, str) else None,
        title=short_title(record.get("title")),
        url=REDDIT_URL + permalink
        if isinstance(permalink, str) and permalink.startswith("/")
        else (url if isinstance(url, str) else None),
        num_comments=as_count(record.get("num_comments")),
    )
