"""The one thread draft: a post's comments and bookkeeping while an export is read.

Every format fills `ThreadDraft`s and hands them to `importers.toolkit.reports.finish_drafts`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass, field
from datetime import datetime

from importers.base import ImportOptions
from importers.toolkit.identity import external_id_for
from nlp.thread import Comment, Platform, ReplyToMethod

DUPLICATE_COMMENT_ID = "duplicate comment id"
TITLE_LENGTH = 300


def short_title(text: object) -> str | None:
    """A post's text or caption as a thread title: stripped, cut to TITLE_LENGTH, None if blank."""
    if not isinstance(text, str):
        return None
    return text.strip()[:TITLE_LENGTH] or None


class FirstCopies:
    """Remembers the comment ids kept so far: a repeated id is a skipped row, not a comment.

    Scrapers re-read pages and list inline replies again; the first copy of an id is kept.
    """

    def __init__(self, reason: str = DUPLICATE_COMMENT_ID) -> None:
        self.reason = reason
        self.kept: set[str] = set()

    def __contains__(self, comment_id: object) -> bool:
        return comment_id in self.kept

    def keep(self, comment_id: str, skipped: Counter[str]) -> bool:
        """True the first time an id is met; afterwards count it in `skipped` and say False."""
        if comment_id in self.kept:
            skipped[self.reason] += 1
            return False
        self.kept.add(comment_id)
        return True


def flattened_comment(
    comment_id: str,
    platform_parent: str | None,
    *,
    author: str | None,
    text: str,
    created_at: datetime | None = None,
    author_name: str | None = None,
    like_count: int | None = None,
    answered_reply: str | None = None,
) -> Comment:
    """A comment of a platform that files every reply under its top-level comment.

    `platform_parent` (None for a top-level comment) is kept as `platform_reply_to` and as a
    provisional `reply_to` that @mention re-targeting may move, unless the platform also names
    the reply this one answers (`answered_reply`).
    """
    if platform_parent is None:
        method = ReplyToMethod.GIVEN
    elif answered_reply:
        method = ReplyToMethod.EXPLICIT_FIELD
    else:
        method = ReplyToMethod.PLATFORM_PARENT
    # By position, in Comment's field order: a third cheaper than by keyword, once a comment.
    return Comment(
        comment_id,
        (answered_reply or platform_parent) if platform_parent else None,
        author,
        text,
        created_at,
        author_name,
        like_count,
        platform_parent,
        method,
    )


@dataclass
class ThreadDraft:
    """One post's comments, in input order, and what the thread and its report will say."""

    external_id: str
    _: KW_ONLY
    platform: Platform | None = None  # when the input names it per thread; else the format's
    url: str | None = None
    title: str | None = None
    creator: str | None = None
    creator_handle: str | None = None  # as importers.toolkit.creators.account_handle gives it
    collected_at: datetime | None = None
    tags: tuple[str, ...] = ()
    comments: list[Comment] = field(default_factory=list)
    # Where comment ids repeat within one post, the first copy is kept and the rest skipped;
    # None when the format deduplicates across the upload (or keeps repeats).
    first_copies: FirstCopies | None = None
    rows_read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    announced_replies: int | None = None  # what the source says exists
    # Replies present, for a format that counts them its own way (else counted when finished).
    received_replies: int | None = None
    missing_comments: int = 0  # placeholders for comments the source did not send
    limits: list[str] = field(default_factory=list)

    def add(self, comment: Comment, announced_replies: int | None = None) -> bool:
        """Keep a comment unless `first_copies` met its id; `announced_replies` is the reply
        count a top-level comment states. False for a repeat."""
        if self.first_copies is not None and not self.first_copies.keep(comment.id, self.skipped):
            return False
        self.comments.append(comment)
        if announced_replies is not None:
            self.announce(announced_replies)
        return True

    def announce(self, replies: int | None) -> None:
        """Add a reply count the source states (e.g. a top-level comment's reply total)."""
        if replies is not None:
            self.announced_replies = (self.announced_replies or 0) + replies

    def skip(self, reason: str) -> None:
        """Count a row read that holds no comment to keep."""
        self.rows_read += 1
        self.skipped[reason] += 1

    def limit(self, text: str | None) -> None:
        """Say a limit of this thread once, however many rows run into it."""
        if text is not None and text not in self.limits:
            self.limits.append(text)

    def orphan_replies(self) -> int:
        """Replies whose parent is not among this thread's comments."""
        present = {c.id for c in self.comments}
        return sum(c.reply_to is not None and c.reply_to not in present for c in self.comments)


class Drafts(dict[str, ThreadDraft]):
    """An upload's drafts by external id, in the order their posts first appear.

    A post is named as `external_id_for` says: by the request, else the input, else the file.
    """

    def __init__(self, options: ImportOptions, filename: str | None) -> None:
        super().__init__()
        self.options = options
        self.filename = filename

    def draft_for(
        self,
        named_by_input: str | None,
        *,
        url: str | None = None,
        title: str | None = None,
        creator: str | None = None,
    ) -> ThreadDraft:
        """The post's draft; a new one gets the metadata given and says if its id was guessed."""
        post = external_id_for(self.options, named_by_input, self.filename)
        draft = self.get(post.value)
        if draft is None:
            draft = self[post.value] = ThreadDraft(
                post.value, url=url, title=title, creator=creator
            )
            draft.limit(post.limit())
        return draft


def charge_to_first(drafts: Sequence[ThreadDraft], skipped: Counter[str]) -> None:
    """Rows skipped before any post could be named are counted on the upload's first thread."""
    if drafts and skipped:
        drafts[0].skipped.update(skipped)
        drafts[0].rows_read += skipped.total()
