"""Reddit comment and submission records, shared by the Reddit API and Pushshift importers.

Both sources write the same record shape: `id`, `parent_id` (`t1_<comment>` for a reply,
`t3_<post>` for a top-level comment), `link_id` (`t3_<post>`), `author`, `body`, `created_utc`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from importers.base import ImportedThread, ImportReport, Location, count_skips
from importers.common import Problems
from importers.common_threads import short_title
from importers.common_values import as_count, as_id
from importers.timeparse import TimestampError, parse_timestamp
from nlp.thread import Comment, Platform, ReplyToMethod, Thread

REDDIT_URL = "https://www.reddit.com"
NO_POST = "the post itself is not in the upload: creator and title are unknown"
SCORE_LIMIT = (
    "like_count is Reddit's score (upvotes minus downvotes); negative scores are left empty"
)


def without_prefix(fullname: str) -> str:
    """`t1_abc` -> `abc`: Reddit names things by kind prefix plus base-36 id."""
    kind, sep, rest = fullname.partition("_")
    return rest if sep and len(kind) == 2 and kind.startswith("t") else fullname


@dataclass
class RedditPost:
    id: str
    creator: str | None
    title: str | None
    url: str | None
    num_comments: int | None


@dataclass
class RedditThread:
    """One post's comments while the input is read; turned into an ImportedThread at the end."""

    post_id: str
    post: RedditPost | None = None
    comments: dict[str, Comment] = field(default_factory=dict)
    rows_read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    limits: list[str] = field(default_factory=list)
    missing_comments: int = 0

    def add(self, comment: Comment) -> None:
        self.rows_read += 1
        if comment.id in self.comments:
            # Listings repeat a comment when a "continue this thread" page restarts from it.
            self.skipped["duplicate comment id"] += 1
        else:
            self.comments[comment.id] = comment

    def orphan_replies(self) -> int:
        return sum(
            1 for c in self.comments.values() if c.reply_to and c.reply_to not in self.comments
        )

    def to_imported(
        self, format_name: str, platform: Platform, no_post_limit: str = NO_POST
    ) -> ImportedThread:
        post = self.post
        limits = list(self.limits)
        if post is None:
            limits.append(no_post_limit)
        elif post.num_comments is not None:
            limits.append(
                f"the post reports num_comments={post.num_comments}; "
                f"the upload holds {len(self.comments)} comments"
            )
        orphans = self.orphan_replies()
        if orphans:
            limits.append(
                f"{orphans} replies answer a comment that is not in the upload "
                "(parent not in file): kept, the analysis counts them as orphans"
            )
        if any(c.like_count is not None for c in self.comments.values()):
            limits.append(SCORE_LIMIT)
        thread = Thread(
            platform=platform,
            external_id=self.post_id,
            comments=tuple(self.comments.values()),
            url=post.url if post else None,
            title=post.title if post else None,
            creator=post.creator if post else None,
            source_format=format_name,
        )
        report = ImportReport(
            format=format_name,
            rows_read=self.rows_read,
            comments_kept=len(self.comments),
            skipped=count_skips(self.skipped),
            missing_comments=self.missing_comments,
            limits=tuple(limits),
        )
        return ImportedThread(thread, report)


def read_comment(
    record: dict[str, Any], loc: Location, problems: Problems, where: str = ""
) -> Comment | None:
    """A t1 record as a Comment; None (with the problem recorded) when it is broken.

    `where` opens each problem message, e.g. "line 3: ", so the place is named in words too.
    """
    comment_id = as_id(record.get("id"))
    parent = as_id(record.get("parent_id"))
    link = as_id(record.get("link_id"))
    name = f"{where}comment {comment_id!r}" if comment_id else f"{where}a comment"
    missing = [
        key
        for key, value in (("id", comment_id), ("parent_id", parent), ("link_id", link))
        if value is None
    ]
    if missing:
        problems.add(loc, f"{name} has no {', '.join(missing)}")
        return None
    assert comment_id is not None  # checked just above
    assert parent is not None
    try:
        created_at = parse_timestamp(record.get("created_utc"))
    except TimestampError:
        problems.add(
            (*loc, "created_utc"),
            f"{name}: created_utc is not unix seconds: {record.get('created_utc')!r}",
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
        reply_to_method=ReplyToMethod.GIVEN,
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
