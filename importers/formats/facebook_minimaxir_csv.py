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
from importers.common import Problems, external_id_for
from importers.common_threads import ThreadDraft, finish_drafts
from importers.common_values import FirstCopies, as_count, flattened_comment
from importers.payload import Payload, PayloadError
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


def _detect(payload: Payload) -> bool:
    try:
        if payload.text.lstrip().startswith(("{", "[")):
            return False
        header, _ = payload.csv_rows()
    except PayloadError:
        return False
    return set(header) >= REQUIRED_COLUMNS


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    header, rows = payload.csv_rows()
    problems = Problems("facebook-page-post-scraper CSV")
    missing = sorted(REQUIRED_COLUMNS - set(header))
    if missing:
        problems.add(("header",), f"missing columns: {', '.join(missing)}")
        problems.raise_if_any()
    drafts: dict[str, ThreadDraft] = {}
    first_copies = FirstCopies()
    for number, row in enumerate(rows, start=1):
        status_id = (row.get("status_id") or "").strip()
        post = external_id_for(options, status_id, payload.filename)
        draft = drafts.get(post.value)
        if draft is None:
            draft = drafts[post.value] = _new_draft(post.value, status_id)
            draft.limit(post.limit())
        draft.rows_read += 1
        comment_id = (row.get("comment_id") or "").strip()
        if not comment_id:
            draft.skipped["no comment id"] += 1
            continue
        if not first_copies.keep(comment_id, draft.skipped):
            continue
        subject = f"row {number}, comment {comment_id!r}"
        published = problems.time(
            row.get("comment_published"), ("row", number, "comment_published"), subject
        )
        if published is not None and _written_without_zone(row.get("comment_published")):
            published -= SCRAPER_UTC_OFFSET
        author = (row.get("comment_author") or "").strip()
        if author.lower() in HIDDEN_AUTHOR_MARKERS:
            draft.limit(NO_AUTHOR_LIMIT)
            author = ""
        else:
            draft.limit(NAME_AUTHOR_LIMIT)
        draft.comments.append(
            flattened_comment(
                comment_id,
                (row.get("parent_id") or "").strip() or None,
                author=author or None,
                text=row.get("comment_message") or "",
                created_at=published,
                author_name=author or None,
                like_count=as_count(row.get("num_likes")),
            )
        )
    problems.raise_if_any()
    return finish_drafts(drafts.values(), Platform.FACEBOOK, FORMAT_NAME, options, SOURCE_LIMITS)


def _written_without_zone(value: str | None) -> bool:
    text = (value or "").strip()
    return not (text.endswith("Z") or "+" in text[10:] or "-" in text[10:])


def _new_draft(key: str, status_id: str) -> ThreadDraft:
    page, _, post = status_id.partition("_")
    draft = ThreadDraft(external_id=key)
    if page and post:
        # Graph API post ids read `<page>_<post>`: the Page owns the post.
        draft.creator = page
        draft.url = f"https://www.facebook.com/{page}/posts/{post}"
    return draft


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
