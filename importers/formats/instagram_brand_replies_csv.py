"""CSV export of Instagram Graph API comments from a brand's moderation tool.

One row per comment on the brand's own media (`id, media_id, media_caption, media_permalink,
username, text, timestamp, …`). The brand's answer is not a row of its own but columns of the row
it answers (`respondido` t/f, `resposta_texto`, `resposta_timestamp`), so each answer is emitted
as a reply `<id>:reply` written by the account owner.
"""

from __future__ import annotations

from importers.base import ImportedThread, ImportFormat, ImportOptions
from importers.common import Problems, external_id_for
from importers.common_threads import ThreadDraft, finish_drafts, short_title
from importers.common_values import FirstCopies, flattened_comment
from importers.payload import Payload, PayloadError
from nlp.thread import Comment, Platform

FORMAT_NAME = "instagram_brand_replies_csv"
# The export never names the brand's own handle; one fixed id keeps its replies and Thread.creator
# the same person, so creator-participation metrics work.
ACCOUNT_OWNER = "account_owner"
REPLY_SUFFIX = ":reply"
REQUIRED_COLUMNS = frozenset(
    {"id", "media_id", "username", "text", "timestamp", "respondido", "resposta_texto"}
)
SOURCE_LIMITS = (
    "Graph API returns comments on owned media only (business and creator accounts)",
    "the brand's answers are columns of the row they answer: each is a reply '<id>:reply' by "
    f"{ACCOUNT_OWNER!r}, the post owner, whose handle the export does not give",
    "only the brand's answers are in the export: other users' replies are not",
    "authors are identified by username (the export has no Instagram user ids)",
)


def _detect(payload: Payload) -> bool:
    try:
        if payload.text.lstrip().startswith(("{", "[")):
            return False
        header = payload.csv_header()
    except PayloadError:
        return False
    return set(header) >= REQUIRED_COLUMNS


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    header, rows = payload.csv_rows()
    problems = Problems("Instagram brand CSV")
    missing = sorted(REQUIRED_COLUMNS - set(header))
    if missing:
        problems.add(("header",), f"missing columns: {', '.join(missing)}")
        problems.raise_if_any()
    drafts: dict[str, ThreadDraft] = {}
    first_copies = FirstCopies()
    for number, row in enumerate(rows, start=1):
        media_id = (row.get("media_id") or "").strip()
        post = external_id_for(options, media_id, payload.filename)
        draft = drafts.get(post.value)
        if draft is None:
            draft = drafts[post.value] = _new_draft(post.value, row)
            draft.limit(post.limit())
        draft.rows_read += 1
        comment_id = (row.get("id") or "").strip()
        if not comment_id:
            draft.skipped["no comment id"] += 1
            continue
        if not first_copies.keep(comment_id, draft.skipped):
            continue
        subject = f"row {number}, comment {comment_id!r}"
        username = (row.get("username") or "").strip() or None
        draft.comments.append(
            Comment(
                id=comment_id,
                reply_to=None,
                author=username,
                text=row.get("text") or "",
                created_at=problems.time(
                    row.get("timestamp"), ("row", number, "timestamp"), subject
                ),
                author_name=username,
            )
        )
        answered = (row.get("respondido") or "").strip().lower() in ("t", "true", "1")
        answer = (row.get("resposta_texto") or "").strip()
        draft.announce(1 if answered else 0)
        if answered and not answer:
            draft.skipped["answered (respondido) but no resposta_texto"] += 1
        if not answer:
            continue
        answered_at = problems.time(
            row.get("resposta_timestamp"), ("row", number, "resposta_timestamp"), subject
        )
        if answered_at is None:
            draft.limit("some answers have no resposta_timestamp: their order is the file order")
        draft.comments.append(
            flattened_comment(
                comment_id + REPLY_SUFFIX,
                comment_id,
                author=ACCOUNT_OWNER,
                text=answer,
                created_at=answered_at,
            )
        )
    problems.raise_if_any()
    return finish_drafts(drafts.values(), Platform.INSTAGRAM, FORMAT_NAME, options, SOURCE_LIMITS)


def _new_draft(key: str, row: dict[str, str]) -> ThreadDraft:
    return ThreadDraft(
        external_id=key,
        url=(row.get("media_permalink") or "").strip() or None,
        title=short_title(row.get("media_caption")),
        creator=ACCOUNT_OWNER,
    )


FORMAT = ImportFormat(
    name=FORMAT_NAME,
    description=(
        "CSV of Instagram Graph API comments from a brand tool: id, media_id, media_caption, "
        "username, text, timestamp, respondido, resposta_texto, resposta_timestamp"
    ),
    detect=_detect,
    parse=_parse,
    flattened=True,
)
