"""ConvoKit corpora: `utterances.jsonl`, one utterance per line, one conversation per post.

The utterance whose id equals its conversation_id is the post itself, not a comment. Corpora
written before ConvoKit 2.0 call the speaker `user`; Reddit corpora write `reply-to`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from importers.base import ImportedThread, ImportFormat, ImportOptions, ImportReport, Problem
from importers.common import payload_error, platform_override, raise_problems
from importers.common_threads import short_title
from importers.payload import Payload, PayloadError
from importers.timeparse import TimestampError, parse_timestamp
from nlp.thread import Comment, Platform, ReplyToMethod, Thread

_SPEAKER_KEYS = ("speaker", "user")


@dataclass
class _Conversation:
    """What one conversation's lines add up to while the file is read."""

    id: str
    rows: int = 0
    has_post: bool = False
    creator: str | None = None
    title: str | None = None
    url: str | None = None
    comments: list[Comment] = field(default_factory=list)
    subreddit: bool = False


def _detect(payload: Payload) -> bool:
    try:
        first = payload.first_json_line()
    except PayloadError:
        return False
    return (
        isinstance(first, dict)
        and "id" in first
        and "conversation_id" in first
        and any(key in first for key in _SPEAKER_KEYS)
    )


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    try:
        records = payload.json_lines()
    except PayloadError as exc:
        raise payload_error(exc, line_prefix=("line",)) from exc
    platform = platform_override(options)
    conversations: dict[str, _Conversation] = {}  # dicts keep first-appearance order
    problems: list[Problem] = []
    for number, record in records:
        try:
            _add(conversations, number, record)
        except _LineError as exc:
            problems.append(exc.problem)
    raise_problems("ConvoKit", problems)
    return [_to_imported(convo, platform) for convo in conversations.values()]


class _LineError(Exception):
    def __init__(self, number: int, key: str | None, msg: str) -> None:
        super().__init__(msg)
        loc: tuple[str | int, ...] = ("line", number) if key is None else ("line", number, key)
        self.problem = Problem(loc, f"line {number}: {msg}")


def _add(conversations: dict[str, _Conversation], number: int, record: Any) -> None:
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

    convo = conversations.get(convo_id)
    if convo is None:
        convo = conversations[convo_id] = _Conversation(convo_id)
    convo.rows += 1
    convo.subreddit = convo.subreddit or (isinstance(meta, dict) and "subreddit" in meta)
    if utterance_id == convo_id:
        convo.has_post = True
        convo.creator = speaker
        convo.title = short_title(text)
        convo.url = _reddit_url(meta)
        return
    convo.comments.append(
        Comment(
            id=utterance_id,
            reply_to=None if reply_to == convo_id else reply_to,
            author=speaker,
            text=text or "",
            created_at=created_at,
            reply_to_method=ReplyToMethod.GIVEN,
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


def _to_imported(convo: _Conversation, platform: Platform | None) -> ImportedThread:
    if platform is None:
        platform = Platform.REDDIT if convo.subreddit else Platform.OTHER
    thread = Thread(
        platform=platform,
        external_id=convo.id,
        comments=tuple(convo.comments),
        url=convo.url if platform is Platform.REDDIT else None,
        title=convo.title,
        creator=convo.creator,
        source_format=FORMAT.name,
    )
    absent = "the post's own utterance is absent: creator and title unknown"
    limits = () if convo.has_post else (absent,)
    report = ImportReport(
        format=FORMAT.name,
        rows_read=convo.rows,
        comments_kept=len(convo.comments),
        limits=limits,
    )
    return ImportedThread(thread, report)


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
)
