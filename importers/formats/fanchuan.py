"""FanChuan parody-detection benchmark CSV (Reddit-Trump / Tiktok-Trump subsets).

Columns: id, comment_id, parent_comment_id, user_id, parent_user_id, parent_content, content,
support, parody. Each subset is the comments of one post, split into train/val/test files, so a
file (or the three joined) is one thread. Only annotated comments are rows, but every reply carries
its parent's id, pseudonymous user id and text, so a parent that is not a row is rebuilt from them.
"""

from __future__ import annotations

import re
from collections import Counter

from importers.base import (
    ImportedThread,
    ImportFormat,
    ImportOptions,
    ImportReport,
    InvalidInput,
    Problem,
    count_skips,
)
from importers.common import external_id_for, platform_override
from importers.payload import Payload, PayloadError
from nlp.thread import Comment, Platform, ReplyToMethod, Thread

REQUIRED_COLUMNS = (
    "comment_id",
    "parent_comment_id",
    "user_id",
    "parent_user_id",
    "parent_content",
    "content",
)
_REDDIT_ID = re.compile(r"[0-9a-z]+")
_TIKTOK_ID = re.compile(r"\d{15,}")
FIXED_LIMITS = (
    "FanChuan files carry no timestamps, likes or post: creator and title are unknown",
    "user ids are per-subset integer pseudonyms",
    "the support and parody labels are not imported",
)


def _detect(payload: Payload) -> bool:
    try:
        if payload.text.lstrip("\ufeff \t\r\n").startswith(("{", "[")):
            return False
        return set(REQUIRED_COLUMNS) <= {c.strip() for c in payload.csv_header()}
    except PayloadError:
        return False


def _pseudonym(value: str | None) -> str | None:
    """A user id; pandas wrote the parent column as floats ("540.0") because of its empty cells."""
    text = (value or "").strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text or None


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    header, rows = payload.csv_rows()
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InvalidInput(
            f"not a FanChuan CSV: missing columns {', '.join(missing)}",
            [Problem(("header",), f"missing column {c!r}") for c in missing],
        )
    skipped: Counter[str] = Counter()
    comments: dict[str, Comment] = {}
    parents: dict[str, Comment] = {}  # rebuilt from the columns of the replies that name them
    for row in rows:
        comment_id = (row.get("comment_id") or "").strip()
        if not comment_id:
            skipped["row without comment_id"] += 1
            continue
        if comment_id in comments:
            skipped["duplicate comment_id"] += 1
            continue
        parent_id = (row.get("parent_comment_id") or "").strip() or None
        comments[comment_id] = Comment(
            id=comment_id,
            reply_to=parent_id,
            author=_pseudonym(row.get("user_id")),
            text=row.get("content") or "",
            reply_to_method=ReplyToMethod.GIVEN,
        )
        if parent_id and parent_id not in parents:
            parents[parent_id] = Comment(
                id=parent_id,
                reply_to=None,
                author=_pseudonym(row.get("parent_user_id")),
                text=row.get("parent_content") or "",
                reply_to_method=ReplyToMethod.GIVEN,
            )
    ordered = _with_rebuilt_parents(comments, parents)
    post = external_id_for(options, None, payload.filename)
    platform, platform_limits = _platform(options, [c.id for c in ordered])
    rebuilt = len(ordered) - len(comments)
    id_limit = post.limit()
    limits = [*([id_limit] if id_limit else []), *platform_limits, *FIXED_LIMITS]
    if rebuilt:
        limits.append(
            f"{rebuilt} reconstructed parents: comments that are not rows, rebuilt from "
            "parent_comment_id, parent_user_id and parent_content; their own parent is unknown, "
            "so they count as top-level"
        )
    thread = Thread(
        platform=platform,
        external_id=post.value,
        comments=tuple(ordered),
        source_format=FORMAT.name,
    )
    report = ImportReport(
        format=FORMAT.name,
        rows_read=len(rows),
        comments_kept=len(ordered),
        skipped=count_skips(skipped),
        limits=tuple(limits),
    )
    return [ImportedThread(thread, report)]


def _with_rebuilt_parents(
    comments: dict[str, Comment], parents: dict[str, Comment]
) -> list[Comment]:
    """Rows in file order, each rebuilt parent placed just before its first reply."""
    ordered: list[Comment] = []
    placed: set[str] = set()
    for comment in comments.values():
        parent = comment.reply_to
        if parent and parent not in comments and parent not in placed:
            ordered.append(parents[parent])
            placed.add(parent)
        ordered.append(comment)
    return ordered


def _platform(options: ImportOptions, ids: list[str]) -> tuple[Platform, tuple[str, ...]]:
    """The request's platform, else the one the comment ids' shape gives away."""
    requested = platform_override(options)
    if requested is not None:
        return requested, ()
    if ids and all(_TIKTOK_ID.fullmatch(i) for i in ids):
        return Platform.TIKTOK, ("platform inferred from the comment ids (TikTok numeric ids)",)
    if ids and all(_REDDIT_ID.fullmatch(i) for i in ids) and any(not i.isdigit() for i in ids):
        # The "Tiktok-Trump" subset is a Reddit thread about a TikTok clip: its ids are Reddit's.
        return Platform.REDDIT, ("platform inferred from the comment ids (Reddit base-36 ids)",)
    return Platform.OTHER, (
        "the comment ids do not reveal the platform and none was given: platform is 'other'",
    )


FORMAT = ImportFormat(
    name="fanchuan",
    description=(
        "FanChuan benchmark CSV (id, comment_id, parent_comment_id, user_id, parent_user_id, "
        "parent_content, content, support, parody); one file is one thread"
    ),
    detect=_detect,
    parse=_parse,
)
