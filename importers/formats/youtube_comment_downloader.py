"""youtube-comment-downloader (egbertbouman) output: JSON Lines, or `{"comments": [...]}` from
--pretty.

One file holds the comments of one video, whose id the file does not contain. Each record is
`{cid, text, time, author, channel, votes, photo, heart}`; the 2023 version adds `reply` and
`time_parsed`. A reply's cid is `<top-level cid>.<reply id>`: YouTube flattens reply chains.
No field names the video's channel, nor marks the owner's own comments (`heart` is the owner's
like of a comment, not who wrote it), so the creator is never identified.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from importers.base import ImportedThread, ImportFormat, ImportOptions, Location
from importers.payload import Payload
from importers.timeparse import TimestampError, parse_timestamp
from importers.toolkit.creators import unidentified
from importers.toolkit.detection import sniff_document, sniff_first_record
from importers.toolkit.drafts import FirstCopies, ThreadDraft, flattened_comment
from importers.toolkit.problems import Problems, place, refusal
from importers.toolkit.reports import finish_drafts
from importers.toolkit.values import display_count, has_keys, nonempty_text
from importers.toolkit.youtube import SCRAPED_FLATTENED_LIMIT, identify_video, reply_parent
from nlp.thread import Comment, Platform

NAME = "youtube_comment_downloader"
_RECORD_KEYS = frozenset({"cid", "text", "time", "author", "channel", "votes"})
NO_OWNER = unidentified(
    "the scraper records no channel of the video and no owner mark on comments (its `channel` "
    "is each comment author's)"
)


def _is_record(value: object) -> bool:
    return has_keys(value, _RECORD_KEYS)


def _pretty_comments(document: object) -> list[Any] | None:
    comments = document.get("comments") if isinstance(document, dict) else None
    return comments if isinstance(comments, list) else None


def _detect(payload: Payload) -> bool:
    if _is_record(sniff_first_record(payload)):
        return True
    comments = _pretty_comments(sniff_document(payload))
    return _is_record(comments[0]) if comments else False


def _records(payload: Payload) -> list[tuple[Location, Any]]:
    """(location, record) in file order, for either layout."""
    first = payload.first_json_line()
    # --pretty spreads each record over several lines, so its first line is not JSON on its own.
    if first is None or (isinstance(first, dict) and "cid" not in first and "comments" in first):
        comments = _pretty_comments(payload.json())
        if comments is None:
            raise refusal(
                ("body",),
                'no "comments" list',
                'expected JSON Lines or an object {"comments": [...]}',
            )
        return [(("comments", index), record) for index, record in enumerate(comments)]
    return [(("line", number), record) for number, record in payload.json_lines()]


def _to_comment(loc: Location, record: Any, problems: Problems) -> Comment | None:
    """The record as a Comment, or None after adding to `problems` what is wrong with it."""
    if not isinstance(record, dict):
        problems.add(loc, f"{place(loc)}: expected a JSON object")
        return None
    cid = record.get("cid")
    if not isinstance(cid, str) or not cid.strip():
        problems.add((*loc, "cid"), f"{place(loc)}: cid is missing or empty")
        return None
    start = len(problems.found)
    text = record.get("text")
    if not isinstance(text, str):
        problems.add((*loc, "text"), f"{_subject(loc, cid)}: text must be a string")
    parent = reply_parent(cid)
    flagged_reply = record.get("reply")
    if isinstance(flagged_reply, bool) and flagged_reply != (parent is not None):
        shape = "has no" if parent is None else "has a"
        problems.add(
            (*loc, "reply"),
            f"{_subject(loc, cid)}: reply is {str(flagged_reply).lower()} but the cid {shape} "
            "'<parent>.' prefix",
        )
    created_at: datetime | None = None
    try:
        created_at = parse_timestamp(record.get("time_parsed"))
    except TimestampError as exc:
        problems.add((*loc, "time_parsed"), f"{_subject(loc, cid)}: {exc}")
    if len(problems.found) > start or not isinstance(text, str):
        return None
    return flattened_comment(
        cid,
        parent,
        # The scraper writes "" for a deleted or hidden channel: that is an unknown author.
        author=nonempty_text(record.get("channel")),
        text=text,
        created_at=created_at,
        author_name=nonempty_text(record.get("author")),
        like_count=display_count(record.get("votes")),
    )


def _subject(loc: Location, cid: str) -> str:
    """A record as problems name it (worked out only for those)."""
    return f"{place(loc)} (cid {cid!r})"


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    records = _records(payload)
    problems = Problems(NAME)
    video = identify_video(options, None, payload.filename)
    draft = ThreadDraft(
        video.external_id,
        url=video.url,
        first_copies=FirstCopies("duplicate cid (the first was kept)"),
        rows_read=len(records),
    )
    unreadable_votes = 0
    for loc, record in records:
        comment = _to_comment(loc, record, problems)
        if comment is None or not draft.add(comment):
            continue
        if comment.like_count is None and record.get("votes") is not None:
            unreadable_votes += 1
    problems.raise_if_any()
    draft.limits = [SCRAPED_FLATTENED_LIMIT, *_time_limits(draft.comments)]
    draft.limit(video.limit)
    if unreadable_votes:
        draft.limit(f"{unreadable_votes} vote counts could not be read: like_count left empty")
    draft.limit(NO_OWNER)
    return finish_drafts([draft], options, NAME, Platform.YOUTUBE)


def _time_limits(comments: list[Comment]) -> list[str]:
    untimed = sum(c.created_at is None for c in comments)
    if untimed == len(comments):
        return [
            "times are relative and possibly localised ('9 days ago') and there is no time_parsed: "
            "comments have no timestamp, so the analysis uses file order"
        ]
    limits = [
        "times are relative ('9 days ago'): created_at is the scraper's time_parsed estimate, made "
        "at download time, so order within the same day, month or year is approximate"
    ]
    if untimed:
        limits.append(f"{untimed} of {len(comments)} comments have no time_parsed, so no timestamp")
    return limits


FORMAT = ImportFormat(
    name=NAME,
    description=(
        "youtube-comment-downloader output: JSON Lines of {cid, text, time, author, channel, "
        'votes, photo, heart, reply?, time_parsed?} (or {"comments": [...]} from --pretty), one '
        "video"
    ),
    detect=_detect,
    parse=_parse,
    flattened=True,
)
