"""ConvoKit corpora: `utterances.jsonl`, one utterance per line, one conversation per post.

The utterance whose id equals its conversation_id is the post itself, not a comment: its speaker
is the creator, and their handle (a Reddit corpus's speakers are usernames). Corpora written
before ConvoKit 2.0 call the speaker `user`; Reddit corpora write `reply-to`.
"""

from __future__ import annotations

from typing import Any

from importers.base import ImportedThread, ImportFormat, ImportOptions, Location, Problem
from importers.payload import Payload
from importers.timeparse import TimestampError, parse_timestamp
from importers.toolkit.creators import account_handle, unidentified
from importers.toolkit.detection import sniff_first_record
from importers.toolkit.drafts import ThreadDraft, short_title
from importers.toolkit.identity import platform_override
from importers.toolkit.problems import Problems
from importers.toolkit.records import read_lines
from importers.toolkit.reports import finish_drafts
from importers.toolkit.values import as_id
from nlp.thread import Comment, Platform

_SPEAKER_KEYS = ("speaker", "user")
NO_POST_LIMIT = unidentified(
    "the post's own utterance (id = conversation_id) is absent, so its speaker and the title are "
    "unknown"
)
NO_SPEAKER_LIMIT = unidentified("the post's utterance names no speaker, or a [deleted] one")


class _Corpus:
    """The conversations read so far, one draft each in order of first appearance."""

    def __init__(self) -> None:
        self.drafts: dict[str, ThreadDraft] = {}
        self.with_post: set[str] = set()  # conversations whose post utterance was read
        self.on_reddit: set[str] = set()  # conversations whose utterances name a subreddit


def _detect(payload: Payload) -> bool:
    first = sniff_first_record(payload)
    return (
        isinstance(first, dict)
        and "id" in first
        and "conversation_id" in first
        and any(key in first for key in _SPEAKER_KEYS)
    )


def _post_key(record: Any) -> str | None:
    return as_id(record.get("conversation_id")) if isinstance(record, dict) else None


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    records = read_lines(payload)
    requested = platform_override(options)
    corpus = _Corpus()
    problems = Problems("ConvoKit")
    for number, record in records:
        try:
            _add(corpus, number, record)
        except _LineError as exc:
            problems.extend([exc.problem])
    problems.raise_if_any()
    for convo_id, draft in corpus.drafts.items():
        on_reddit = convo_id in corpus.on_reddit
        draft.platform = requested or (Platform.REDDIT if on_reddit else Platform.OTHER)
        if draft.platform is not Platform.REDDIT:
            draft.url = None  # the permalink is relative to reddit.com
        draft.creator_handle = account_handle(draft.platform, draft.creator)
        if convo_id not in corpus.with_post:
            draft.limits.append(NO_POST_LIMIT)
        elif draft.creator_handle is None:
            draft.limits.append(NO_SPEAKER_LIMIT)
    # Conversations are named by the corpus alone: the request's external_id does not apply.
    return finish_drafts(corpus.drafts.values(), options, FORMAT.name, rename_by_request=False)


class _LineError(Exception):
    def __init__(self, number: int, key: str | None, msg: str) -> None:
        super().__init__(msg)
        loc: Location = ("line", number) if key is None else ("line", number, key)
        self.problem = Problem(loc, f"line {number}: {msg}")


def _add(corpus: _Corpus, number: int, record: Any) -> None:
    if not isinstance(record, dict):
        raise _LineError(number, None, "an utterance must be a JSON object")
    utterance_id = _required_id(record, number, "id")
    convo_id = _required_id(record, number, "conversation_id")
    # ConvoKit itself writes `reply-to` in some corpora and `reply_to` in others.
    reply_key = "reply_to" if "reply_to" in record else "reply-to"
    reply_to = _optional_id(record, number, reply_key)
    speaker = _speaker(record, number)
    try:
        created_at = parse_timestamp(record.get("timestamp"))
    except TimestampError:
        raise _LineError(
            number,
            "timestamp",
            f"utterance {utterance_id!r}: timestamp is not unix seconds or an ISO-8601 time",
        ) from None
    text = record.get("text")
    if not isinstance(text, str | None):
        raise _LineError(number, "text", f"utterance {utterance_id!r}: text must be a string")
    meta = record.get("meta")

    convo = corpus.drafts.get(convo_id)
    if convo is None:
        convo = corpus.drafts[convo_id] = ThreadDraft(convo_id)
    convo.rows_read += 1
    if isinstance(meta, dict) and "subreddit" in meta:
        corpus.on_reddit.add(convo_id)
    if utterance_id == convo_id:
        corpus.with_post.add(convo_id)
        convo.creator = speaker
        convo.title = short_title(text)
        convo.url = _reddit_url(meta)
        return
    convo.add(
        Comment(
            id=utterance_id,
            reply_to=None if reply_to == convo_id else reply_to,
            author=speaker,
            text=text or "",
            created_at=created_at,
        )
    )


def _required_id(record: dict[str, Any], number: int, key: str) -> str:
    value = _optional_id(record, number, key)
    if value is None:
        raise _LineError(number, key, f"{key} is missing")
    return value


def _optional_id(record: dict[str, Any], number: int, key: str) -> str | None:
    value = record.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # numeric ids are ids all the same
    if value is None or (isinstance(value, str) and value):
        return value
    raise _LineError(number, key, f"{key} must be a non-empty string")


def _speaker(record: dict[str, Any], number: int) -> str | None:
    for key in _SPEAKER_KEYS:
        if key in record:
            value = record[key]
            if isinstance(value, int) and not isinstance(value, bool):
                return str(value)
            if not isinstance(value, str | None):
                raise _LineError(number, key, f"{key} must be a string")
            # "[deleted]" is kept verbatim: Comment.known_author treats it as unknown.
            return value
    return None


def _reddit_url(meta: object) -> str | None:
    # Reddit corpora keep the post's permalink relative to the site.
    permalink = meta.get("permalink") if isinstance(meta, dict) else None
    if isinstance(permalink, str) and permalink.startswith("/"):
        return f"https://www.reddit.com{permalink}"
    return None


FORMAT = ImportFormat(
    name="convokit",
    description=(
        "ConvoKit utterances.jsonl: one utterance per line with id, speaker (or user), "
        "conversation_id, reply_to (or reply-to), timestamp, text, meta"
    ),
    detect=_detect,
    parse=_parse,
    post_key=_post_key,
)
