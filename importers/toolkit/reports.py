"""Finished drafts: the canonical threads and the honest reports a format hands back."""

from __future__ import annotations

from collections.abc import Iterable

from importers.base import ImportedThread, ImportOptions, ImportReport
from importers.toolkit.drafts import ThreadDraft
from importers.toolkit.identity import apply_external_id, platform_override
from nlp.thread import Platform, Thread


def finish_drafts(
    drafts: Iterable[ThreadDraft],
    options: ImportOptions,
    format_name: str,
    platform: Platform = Platform.OTHER,
    source_limits: Iterable[str] = (),
    *,
    count_received: bool = False,
    posts: str = "threads",
    rename_by_request: bool = True,
) -> list[ImportedThread]:
    """A thread and report for every draft.

    The request's platform wins over a draft's own, which wins over the format's `platform`.
    `source_limits` open every report. Replies received are counted next to an announced count,
    or everywhere when `count_received` (sources that list every reply they hold), unless the
    draft counted them itself. The request's external_id renames the one thread of the upload
    and refuses an upload of several `posts` ("videos"…), unless `rename_by_request` is False:
    for formats that group by it themselves, or that name every thread from the input alone.
    """
    requested = platform_override(options)
    shared_limits = tuple(source_limits)
    imported = []
    for draft in drafts:
        thread = Thread(
            platform=requested or draft.platform or platform,
            external_id=draft.external_id,
            comments=tuple(draft.comments),
            url=draft.url,
            title=draft.title,
            creator=draft.creator,
            collected_at=draft.collected_at,
            source_format=format_name,
            tags=draft.tags,
        )
        report = ImportReport(
            format=format_name,
            rows_read=draft.rows_read,
            comments_kept=len(draft.comments),
            skipped=dict(sorted(draft.skipped.items())),
            announced_replies=draft.announced_replies,
            received_replies=_received_replies(draft, count_received),
            missing_comments=draft.missing_comments,
            limits=(*shared_limits, *draft.limits),
        )
        imported.append(ImportedThread(thread, report))
    return apply_external_id(imported, options, posts) if rename_by_request else imported


def _received_replies(draft: ThreadDraft, count_received: bool) -> int | None:
    if draft.received_replies is not None:
        return draft.received_replies
    if not count_received and draft.announced_replies is None:
        return None  # nothing to compare it with
    return sum(c.reply_to is not None for c in draft.comments)
