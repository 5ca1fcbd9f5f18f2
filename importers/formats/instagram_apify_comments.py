"""Apify instagram-comment-scraper datasets: one comment per record, replies nested in `replies[]`.

Records of several posts may share one file; they are grouped by `postUrl`, whose shortcode is the
post id. The post owner is not part of these records, so the creator stays unknown.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from importers.base import ImportedThread, ImportFormat, ImportOptions
from importers.common import Problems, external_id_for
from importers.common_threads import ThreadDraft, charge_to_first, finish_drafts
from importers.formats.instagram_apify_common import (
    APIFY_LIMIT,
    FLATTENED_LIMIT,
    ApifyCommentReader,
    apify_records,
    leading_records,
    nested_reply_ids,
    shortcode,
)
from importers.payload import Payload
from nlp.thread import Platform

FORMAT_NAME = "instagram_apify_comments"
SOURCE_LIMITS = (
    FLATTENED_LIMIT,
    APIFY_LIMIT,
    "the post owner is not in comment-scraper records: creator participation cannot be computed",
)
_COMMENT_KEYS = frozenset({"id", "text", "ownerUsername", "postUrl"})


def _is_comment(record: Any) -> bool:
    # instagram-scraper posts also carry ownerUsername and a url, but never postUrl
    return isinstance(record, dict) and record.keys() >= _COMMENT_KEYS


def _detect(payload: Payload) -> bool:
    return any(_is_comment(record) for record in leading_records(payload))


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    problems = Problems("Apify Instagram comments")
    records = apify_records(payload)
    reader = ApifyCommentReader(problems, nested_reply_ids(record for _, record in records))
    drafts: dict[str, ThreadDraft] = {}
    unplaced: Counter[str] = Counter()  # skipped records that name no post
    for loc, record in records:
        if not isinstance(record, dict):
            problems.add(loc, f"{loc[0]} {loc[1]}: a record must be a JSON object")
            continue
        if "id" not in record and "error" in record:
            unplaced["error record"] += 1  # Apify writes {url, error, …} for a failed input
            continue
        post_url = record.get("postUrl")
        post = external_id_for(options, shortcode(post_url), payload.filename)
        draft = drafts.get(post.value)
        if draft is None:
            draft = drafts[post.value] = ThreadDraft(external_id=post.value)
            draft.url = post_url if isinstance(post_url, str) else None
            draft.limit(post.limit())
        reader.read(draft, record, loc, None)
    problems.raise_if_any()
    charge_to_first(list(drafts.values()), unplaced)
    return finish_drafts(drafts.values(), Platform.INSTAGRAM, FORMAT_NAME, options, SOURCE_LIMITS)


FORMAT = ImportFormat(
    name=FORMAT_NAME,
    description=(
        "Apify instagram-comment-scraper dataset (JSON Lines or JSON array): records {id, text, "
        "ownerUsername, owner, timestamp, likesCount, repliesCount, replies[], postUrl}"
    ),
    detect=_detect,
    parse=_parse,
    flattened=True,
)
