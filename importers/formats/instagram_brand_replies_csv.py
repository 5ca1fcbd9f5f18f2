"""CSV export of Instagram Graph API comments from a brand's moderation tool.

One row per comment on the brand's own media (`id, media_id, media_caption, media_permalink,
username, text, timestamp, …`). The brand's answer is not a row of its own but columns of the row
it answers (`respondido` t/f, `resposta_texto`, `resposta_timestamp`), so each answer is emitted
as a reply `<id>:reply` written by the account owner. The export names the brand's account only
where `media_permalink` reads `instagram.com/<username>/p/<code>/`.
"""

from __future__ import annotations

from importers.base import ImportedThread, ImportFormat, ImportOptions
from importers.payload import Payload
from importers.toolkit.creators import unidentified
from importers.toolkit.csv_rows import Row, cell, comment_rows, read_rows
from importers.toolkit.detection import has_columns
from importers.toolkit.drafts import Drafts, ThreadDraft, flattened_comment, short_title
from importers.toolkit.instagram import owner_in_url
from importers.toolkit.problems import Problems
from importers.toolkit.reports import finish_drafts
from nlp.thread import Comment, Platform

FORMAT_NAME = "instagram_brand_replies_csv"
# Where the export does not name the brand's handle, one fixed id keeps its replies and
# Thread.creator the same person, so creator-participation metrics work.
ACCOUNT_OWNER = "account_owner"
REPLY_SUFFIX = ":reply"
REQUIRED_COLUMNS = frozenset(
    {"id", "media_id", "username", "text", "timestamp", "respondido", "resposta_texto"}
)
SOURCE_LIMITS = (
    "Graph API returns comments on owned media only (business and creator accounts)",
    "the brand's answers are columns of the row they answer: each is a reply '<id>:reply' by "
    f"the post owner, named by their handle where media_permalink gives it, else {ACCOUNT_OWNER!r}",
    "only the brand's answers are in the export: other users' replies are not",
    "authors are identified by username (the export has no Instagram user ids)",
)
NO_OWNER = unidentified(
    "the export does not name the brand's account (media_permalink has no username)"
)


def _detect(payload: Payload) -> bool:
    return has_columns(payload, REQUIRED_COLUMNS)


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    problems = Problems("Instagram brand CSV")
    rows = read_rows(payload, REQUIRED_COLUMNS, problems)
    drafts = Drafts(options, payload.filename)

    def draft_of(row: Row) -> ThreadDraft:
        # Usernames are this export's author ids, and Instagram's are lower case: the brand's
        # handle is also the id of the rows the brand wrote.
        owner = owner_in_url(row.get("media_permalink"))
        draft = drafts.draft_for(
            cell(row, "media_id"),
            url=cell(row, "media_permalink") or None,
            title=short_title(row.get("media_caption")),
            creator=owner or ACCOUNT_OWNER,
        )
        if draft.rows_read == 0:  # the post's first row: its permalink names the owner
            draft.creator_handle = owner
        return draft

    for number, row, draft, comment_id in comment_rows(rows, "id", draft_of):
        subject = f"row {number}, comment {comment_id!r}"
        username = cell(row, "username") or None
        created_at = problems.time(row.get("timestamp"), ("row", number, "timestamp"), subject)
        draft.add(
            Comment(
                id=comment_id,
                reply_to=None,
                author=username,
                text=row.get("text") or "",
                created_at=created_at,
                author_name=username,
            )
        )
        answered = cell(row, "respondido").lower() in ("t", "true", "1")
        answer = cell(row, "resposta_texto")
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
        draft.add(
            flattened_comment(
                comment_id + REPLY_SUFFIX,
                comment_id,
                author=draft.creator,
                text=answer,
                created_at=answered_at,
            )
        )
    problems.raise_if_any()
    for draft in drafts.values():
        if draft.creator_handle is None:
            draft.limit(NO_OWNER)
    return finish_drafts(drafts.values(), options, FORMAT_NAME, Platform.INSTAGRAM, SOURCE_LIMITS)


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
