"""Finished drafts: the canonical threads and the honest reports a format hands back.

Every thread leaves here storable on SQLite and PostgreSQL alike, whatever its format: a link
that is not http(s) left out (its report names the field and the scheme refused); NUL characters
replaced by U+FFFD (and counted in its report) before reply targets are rebuilt, so a handle
holding NULs still matches itself; like counts within 64 bits, ids and tags within
MAX_KEY_LENGTH, or the input is refused naming each comment and field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from importers.base import ImportedThread, ImportOptions, ImportReport, Problem
from importers.toolkit.creators import UNIDENTIFIED, with_requested_creator
from importers.toolkit.drafts import ThreadDraft
from importers.toolkit.identity import apply_external_id, creator_override, platform_override
from importers.toolkit.problems import raise_problems
from importers.toolkit.values import (
    MAX_COUNT,
    MAX_KEY_LENGTH,
    NUL,
    count_problem,
    link_problem,
    without_nul,
)
from nlp.thread import Comment, Platform, Thread

_THREAD_TEXTS = ("external_id", "url", "title", "creator", "creator_handle")
_COMMENT_TEXTS = ("id", "reply_to", "author", "author_name", "text", "platform_reply_to")
_SHOWN_LENGTH = 40  # characters of an id quoted in a problem


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

    The request's platform wins over a draft's own, which wins over the format's `platform`,
    and its creator_handle over every draft's (the report then says the request named the
    creator, not that it could not be identified). `source_limits` open every report. Replies
    received are counted next to an announced count, or everywhere when `count_received`
    (sources that list every reply they hold), unless the draft counted them itself. The
    request's external_id renames the one thread of the upload and refuses an upload of several
    `posts` ("videos"…), unless `rename_by_request` is False: for formats that group by it
    themselves, or that name every thread from the input alone.
    """
    requested = platform_override(options)
    named_creator = creator_override(options)
    shared_limits = tuple(source_limits)
    imported = []
    for draft in drafts:
        refused_link = _refused_link(draft.url)
        thread = Thread(
            platform=requested or draft.platform or platform,
            external_id=draft.external_id,
            comments=tuple(draft.comments),
            url=None if refused_link else draft.url,
            title=draft.title,
            creator=draft.creator,
            creator_handle=draft.creator_handle,
            collected_at=draft.collected_at,
            source_format=format_name,
            tags=draft.tags,
        )
        limits = (*shared_limits, *draft.limits, *([refused_link] if refused_link else []))
        if named_creator is not None:
            thread, note = with_requested_creator(thread, named_creator)
            limits = (*(line for line in limits if not line.startswith(UNIDENTIFIED)), note)
        report = ImportReport(
            format=format_name,
            rows_read=draft.rows_read,
            comments_kept=len(draft.comments),
            skipped=dict(sorted(draft.skipped.items())),
            announced_replies=draft.announced_replies,
            received_replies=_received_replies(draft, count_received),
            missing_comments=draft.missing_comments,
            limits=limits,
        )
        imported.append(ImportedThread(thread, report))
    named = apply_external_id(imported, options, posts) if rename_by_request else imported
    storable = [_without_nul(item) for item in named]
    raise_problems(format_name, [p for item in storable for p in _storage_problems(item.thread)])
    return storable


def _refused_link(url: str | None) -> str | None:
    """The report's line for a link that is not stored (not http(s)); None for a kept one."""
    problem = None if url is None else link_problem(url)
    return None if problem is None else f"url not stored: it {problem}"


def _received_replies(draft: ThreadDraft, count_received: bool) -> int | None:
    if draft.received_replies is not None:
        return draft.received_replies
    if not count_received and draft.announced_replies is None:
        return None  # nothing to compare it with
    return sum(c.reply_to is not None for c in draft.comments)


def _without_nul(imported: ImportedThread) -> ImportedThread:
    """The thread with every NUL character replaced by U+FFFD, their number in its report."""
    thread = imported.thread
    changes, replaced = _replaced(thread, _THREAD_TEXTS)
    if any(NUL in tag for tag in thread.tags):
        replaced += sum(tag.count(NUL) for tag in thread.tags)
        changes["tags"] = tuple(without_nul(tag) for tag in thread.tags)
    comments = thread.comments
    if _any_nul(comments):  # rarely: then comment by comment
        fixed: list[Comment] = []
        for comment in comments:
            comment_changes, count = _replaced(comment, _COMMENT_TEXTS)
            fixed.append(replace(comment, **comment_changes) if count else comment)
            replaced += count
        comments = tuple(fixed)
    if not replaced:
        return imported
    report = imported.report
    return ImportedThread(
        replace(thread, comments=comments, **changes),
        replace(report, replaced_nul_characters=report.replaced_nul_characters + replaced),
    )


def _any_nul(comments: Iterable[Comment]) -> bool:
    """Whether a NUL is in any comment's _COMMENT_TEXTS: one search in each, copying nothing."""
    return any(
        NUL in c.text
        or NUL in c.id
        or NUL in (c.reply_to or "")
        or NUL in (c.author or "")
        or NUL in (c.author_name or "")
        or NUL in (c.platform_reply_to or "")
        for c in comments
    )


def _replaced(item: Thread | Comment, names: tuple[str, ...]) -> tuple[dict[str, Any], int]:
    """The fields of `item` among `names` that hold NULs, replaced; and how many NULs."""
    changes: dict[str, Any] = {}
    count = 0
    for name in names:
        value = getattr(item, name)
        if isinstance(value, str) and NUL in value:
            changes[name] = without_nul(value)
            count += value.count(NUL)
    return changes, count


def _storage_problems(thread: Thread) -> list[Problem]:
    """What of the thread no database column can hold: too long keys, counts beyond 64 bits."""
    post = f"post {_shown(thread.external_id)}"
    found = []
    if len(thread.external_id) > MAX_KEY_LENGTH:
        found.append(
            Problem(("external_id",), f"{post}: external_id {_too_long(thread.external_id)}")
        )
    if thread.creator_handle is not None and len(thread.creator_handle) > MAX_KEY_LENGTH:
        handle = thread.creator_handle
        found.append(Problem(("creator_handle",), f"{post}: creator_handle {_too_long(handle)}"))
    found.extend(
        Problem(("tags",), f"{post}: tag {_shown(tag)} {_too_long(tag)}")
        for tag in thread.tags
        if len(tag) > MAX_KEY_LENGTH
    )
    for comment in thread.comments:
        like_count = comment.like_count
        if len(comment.id) <= MAX_KEY_LENGTH and (
            like_count is None or (type(like_count) is int and 0 <= like_count <= MAX_COUNT)
        ):
            continue  # the usual case, told apart without building any message
        if len(comment.id) > MAX_KEY_LENGTH:
            loc = ("comments", _short(comment.id), "id")
            msg = f"{post}, comment {_shown(comment.id)}: id {_too_long(comment.id)}"
            found.append(Problem(loc, msg))
        problem = count_problem(comment.like_count)
        if problem is not None:
            loc = ("comments", comment.id, "like_count")
            found.append(
                Problem(loc, f"{post}, comment {_shown(comment.id)}: like_count {problem}")
            )
    return found


def _short(value: str) -> str:
    return value if len(value) <= _SHOWN_LENGTH else value[:_SHOWN_LENGTH] + "…"


def _shown(value: str) -> str:
    return repr(_short(value))


def _too_long(value: str) -> str:
    return f"is {len(value)} characters long; ids and tags hold at most {MAX_KEY_LENGTH}"
