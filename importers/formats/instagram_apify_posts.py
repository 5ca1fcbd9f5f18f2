"""Apify instagram-scraper post datasets: one post per record, a sample in `latestComments[]`.

Each post becomes a thread: `shortCode` is its id, `ownerUsername` its creator's handle (`ownerId`
the creator's author id), `caption` its title. Only the latest comments (and the replies nested in
them) come with a post, not all `commentsCount`.
"""

from __future__ import annotations

from collections import Counter

from importers.base import ImportedThread, ImportFormat, ImportOptions
from importers.payload import Payload
from importers.toolkit.creators import account_handle, author_of_account, unidentified
from importers.toolkit.detection import sniff_records
from importers.toolkit.drafts import ThreadDraft, charge_to_first, short_title
from importers.toolkit.instagram import owner_in_url
from importers.toolkit.instagram_apify import (
    APIFY_LIMIT,
    FLATTENED_LIMIT,
    ApifyCommentReader,
    apify_records,
    nested_reply_ids,
    where,
)
from importers.toolkit.problems import Problems
from importers.toolkit.reports import finish_drafts
from importers.toolkit.values import as_count, as_id, has_keys
from nlp.thread import Platform

FORMAT_NAME = "instagram_apify_posts"
SOURCE_LIMITS = (FLATTENED_LIMIT, APIFY_LIMIT)
_POST_KEYS = frozenset({"shortCode", "latestComments", "ownerUsername"})


def _detect(payload: Payload) -> bool:
    return any(has_keys(record, _POST_KEYS) for record in sniff_records(payload))


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    problems = Problems("Apify Instagram posts")
    records = apify_records(payload)
    reader = ApifyCommentReader(
        problems,
        nested_reply_ids(
            comment
            for _, record in records
            if isinstance(record, dict) and isinstance(record.get("latestComments"), list)
            for comment in record["latestComments"]
        ),
    )
    drafts: list[ThreadDraft] = []
    unusable: Counter[str] = Counter()  # records that are not posts
    for loc, record in records:
        if not isinstance(record, dict):
            problems.add(loc, f"{where(loc)}: a record must be a JSON object")
            continue
        post_id = as_id(record.get("shortCode")) or as_id(record.get("id"))
        if post_id is None:
            # Apify writes {url, error, …} for an input it could not scrape
            unusable["error record" if "error" in record else "no post id"] += 1
            continue
        comments = record.get("latestComments", [])
        if not isinstance(comments, list):
            problems.add((*loc, "latestComments"), f"{where(loc)}: latestComments must be a list")
            continue
        url = record.get("url") if isinstance(record.get("url"), str) else None
        draft = ThreadDraft(
            external_id=post_id,
            url=url,
            title=short_title(record.get("caption")),
            creator_handle=account_handle(Platform.INSTAGRAM, record.get("ownerUsername"))
            or owner_in_url(url),
        )
        for index, comment in enumerate(comments):
            comment_loc = (*loc, "latestComments", index)
            if isinstance(comment, dict):
                reader.read(draft, comment, comment_loc, None)
            else:
                problems.add(comment_loc, f"{where(loc)}: comment {index} must be a JSON object")
        # ownerId names the owner even where they did not comment; without it, their comments do
        draft.creator = as_id(record.get("ownerId")) or author_of_account(
            Platform.INSTAGRAM, draft.comments, draft.creator_handle
        )
        if draft.creator_handle is None:
            draft.limit(unidentified("the post record has no ownerUsername"))
        total = as_count(record.get("commentsCount"))
        if total is not None and total > len(draft.comments):
            draft.limit(
                f"latestComments holds {len(draft.comments)} of the post's {total} comments: "
                "a sample of the latest, not the whole conversation"
            )
        drafts.append(draft)
    problems.raise_if_any()
    charge_to_first(drafts, unusable)
    return finish_drafts(drafts, options, FORMAT_NAME, Platform.INSTAGRAM, SOURCE_LIMITS)


FORMAT = ImportFormat(
    name=FORMAT_NAME,
    description=(
        "Apify instagram-scraper post dataset (JSON Lines or JSON array): posts {shortCode, url, "
        "ownerId, ownerUsername, caption, commentsCount, latestComments[]}"
    ),
    detect=_detect,
    parse=_parse,
    flattened=True,
)
