"""Apify instagram-comment-scraper datasets: one comment per record, replies nested in `replies[]`.

Records of several posts may share one file; they are grouped by `postUrl`, whose shortcode is the
post id. The post owner is not part of these records, so the creator stays unknown.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from importers.base import ImportedThread, ImportFormat, ImportOptions
from importers.payload import Payload
from importers.toolkit.detection import sniff_records
from importers.toolkit.drafts import Drafts, charge_to_first
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
SOURCE_LIMITS = (
    FLATTENED_LIMIT,
    APIFY_LIMIT,
    "the post owner is not in comment-scraper records: creator participation cannot be computed",
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
        reader.read(drafts.draft_for(shortcode(post_url), url=url), record, loc, None)
    problems.raise_if_any()
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
