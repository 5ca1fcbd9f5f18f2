"""FanChuan parody-detection benchmark CSV (Reddit-Trump / Tiktok-Trump subsets).

Columns: id, comment_id, parent_comment_id, user_id, parent_user_id, parent_content, content,
support, parody. Each subset is the comments of one post, split into train/val/test files, so a
file (or the three joined) is one thread. Only annotated comments are rows, but every reply carries
its parent's id, pseudonymous user id and text, so a parent that is not a row is rebuilt from them.
No row is the post, so nothing names its creator.
"""

from __future__ import annotations

import re

from importers.base import ImportedThread, ImportFormat, ImportOptions, InvalidInput, Problem
from importers.payload import Payload
from importers.toolkit.creators import unidentified
from importers.toolkit.csv_rows import Row, cell, read_csv
from importers.toolkit.detection import has_columns
from importers.toolkit.drafts import FirstCopies, ThreadDraft
from importers.toolkit.identity import external_id_for, platform_override
from importers.toolkit.reports import finish_drafts
from nlp.thread import Comment, Platform

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
    "FanChuan files carry no timestamps, likes or post: the title is unknown",
    unidentified("FanChuan files have no row for the post, so no field names its author"),
    "user ids are per-subset integer pseudonyms",
    "the support and parody labels are not imported",
)


def _detect(payload: Payload) -> bool:
    return has_columns(payload, REQUIRED_COLUMNS)


def _pseudonym(value: str | None) -> str | None:
    """A user id; pandas wrote the parent column as floats ("540.0") because of its empty cells."""
    text = (value or "").strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text or None


def _comment(row: Row, prefix: str = "", reply_to: str | None = None) -> Comment:
    """The comment named by a row's `<prefix>comment_id`, `<prefix>user_id` and
    `<prefix>content`: the row's own (no prefix) or its parent ("parent_")."""
    return Comment(
        id=cell(row, f"{prefix}comment_id"),
        reply_to=reply_to,
        author=_pseudonym(row.get(f"{prefix}user_id")),
        text=row.get(f"{prefix}content") or "",
    )


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    header, rows = read_csv(payload)
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InvalidInput(
            f"not a FanChuan CSV: missing columns {', '.join(missing)}",
            [Problem(("header",), f"missing column {c!r}") for c in missing],
        )
    post = external_id_for(options, None, payload.filename)
    draft = ThreadDraft(post.value, first_copies=FirstCopies("duplicate comment_id"))
    parents: dict[str, Comment] = {}  # rebuilt from the columns of the replies that name them
    for row in rows:
        comment = _comment(row, reply_to=cell(row, "parent_comment_id") or None)
        if not comment.id:
            draft.skipped["row without comment_id"] += 1
        elif draft.add(comment) and comment.reply_to and comment.reply_to not in parents:
            parents[comment.reply_to] = _comment(row, prefix="parent_")
    rows_kept = len(draft.comments)
    draft.comments = _with_rebuilt_parents(draft.comments, parents)
    draft.rows_read = len(rows)
    draft.platform, platform_limits = _platform(options, [c.id for c in draft.comments])
    draft.limit(post.limit())
    draft.limits += [*platform_limits, *FIXED_LIMITS]
    rebuilt = len(draft.comments) - rows_kept
    if rebuilt:
        draft.limits.append(
            f"{rebuilt} reconstructed parents: comments that are not rows, rebuilt from "
            "parent_comment_id, parent_user_id and parent_content; their own parent is unknown, "
            "so they count as top-level"
        )
    return finish_drafts([draft], options, FORMAT.name)


def _with_rebuilt_parents(comments: list[Comment], parents: dict[str, Comment]) -> list[Comment]:
    """Rows in file order, each rebuilt parent placed just before its first reply."""
    ids = {comment.id for comment in comments}
    ordered: list[Comment] = []
    placed: set[str] = set()
    for comment in comments:
        parent = comment.reply_to
        if parent and parent not in ids and parent not in placed:
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
