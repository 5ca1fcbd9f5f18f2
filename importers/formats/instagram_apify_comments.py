"""Apify instagram-comment-scraper datasets: one comment per record, replies nested in `replies[]`.

Records of several posts may share one file; they are grouped by `postUrl`, whose shortcode is the
post id. The records never name the post owner except in a `postUrl` of the form
`instagram.com/<username>/p/<code>/`; the owner's author id is then that of their own comments.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from importers.base import ImportedThread, ImportFormat, ImportOptions
from importers.payload import Payload
from importers.toolkit.creators import author_of_account, unidentified
from importers.toolkit.detection import sniff_records
from importers.toolkit.drafts import Drafts, charge_to_first
from importers.toolkit.instagram import owner_in_url
from importers.toolkit.instagram_apify import (
    APIFY_LIMIT,
    FLATTENED_LIMIT,
    ApifyCommentReader,
    apify_records,
    nested_reply_ids,
    shortcode,
)
from importers.toolkit.problems import Problems
from importers.toolkit.reports import finish_drafts
from importers.toolkit.values import has_keys
from nlp.thread import Platform

FORMAT_NAME = "instagram_apify_comments"
SOURCE_LIMITS = (FLATTENED_LIMIT, APIFY_LIMIT)
NO_OWNER = unidentified(
    "comment-scraper records name no post owner, and this post's postUrl has no username"
)
_COMMENT_KEYS = frozenset({"id", "text", "ownerUsername", "postUrl"})


def _detect(payload: Payload) -> bool:
    # instagram-scraper posts also carry ownerUsername and a url, but never postUrl
    return any(has_keys(record, _COMMENT_KEYS) for record in sniff_records(payload))


def _post_key(record: Any) -> str | None:
    """The post a comment record names by its postUrl; an error record names none."""
    if not isinstance(record, dict) or ("id" not in record and "error" in record):
        return None
    return shortcode(record.get("postUrl"))


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    problems = Problems("Apify Instagram comments")
    records = apify_records(payload)
    reader = ApifyCommentReader(problems, nested_reply_ids(record for _, record in records))
    drafts = Drafts(options, payload.filename)
    unplaced: Counter[str] = Counter()  # skipped records that name no post
    for loc, record in records:
        if not isinstance(record, dict):
            problems.add(loc, f"{loc[0]} {loc[1]}: a record must be a JSON object")
            continue
        if "id" not in record and "error" in record:
            unplaced["error record"] += 1  # Apify writes {url, error, …} for a failed input
            continue
        post_url = record.get("postUrl")
        url = post_url if isinstance(post_url, str) else None
        draft = drafts.draft_for(shortcode(post_url), url=url)
        draft.creator_handle = draft.creator_handle or owner_in_url(post_url)
        reader.read(draft, record, loc, None)
    problems.raise_if_any()
    for draft in drafts.values():
        draft.creator = author_of_account(Platform.INSTAGRAM, draft.comments, draft.creator_handle)
        if draft.creator_handle is None:
            draft.limit(NO_OWNER)
    charge_to_first(list(drafts.values()), unplaced)
    return finish_drafts(drafts.values(), options, FORMAT_NAME, Platform.INSTAGRAM, SOURCE_LIMITS)


FORMAT = ImportFormat(
    name=FORMAT_NAME,
    description=(
        "Apify instagram-comment-scraper dataset (JSON Lines or JSON array): records {id, text, "
        "ownerUsername, owner, timestamp, likesCount, repliesCount, replies[], postUrl}"
    ),
    detect=_detect,
    parse=_parse,
    flattened=True,
    post_key=_post_key,
)
