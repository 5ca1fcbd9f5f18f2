"""Shared pieces of the Meta importers (Instagram and Facebook Graph API exports and their tools).

Graph API responses come as pages `{"data": [...], "paging": {...}}`; a user who saved every page of
a listing uploads them as one JSON array. The paging URLs name the object and edge the page lists
(`/v19.0/<object-id>/comments`), which is often the only place the post id appears.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath
from typing import Any

from importers.base import ImportedThread, ImportOptions, ImportReport, InvalidInput, Problem
from importers.formats.canonical import MAX_PROBLEMS, platform_from_options
from importers.payload import Payload, PayloadError
from importers.timeparse import TimestampError, parse_timestamp
from nlp.thread import Comment, Platform, ReplyToMethod, Thread

UNKNOWN_POST = "unknown"
TITLE_LENGTH = 300
_PAGING_PATH = re.compile(r"graph\.(?:facebook|instagram)\.com/(?:v[\d.]+/)?([\w.\-]+)/(\w+)")


def json_document(payload: Payload) -> Any:
    """The upload as one JSON document, or None when it is not one (detection must not raise)."""
    try:
        if not payload.looks_like_json_document():
            return None
        return payload.json()
    except PayloadError:
        return None


def graph_pages(document: Any) -> list[dict[str, Any]] | None:
    """The pages of a Graph API listing: one page object or an array of them; None otherwise."""
    pages = document if isinstance(document, list) else [document]
    if not pages or not all(isinstance(p, dict) and isinstance(p.get("data"), list) for p in pages):
        return None
    return pages


def first_graph_item(document: Any) -> dict[str, Any] | None:
    """The first comment-like object of the first non-empty page, for structural detection."""
    for page in graph_pages(document) or []:
        if page["data"]:
            first = page["data"][0]
            return first if isinstance(first, dict) else None
    return None


def paging_target(page: dict[str, Any]) -> tuple[str, str] | None:
    """(object id, edge) named by a page's next/previous URL, e.g. ("1784…", "comments")."""
    paging = page.get("paging")
    if not isinstance(paging, dict):
        return None
    for key in ("next", "previous"):
        url = paging.get(key)
        if isinstance(url, str) and (match := _PAGING_PATH.search(url)):
            return match.group(1), match.group(2)
    return None


def text_id(value: object) -> str | None:
    """An id as text: platforms and JSON writers hand out both strings and numbers."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def sub_object(item: dict[str, Any], key: str) -> dict[str, Any]:
    """A nested object such as `from` or `owner`, or {} when it is absent or not an object."""
    value = item.get(key)
    return value if isinstance(value, dict) else {}


def count(value: object) -> int | None:
    """A non-negative count (like_count, comment_count…), or None when absent or unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def fallback_post_id(payload: Payload) -> tuple[str, str]:
    """A post id for an export that does not name its post: the file name stem, else "unknown"."""
    stem = PurePath(payload.filename).name.split(".")[0] if payload.filename else ""
    if stem:
        return stem, f"the export does not name its post: external_id is the file name {stem!r}"
    return UNKNOWN_POST, 'the export does not name its post: external_id is "unknown"'


def flattened_links(parent: str | None) -> tuple[str | None, str | None, ReplyToMethod]:
    """reply_to, platform_reply_to and method for a comment whose platform parent is `parent`.

    These platforms file every reply under its top-level comment, so the platform parent is kept
    as a provisional target that @mention re-targeting may move.
    """
    if parent is None:
        return None, None, ReplyToMethod.GIVEN
    return parent, parent, ReplyToMethod.PLATFORM_PARENT


class Problems:
    """Collects what is wrong with an input so the user sees every broken place at once."""

    def __init__(self, format_label: str) -> None:
        self.format_label = format_label
        self.found: list[Problem] = []

    def add(self, loc: tuple[str | int, ...], msg: str) -> None:
        self.found.append(Problem(loc, msg))

    def time(self, value: object, loc: tuple[str | int, ...], subject: str) -> datetime | None:
        try:
            return parse_timestamp(value)
        except TimestampError:
            self.add(loc, f"{subject}: not a readable time: {value!r}")
            return None

    def raise_if_any(self) -> None:
        if not self.found:
            return
        shown = self.found[:MAX_PROBLEMS]
        more = f" (first {MAX_PROBLEMS} shown)" if len(self.found) > MAX_PROBLEMS else ""
        raise InvalidInput(
            f"the {self.format_label} input has {len(self.found)} problems{more}", shown
        )


@dataclass
class ThreadDraft:
    """One post's comments and bookkeeping while an export is read."""

    external_id: str
    comments: list[Comment] = field(default_factory=list)
    rows_read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    announced_replies: int | None = None
    url: str | None = None
    title: str | None = None
    creator: str | None = None
    limits: list[str] = field(default_factory=list)

    def announce(self, replies: int | None) -> None:
        if replies is not None:
            self.announced_replies = (self.announced_replies or 0) + replies

    def limit(self, text: str) -> None:
        if text not in self.limits:
            self.limits.append(text)


def short_title(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    return text.strip()[:TITLE_LENGTH] or None


def finish(
    draft: ThreadDraft,
    default_platform: Platform,
    format_name: str,
    options: ImportOptions,
    source_limits: tuple[str, ...] = (),
) -> ImportedThread:
    """The canonical thread and its report; options override the platform and post id."""
    thread = Thread(
        platform=platform_from_options(options) or default_platform,
        external_id=options.external_id or draft.external_id,
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
        skipped=dict(sorted(draft.skipped.items())),
        announced_replies=draft.announced_replies,
        received_replies=sum(c.reply_to is not None for c in draft.comments)
        if draft.announced_replies is not None
        else None,
        limits=(*source_limits, *draft.limits),
    )
    return ImportedThread(thread, report)
