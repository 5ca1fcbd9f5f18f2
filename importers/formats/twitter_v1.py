"""X/Twitter API v1.1 tweets: a JSON array, JSON Lines, one tweet, or a search `{"statuses": […]}`.

v1.1 has no conversation id, so threads are rebuilt from `in_reply_to_status_id_str`: every tweet
that is not a reply starts a thread (it is the post) and the replies hanging under it are its
comments. Replies to a tweet absent from the upload are kept as orphans when the upload holds a
single conversation; otherwise they are grouped under the absent tweet they answer.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from importers.base import ImportedThread, ImportFormat, ImportOptions, Location
from importers.payload import Payload
from importers.timeparse import TimestampError, parse_timestamp
from importers.toolkit.detection import sniff_document, sniff_first_record
from importers.toolkit.problems import Problems, place
from importers.toolkit.records import read_document_or_lines
from importers.toolkit.twitter import Tweet, conversations_by_reply_chain
from importers.toolkit.values import as_count, as_id, has_keys

_TWEET_KEYS = frozenset({"id_str", "created_at", "user"})
RETWEET = "retweet (not part of a conversation)"


def _is_tweet(value: object) -> bool:
    # Tools that drop null fields also drop `in_reply_to_status_id_str` from non-replies, and some
    # keep only the numeric `id` of the user, so neither is required.
    if not has_keys(value, _TWEET_KEYS):
        return False
    user = value["user"]
    return (
        ("text" in value or "full_text" in value)
        and isinstance(user, dict)
        and ("id_str" in user or "id" in user)
    )


def _items(document: object) -> list[Any] | None:
    """The tweets a JSON value holds, or None when it does not look like v1.1 tweets."""
    if isinstance(document, dict) and isinstance(document.get("statuses"), list):
        document = document["statuses"]
    if isinstance(document, list):
        return document if document and _is_tweet(document[0]) else None
    return [document] if _is_tweet(document) else None


def _detect(payload: Payload) -> bool:
    document = sniff_document(payload)
    if document is None:
        return _is_tweet(sniff_first_record(payload))
    return _items(document) is not None


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    records = read_document_or_lines(payload)
    problems = Problems("X/Twitter API v1.1")
    tweets: list[Tweet] = []
    skipped: Counter[str] = Counter()
    for number, record in records:
        items = _items(record)
        if items is None:
            problems.add(("line", number), f"line {number}: not a v1.1 tweet (id_str, user, …)")
            continue
        # JSON Lines hold a tweet per line; a JSON document holds them as array items.
        one_per_line = len(records) > 1 or len(items) == 1
        for index, item in enumerate(items):
            loc: Location = ("line", number) if one_per_line else ("item", index)
            if isinstance(item, dict) and "retweeted_status" in item:
                skipped[RETWEET] += 1
            elif (tweet := _read_tweet(item, loc, problems)) is not None:
                tweets.append(tweet)
    problems.raise_if_any()
    conversations = conversations_by_reply_chain(tweets)
    conversations.charge_upload_skips(skipped)
    return conversations.finish(options, FORMAT.name)


def _read_tweet(item: Any, loc: Location, problems: Problems) -> Tweet | None:
    where = place(loc)
    if not _is_tweet(item):
        problems.add(loc, f"{where}: not a v1.1 tweet (needs id_str, created_at, user, text)")
        return None
    tweet_id = as_id(item["id_str"])
    if tweet_id is None:
        problems.add((*loc, "id_str"), f"{where}: id_str is empty")
        return None
    try:
        created_at = parse_timestamp(item["created_at"])
    except TimestampError:
        problems.add(
            (*loc, "created_at"),
            f"{where}: tweet {tweet_id!r} has an unreadable created_at {item['created_at']!r}",
        )
        return None
    user = item["user"]
    extended = item.get("extended_tweet")
    text = item.get("full_text") or (extended or {}).get("full_text") or item.get("text") or ""
    screen_name = user.get("screen_name")
    return Tweet(
        id=tweet_id,
        replied_to=_string_or_number(item, "in_reply_to_status_id"),
        replied_to_user=_string_or_number(item, "in_reply_to_user_id"),
        replied_to_username=as_id(item.get("in_reply_to_screen_name")),
        author=_string_or_number(user, "id"),
        author_name=screen_name if isinstance(screen_name, str) else None,
        text=text,
        created_at=created_at,
        like_count=as_count(item.get("favorite_count")),
    )


def _string_or_number(record: dict[str, Any], key: str) -> str | None:
    """`<key>_str` when present: JavaScript readers round the 64-bit numeric ids."""
    return as_id(record.get(f"{key}_str")) or as_id(record.get(key))


FORMAT = ImportFormat(
    name="twitter_v1",
    description=(
        "X/Twitter API v1.1 tweets (id_str, in_reply_to_status_id_str, user{id_str, "
        "screen_name}, created_at, text): a JSON array, JSON Lines or a search response; "
        "one thread per conversation rooted at a tweet that is not a reply"
    ),
    detect=_detect,
    parse=_parse,
)
