"""Tweets filed into conversations, shared by the X/Twitter API v1.1 and v2 importers.

A conversation is one post tweet (its id even when the post itself is absent) and the replies
under it; each becomes a thread whose comments are the replies. The post's author is the creator:
their user id (`creator`) and username (`creator_handle`), from the post tweet or, while it is
absent, from the replies that answer it.

A user id alone never serves as the handle: handles name accounts across uploads by username, and
an account known by its id in one upload and by its username in another would become two
creators; an X username may be all digits, so an id could even name another account.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from importers.base import ImportedThread, ImportOptions
from importers.toolkit.creators import account_handle, unidentified
from importers.toolkit.drafts import ThreadDraft, short_title
from importers.toolkit.reports import finish_drafts
from nlp.thread import Comment, Platform

DUPLICATE = "duplicate tweet id"


@dataclass(frozen=True, slots=True, kw_only=True)
class Tweet:
    id: str
    replied_to: str | None  # the tweet this one answers
    replied_to_user: str | None  # that tweet's author id
    replied_to_username: str | None = None  # and username, where the upload gives it
    author: str | None
    author_name: str | None
    text: str
    created_at: datetime | None
    like_count: int | None
    reply_count: int | None = None


class Conversations:
    """One draft per conversation, in order of first appearance."""

    def __init__(self) -> None:
        self.drafts: dict[str, ThreadDraft] = {}
        self._with_post: set[str] = set()  # conversations whose post tweet is in the upload

    def draft(self, conversation_id: str) -> ThreadDraft:
        if conversation_id not in self.drafts:
            url = f"https://x.com/i/status/{conversation_id}"
            self.drafts[conversation_id] = ThreadDraft(conversation_id, url=url)
        return self.drafts[conversation_id]

    def add_post(self, post: Tweet) -> None:
        draft = self.draft(post.id)
        self._with_post.add(post.id)
        draft.url = f"https://x.com/{post.author_name or 'i'}/status/{post.id}"
        draft.title = short_title(post.text)
        draft.creator = post.author
        draft.creator_handle = account_handle(Platform.TWITTER, post.author_name)
        # reply_count counts direct replies, so its sum over the thread's tweets is every reply
        # X knew of.
        draft.announce(post.reply_count)

    def add_reply(self, conversation_id: str, reply: Tweet) -> None:
        draft = self.draft(conversation_id)
        draft.comments.append(
            Comment(
                id=reply.id,
                reply_to=None if reply.replied_to in (None, conversation_id) else reply.replied_to,
                author=reply.author,
                author_name=reply.author_name,
                text=reply.text,
                created_at=reply.created_at,
                like_count=reply.like_count,
            )
        )
        draft.announce(reply.reply_count)

    def name_creator(self, conversation_id: str, author: str | None, username: str | None) -> None:
        """The post's author as a reply to it names them, while the post itself is absent."""
        draft = self.draft(conversation_id)
        if conversation_id not in self._with_post and draft.creator is None:
            draft.creator = author
            draft.creator_handle = account_handle(Platform.TWITTER, username)

    def charge_upload_skips(self, skipped: Counter[str]) -> None:
        """Rows that belong to no thread are counted on the first one, which says so."""
        if not self.drafts or not skipped:
            return
        first = next(iter(self.drafts.values()))
        first.skipped.update(skipped)
        first.limits.append(
            "rows of the upload that belong to no thread are counted here: "
            + ", ".join(f"{count} {reason}" for reason, count in sorted(skipped.items()))
        )

    def finish(self, options: ImportOptions, format_name: str) -> list[ImportedThread]:
        for conversation_id, draft in self.drafts.items():
            if conversation_id not in self._with_post:
                draft.limits.append(
                    f"the post tweet {conversation_id} is not in the upload: its title is unknown "
                    "and the replies that answer it count as top-level comments"
                )
            if draft.creator_handle is None:
                draft.limits.append(unidentified(self._unnamed_creator(conversation_id, draft)))
            orphans = draft.orphan_replies()
            if orphans:
                draft.limits.append(
                    f"{orphans} replies answer a tweet that is not in the upload: kept, "
                    "the analysis counts them as orphans"
                )
            if draft.announced_replies is not None:
                # compare with the replies whose parent (or the post) is in the thread
                present = {c.id for c in draft.comments}
                draft.received_replies = sum(
                    c.reply_to is None or c.reply_to in present for c in draft.comments
                )
        return finish_drafts(self.drafts.values(), options, format_name, Platform.TWITTER)

    def _unnamed_creator(self, conversation_id: str, draft: ThreadDraft) -> str:
        """Why a conversation has no creator handle."""
        if draft.creator is not None:  # the id itself stays out of reports, like every author
            return "the upload gives no username for the post's author, only their user id"
        if conversation_id in self._with_post:
            return "the post tweet names no author"
        return "the post tweet is not in the upload and no reply to it names its author"


def conversations_by_reply_chain(tweets: list[Tweet]) -> Conversations:
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
    conversations = Conversations()
    for tweet in by_id.values():
        root = by_id[root_of[tweet.id]]
        # A chain that starts with a reply to a tweet absent from the upload has no post here.
        key = root.id if root.replied_to is None else single or root.replied_to
        draft = conversations.draft(key)
        if duplicates[tweet.id]:
            draft.skipped[DUPLICATE] += duplicates[tweet.id]
        if tweet.id == key:
            conversations.add_post(tweet)
            continue
        if tweet is root:
            conversations.name_creator(key, root.replied_to_user, root.replied_to_username)
        conversations.add_reply(key, tweet)
        draft.rows_read += 1 + duplicates[tweet.id]
    return conversations


def _root(tweet_id: str, by_id: dict[str, Tweet]) -> str:
    seen = {tweet_id}
    current = by_id[tweet_id]
    while current.replied_to in by_id and current.replied_to not in seen:
        seen.add(current.replied_to)
        current = by_id[current.replied_to]
    return current.id
