"""X API v2 responses: `{"data": [tweets], "includes": {"users", "tweets"}, "errors"?}` pages.

An upload is one page, a JSON array of pages, or JSON Lines of pages (what twarc2 writes). Tweets
are grouped by `conversation_id`; the tweet whose id equals it is the post. Expanded tweets in
`includes.tweets` join a conversation the upload already holds (e.g. the post, fetched through
`expansions=referenced_tweets.id`); other expanded tweets (quoted ones) are ignored.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from importers.base import ImportedThread, ImportFormat, ImportOptions, Location
from importers.payload import Payload
from importers.timeparse import TimestampError, parse_timestamp
from importers.toolkit.detection import sniff_document, sniff_first_record
from importers.toolkit.problems import Problems, place
from importers.toolkit.records import read_document_or_lines
from importers.toolkit.twitter import DUPLICATE, Conversations, Tweet
from importers.toolkit.values import as_count, as_id, nested_object

RETWEET = "retweet (not part of a conversation)"
# Instagram Graph API pages are also {"data": [{id, text}]}: only X's tweets name an author_id
# or a conversation_id.
_TWEET_MARKERS = ("author_id", "conversation_id")


def _is_tweet(value: object) -> bool:
    return (
        isinstance(value, dict)
        and "id" in value
        and "text" in value
        and any(key in value for key in _TWEET_MARKERS)
    )


def _page_tweets(page: object) -> list[Any] | None:
    """The `data` tweets of a response page, or None when the value is not one."""
    if not isinstance(page, dict):
        return None
    data = page.get("data")
    tweets = data if isinstance(data, list) else [data]
    return tweets if tweets and _is_tweet(tweets[0]) else None


def _pages(document: object) -> list[Any] | None:
    if isinstance(document, list):
        return document if document and _page_tweets(document[0]) is not None else None
    return [document] if _page_tweets(document) is not None else None


def _detect(payload: Payload) -> bool:
    document = sniff_document(payload)
    if document is None:
        return _page_tweets(sniff_first_record(payload)) is not None
    return _pages(document) is not None


@dataclass
class _Upload:
    problems: Problems
    usernames: dict[str, str] = field(default_factory=dict)
    tweets: dict[str, tuple[str, Tweet]] = field(
        default_factory=dict
    )  # id -> (conversation, tweet)
    expanded: list[tuple[Location, Any]] = field(default_factory=list)
    duplicates: Counter[str] = field(default_factory=Counter)  # by conversation
    skipped: Counter[str] = field(default_factory=Counter)
    api_errors: int = 0

    def read_page(self, loc: Location, page: Any) -> None:
        tweets = _page_tweets(page)
        if tweets is None:
            self.problems.add(loc, f"{place(loc)}: not an X API v2 page ({{data: [tweets]}})")
            return
        includes = nested_object(page, "includes")
        for user in includes.get("users") or []:
            if isinstance(user, dict) and as_id(user.get("id")) and user.get("username"):
                self.usernames[str(as_id(user["id"]))] = str(user["username"])
        self.expanded.extend(
            ((*loc, "includes", i), t) for i, t in enumerate(includes.get("tweets") or [])
        )
        errors = page.get("errors")
        self.api_errors += len(errors) if isinstance(errors, list) else 0
        for index, item in enumerate(tweets):
            self.read_tweet((*loc, "data", index), item, primary=True)

    def read_tweet(self, loc: Location, item: Any, primary: bool) -> None:
        if not _is_tweet(item):
            self.problems.add(loc, f"{place(loc)}: not a tweet (needs id, text, author_id)")
            return
        tweet_id = as_id(item.get("id"))
        conversation = as_id(item.get("conversation_id"))
        if tweet_id is None or conversation is None:
            self.problems.add(
                (*loc, "conversation_id"),
                f"{place(loc)}: tweet {tweet_id!r} has no conversation_id "
                "(request tweet.fields=conversation_id)",
            )
            return
        references = {
            ref.get("type"): as_id(ref.get("id"))
            for ref in item.get("referenced_tweets") or []
            if isinstance(ref, dict)
        }
        if "retweeted" in references:
            if primary:
                self.skipped[RETWEET] += 1
            return
        if tweet_id in self.tweets:
            # Expanded tweets repeat the page's own tweets by design; only data repeats count.
            if primary:
                self.duplicates[conversation] += 1
            return
        try:
            created_at = parse_timestamp(item.get("created_at"))
        except TimestampError:
            self.problems.add(
                (*loc, "created_at"),
                f"{place(loc)}: tweet {tweet_id!r} has an unreadable created_at",
            )
            return
        metrics = nested_object(item, "public_metrics")
        note = item.get("note_tweet")  # the full text of a long post
        author = as_id(item.get("author_id"))
        tweet = Tweet(
            id=tweet_id,
            replied_to=references.get("replied_to"),
            replied_to_user=as_id(item.get("in_reply_to_user_id")),
            author=author,
            author_name=self.usernames.get(author or ""),
            text=(note.get("text") if isinstance(note, dict) else None) or str(item["text"]),
            created_at=created_at,
            like_count=as_count(metrics.get("like_count")),
            reply_count=as_count(metrics.get("reply_count")),
        )
        self.tweets[tweet_id] = (conversation, tweet)

    def conversations(self) -> Conversations:
        held = {conversation for conversation, _ in self.tweets.values()}
        for loc, item in self.expanded:
            if isinstance(item, dict) and as_id(item.get("conversation_id")) in held:
                self.read_tweet(loc, item, primary=False)
        found = Conversations()
        for conversation_id, tweet in self.tweets.values():
            if tweet.id == conversation_id:
                found.add_post(tweet)
                continue
            found.add_reply(conversation_id, tweet)
            found.draft(conversation_id).rows_read += 1
            if tweet.replied_to == conversation_id:
                replied_to = tweet.replied_to_user
                found.name_creator(
                    conversation_id, replied_to, self.usernames.get(replied_to or "")
                )
        for conversation_id, draft in found.drafts.items():
            if self.duplicates[conversation_id]:
                draft.skipped[DUPLICATE] += self.duplicates[conversation_id]
                draft.rows_read += self.duplicates[conversation_id]
            if self.api_errors:
                draft.limits.append(
                    f"the API reported {self.api_errors} errors for this upload "
                    "(deleted, protected or suspended tweets are missing)"
                )
        return found


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    upload = _Upload(Problems("X API v2"))
    for number, record in read_document_or_lines(payload):
        pages = _pages(record) if isinstance(record, list) else [record]
        if pages is None:
            upload.problems.add(("line", number), f"line {number}: not an array of X API v2 pages")
            continue
        for index, page in enumerate(pages):
            upload.read_page(
                ("page", index) if isinstance(record, list) else ("line", number), page
            )
    upload.problems.raise_if_any()
    conversations = upload.conversations()
    upload.problems.raise_if_any()
    conversations.charge_upload_skips(upload.skipped)
    return conversations.finish(options, FORMAT.name)


FORMAT = ImportFormat(
    name="twitter_v2",
    description=(
        "X API v2 responses {data: [tweets with id, text, author_id, conversation_id, "
        "referenced_tweets], includes: {users, tweets}}: one page, an array of pages or JSON "
        "Lines of pages; one thread per conversation_id"
    ),
    detect=_detect,
    parse=_parse,
)
