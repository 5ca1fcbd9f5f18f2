"""A post's comments and bookkeeping while an export is read, and the thread and report made of it.

Part of the importers' shared toolkit (see `importers.common`); nothing here does I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from importers.base import ImportedThread, ImportOptions, ImportReport, count_skips
from importers.common import apply_external_id, platform_override
from nlp.thread import Comment, Platform, Thread

TITLE_LENGTH = 300


def short_title(text: object) -> str | None:
    """A post's text or caption as a thread title: stripped, cut to TITLE_LENGTH, None if blank."""
    if not isinstance(text, str):
        return None
    return text.strip()[:TITLE_LENGTH] or None


@dataclass
class ThreadDraft:
    """One post's comments, in input order, and what the report will say about them."""

    external_id: str
    comments: list[Comment] = field(default_factory=list)
    rows_read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    announced_replies: int | None = None  # what the source says exists
    url: str | None = None
    title: str | None = None
    creator: str | None = None
    limits: list[str] = field(default_factory=list)

    def announce(self, replies: int | None) -> None:
        """Add a reply count the source states (e.g. a top-level comment's reply total)."""
        if replies is not None:
            self.announced_replies = (self.announced_replies or 0) + replies

    def limit(self, text: str | None) -> None:
        """Say a limit of this thread once, however many rows run into it."""
        if text is not None and text not in self.limits:
            self.limits.append(text)


def charge_to_first(drafts: Sequence[ThreadDraft], skipped: Counter[str]) -> None:
    """Rows skipped before any post could be named are counted on the upload's first thread."""
    if drafts and skipped:
        drafts[0].skipped.update(skipped)
        drafts[0].rows_read += skipped.total()


def finish_drafts(
    drafts: Iterable[ThreadDraft],
    default_platform: Platform,
    format_name: str,
    options: ImportOptions,
    source_limits: Iterable[str] = (),
    *,
    received_without_announcement: bool = False,
    posts: str = "threads",
) -> list[ImportedThread]:
    """Threads and reports for every draft; the request's platform and external_id win.

    Replies received are counted only next to an announced count, unless
    `received_without_announcement`: then also where the source announces nothing. `posts` names
    what the drafts are ("videos"…) when an external_id is refused.
    """
    platform = platform_override(options) or default_platform
    shared_limits = tuple(source_limits)
    imported = []
    for draft in drafts:
        replies = sum(c.platform_reply_to is not None for c in draft.comments)
        counted = received_without_announcement or draft.announced_replies is not None
        thread = Thread(
            platform=platform,
            external_id=draft.external_id,
            comments=tuple(draft.comments),
            url=draft.url,
            title=draft.title,
            creator=draft.creator,
            source_format=format_name,
        )
        report = ImportReport(
            format=format_name,
            rows_read=draft.rows_read,
            comments_kept=len(draft.comments),
            skipped=count_skips(draft.skipped),
            announced_replies=draft.announced_replies,
            received_replies=replies if counted else None,
            limits=(*shared_limits, *draft.limits),
        )
        imported.append(ImportedThread(thread, report))
    return apply_external_id(imported, options, posts)
