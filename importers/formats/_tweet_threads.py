"""Tweets grouped into conversations, shared by the X/Twitter API v1.1 and v2 importers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from importers.base import ImportedThread, ImportReport, count_skips
from importers.common_threads import short_title
from nlp.thread import Comment, Platform, ReplyToMethod, Thread

DUPLICATE = "duplicate tweet id"


@dataclass(frozen=True, slots=True)
class Tweet:
    id: str
    replied_to: str | None  # the tweet this one answers
    replied_to_user: str | None  # that tweet's author id
    author: str | None
    author_name: str | None
    text: str
    created_at: datetime | None
    like_count: int | None
    reply_count: int | None = None


@dataclass
class Conversation:
    """One post (its id even when the post tweet itself is absent) and the replies under it."""

    id: str
    post: Tweet | None = None
    replies: list[Tweet] = field(default_factory=list)
    creator_hint: str | None = None  # the post's author, as the replies name it
    rows_read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    limits: list[str] = field(default_factory=list)

    def to_imported(self, format_name: str, platform: Platform) -> ImportedThread:
        ids = {t.id for t in self.replies}
        comments = tuple(
            Comment(
                id=t.id,
                reply_to=None if t.replied_to in (None, self.id) else t.replied_to,
                author=t.author,
                author_name=t.author_name,
                text=t.text,
                created_at=t.created_at,
                like_count=t.like_count,
                reply_to_method=ReplyToMethod.GIVEN,
            )
            for t in self.replies
        )
        limits = list(self.limits)
        post = self.post
        if post is None:
            limits.append(
                f"the post tweet {self.id} is not in the upload: its title is unknown and the "
                "replies that answer it count as top-level comments"
            )
        orphans = sum(1 for c in comments if c.reply_to is not None and c.reply_to not in ids)
        if orphans:
            limits.append(
                f"{orphans} replies answer a tweet that is not in the upload: kept, "
                "the analysis counts them as orphans"
            )
        counts = [t.reply_count for t in (post, *self.replies) if t and t.reply_count is not None]
        thread = Thread(
            platform=platform,
            external_id=self.id,
            comments=comments,
            url=_url(post) if post else f"https://x.com/i/status/{self.id}",
            title=short_title(post.text) if post else None,
            creator=post.author if post else self.creator_hint,
            source_format=format_name,
        )
        report = ImportReport(
            format=format_name,
            rows_read=self.rows_read,
            comments_kept=len(comments),
            skipped=count_skips(self.skipped),
            # reply_count counts direct replies, so their sum over the thread's tweets is every
            # reply X knew of; compare with the replies whose parent is in the thread.
            announced_replies=sum(counts) if counts else None,
            received_replies=sum(1 for c in comments if c.reply_to is None or c.reply_to in ids)
            if counts
            else None,
            limits=tuple(limits),
        )
        return ImportedThread(thread, report)


def _url(tweet: Tweet) -> str:
    handle = tweet.author_name or "i"
    return f"https://x.com/{handle}/status/{tweet.id}"


def add_upload_skips(conversations: list[Conversation], skipped: Counter[str]) -> None:
    """Rows that belong to no thread are counted on the first one, which says so."""
    if not conversations or not skipped:
        return
    first = conversations[0]
    first.skipped.update(skipped)
    first.limits.append(
        "rows of the upload that belong to no thread are counted here: "
        + ", ".join(f"{count} {reason}" for reason, count in sorted(skipped.items()))
    )


def conversations_by_reply_chain(tweets: list[Tweet]) -> list[Conversation]:
    """Threads rooted at tweets that do not reply to a tweet of the upload (v1.1 has no
    conversation id). Replies to absent tweets join the upload's only conversation as orphans,
    or, when there are several, gather under the absent tweet they answer."""
    by_id: dict[str, Tweet] = {}
    duplicates: Counter[str] = Counter()
    for tweet in tweets:
        if tweet.id in by_id:
            duplicates[tweet.id] += 1
        else:
            by_id[tweet.id] = tweet
    root_of = {tweet_id: _root(tweet_id, by_id) for tweet_id in by_id}
    posts = {r for r in root_of.values() if by_id[r].replied_to is None}
    single = next(iter(posts)) if len(posts) == 1 else None
    conversations: dict[str, Conversation] = {}
    for tweet in by_id.values():
        root = by_id[root_of[tweet.id]]
        # A chain that starts with a reply to a tweet absent from the upload has no post here.
        key = root.id if root.replied_to is None else single or root.replied_to
        conversation = conversations.get(key)
        if conversation is None:
            conversation = conversations[key] = Conversation(key)
        if duplicates[tweet.id]:
            conversation.skipped[DUPLICATE] += duplicates[tweet.id]
        if tweet.id == key:
            conversation.post = tweet
            continue
        if tweet is root and conversation.creator_hint is None:
            conversation.creator_hint = root.replied_to_user
        conversation.replies.append(tweet)
        conversation.rows_read += 1 + duplicates[tweet.id]
    return list(conversations.values())


def _root(tweet_id: str, by_id: dict[str, Tweet]) -> str:
    seen = {tweet_id}
    current = by_id[tweet_id]
    while current.replied_to in by_id and current.replied_to not in seen:
        seen.add(current.replied_to)
        current = by_id[current.replied_to]
    return current.id
