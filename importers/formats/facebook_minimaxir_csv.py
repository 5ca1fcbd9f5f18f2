"""minimaxir facebook-page-post-scraper comment CSVs (`<page>_facebook_comments.csv`, Graph API v2).

Columns: comment_id, status_id (the post, `<page>_<post>`), parent_id (empty for a top-level
comment, else the top-level comment_id), comment_message, comment_author, comment_published,
num_reactions, num_likes, …. The scraper shifts every time by a fixed -5 hours ("EST") before
writing it without a zone, so the shift is undone here. Post titles live in the separate statuses
CSV, which is not needed.
"""

from __future__ import annotations

from datetime import timedelta

from importers.base import ImportedThread, ImportFormat, ImportOptions
from importers.payload import Payload
from importers.toolkit.creators import account_handle, unidentified
from importers.toolkit.csv_rows import Row, cell, comment_rows, read_rows
from importers.toolkit.detection import has_columns
from importers.toolkit.drafts import Drafts, ThreadDraft, flattened_comment
from importers.toolkit.problems import Problems
from importers.toolkit.reports import finish_drafts
from importers.toolkit.values import as_count
from nlp.thread import Platform

FORMAT_NAME = "facebook_minimaxir_csv"
REQUIRED_COLUMNS = frozenset(
    {"comment_id", "status_id", "parent_id", "comment_message", "comment_published"}
)
# get_fb_comments_from_fb.py: `created_time + timedelta(hours=-5)  # EST`, all year round
SCRAPER_UTC_OFFSET = timedelta(hours=-5)
# what the scraper wrote once the API stopped returning commenter identity (2018)
HIDDEN_AUTHOR_MARKERS = frozenset({"", "undiscoverable", "deprecated"})
SOURCE_LIMITS = (
    "comment_published is UTC-5 (the scraper's fixed 'EST' shift): converted back to UTC",
    "Facebook files replies to replies under the top-level comment: reply targets are rebuilt "
    "from leading @mentions",
)
NO_AUTHOR_LIMIT = (
    "comment_author is 'undiscoverable' (the Graph API stopped returning commenter identity in "
    "2018): author-based metrics cannot be computed"
)
NAME_AUTHOR_LIMIT = "authors are identified by display name (comment_author), not by id"
NO_PAGE = unidentified("status_id does not read <page id>_<post id>, so no Page is named")


def _detect(payload: Payload) -> bool:
    return has_columns(payload, REQUIRED_COLUMNS)


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    problems = Problems("facebook-page-post-scraper CSV")
    rows = read_rows(payload, REQUIRED_COLUMNS, problems)
    drafts = Drafts(options, payload.filename)

    def draft_of(row: Row) -> ThreadDraft:
        status_id = cell(row, "status_id")
        page, _, post = status_id.partition("_")
        owned = bool(page and post)  # Graph API post ids read `<page>_<post>`: the Page owns it
        draft = drafts.draft_for(
            status_id,
            url=f"https://www.facebook.com/{page}/posts/{post}" if owned else None,
            creator=page if owned else None,
        )
        draft.creator_handle = account_handle(Platform.FACEBOOK, draft.creator)
        if draft.creator_handle is None:
            draft.limit(NO_PAGE)
        return draft

    for number, row, draft, comment_id in comment_rows(rows, "comment_id", draft_of):
        subject = f"row {number}, comment {comment_id!r}"
        published = problems.time(
            row.get("comment_published"), ("row", number, "comment_published"), subject
        )
        if published is not None and _written_without_zone(row.get("comment_published")):
            published -= SCRAPER_UTC_OFFSET
        author = cell(row, "comment_author")
        if author.lower() in HIDDEN_AUTHOR_MARKERS:
            draft.limit(NO_AUTHOR_LIMIT)
            author = ""
        else:
            draft.limit(NAME_AUTHOR_LIMIT)
        draft.add(
            flattened_comment(
                comment_id,
                cell(row, "parent_id") or None,
                author=author or None,
                text=row.get("comment_message") or "",
                created_at=published,
                author_name=author or None,
                like_count=as_count(row.get("num_likes")),
            )
        )
    problems.raise_if_any()
    return finish_drafts(drafts.values(), options, FORMAT_NAME, Platform.FACEBOOK, SOURCE_LIMITS)


def _written_without_zone(value: str | None) -> bool:
    text = (value or "").strip()
    return not (text.endswith("Z") or "+" in text[10:] or "-" in text[10:])


FORMAT = ImportFormat(
    name=FORMAT_NAME,
    description=(
        "minimaxir facebook-page-post-scraper comments CSV: comment_id, status_id, parent_id, "
        "comment_message, comment_author, comment_published, num_reactions, …"
    ),
    detect=_detect,
    parse=_parse,
    flattened=True,
)
