"""YouTube Data Tools comment exports (CSV or tab-separated), both generations.

v2 (Python, `videoId,id,totalReplyCount,…,threadId,isReplyToId,isReplyToName`) already resolved
each reply's @mention to the comment it answers (`isReplyToId`); `threadId` is YouTube's flat
parent. v1 (PHP, `id,replyCount,likeCount,publishedAt,authorName,text,…,isReplyTo,isReplyToName`)
only has the flat parent in `isReplyTo`, has no video id column (its file name carries it:
`videoinfo_<videoId>_<date>_comments.csv`), and drops author ids when pseudonymised.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from importers.base import (
    ImportedThread,
    ImportFormat,
    ImportOptions,
    ImportReport,
    InvalidInput,
    Problem,
    count_skips,
)
from importers.common import fallback_external_id, platform_override, raise_problems
from importers.formats._youtube_common import FLATTENED_LIMIT, csv_header, read_time, video_url
from importers.payload import Payload
from nlp.thread import Comment, Platform, ReplyToMethod, Thread

V2_COLUMNS = frozenset(
    {"videoId", "id", "publishedAt", "authorName", "authorChannelId", "text", "isReply"}
    | {"threadId", "isReplyToId"}
)
V1_COLUMNS = frozenset({"id", "isReplyTo", "authorName", "text", "publishedAt"})

NO_ID = "row without a comment id"
TRUNCATED = "truncated row (fewer cells than the header)"
OVERLONG = "row with more cells than the header (an unquoted delimiter?)"
DUPLICATE = "duplicate comment id"

V2_LIMIT = (
    "YouTube Data Tools v2 resolved reply-to-reply targets from leading @mentions (isReplyToId); "
    "replies it could not resolve point at the top-level comment"
)
V1_TIME_LIMIT = "YouTube Data Tools v1 writes publishedAt without a time zone: read as UTC"
V1_NO_OWNER_LIMIT = (
    "YouTube Data Tools v1 has no channel-owner column: the video's creator is unknown, "
    "so creator-reply metrics cannot be computed"
)
V1_NAMES_LIMIT = (
    "no authorChannelId column (pseudonymised v1 export): authors are told apart by authorName"
)

_V1_FILE_NAME = re.compile(r"videoinfo_([A-Za-z0-9_-]{11})_")


def _detect(payload: Payload) -> bool:
    header = csv_header(payload)
    return header is not None and (V2_COLUMNS.issubset(header) or V1_COLUMNS.issubset(header))


@dataclass
class _Video:
    external_id: str
    url: str | None
    limits: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    header, rows = payload.csv_rows()
    is_v2 = V2_COLUMNS.issubset(header)
    videos = _group_rows(payload, options, rows, is_v2)
    problems: list[Problem] = []
    has_channel_ids = "authorChannelId" in header
    imported = [
        _to_imported(video, options, is_v2, has_channel_ids, problems) for video in videos.values()
    ]
    raise_problems(FORMAT.name, problems)
    return imported


def _group_rows(
    payload: Payload, options: ImportOptions, rows: list[dict[str, str]], is_v2: bool
) -> dict[str, _Video]:
    """Rows by video; rows that cannot be comments are counted as skipped on their video."""
    videos: dict[str, _Video] = {}
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        key = options.external_id or ((row.get("videoId") or "").strip() if is_v2 else "")
        if key not in videos:
            videos[key] = _new_video(payload, key)
        video = videos[key]
        comment_id = (row.get("id") or "").strip()
        if any(value is None for value in row.values()):
            video.skipped[TRUNCATED] += 1
        elif None in row:  # csv.DictReader files surplus cells under the key None
            video.skipped[OVERLONG] += 1
        elif not comment_id:
            video.skipped[NO_ID] += 1
        elif comment_id in seen:
            video.skipped[DUPLICATE] += 1
        else:
            seen.add(comment_id)
            video.rows.append((number, row))
    return videos


def _new_video(payload: Payload, key: str) -> _Video:
    if key:
        return _Video(key, video_url(key), [])
    match = _V1_FILE_NAME.search(payload.filename or "")
    if match:
        limit = "the export has no video id column: taken from its file name"
        return _Video(match.group(1), video_url(match.group(1)), [limit])
    fallback = fallback_external_id(payload.filename)
    guessed = fallback.limit("video")
    return _Video(fallback.value, None, [guessed] if guessed else [])


def _to_imported(
    video: _Video,
    options: ImportOptions,
    is_v2: bool,
    has_channel_ids: bool,
    problems: list[Problem],
) -> ImportedThread:
    """The video's thread; rows that cannot be read add to `problems` (raised by the caller)."""
    ids = {row["id"].strip() for _, row in video.rows}
    comments = []
    announced: dict[str, int] = {}
    count_column = "totalReplyCount" if is_v2 else "replyCount"
    for number, row in video.rows:
        try:
            comments.append(_comment(number, row, ids, is_v2, has_channel_ids))
            total = _count(row.get(count_column), number, count_column, f"row {number}")
        except InvalidInput as exc:
            problems.extend(exc.problems)
            continue
        if total is not None:
            announced[row["id"].strip()] = total
    replies_by_thread = Counter(c.platform_reply_to for c in comments if c.reply_to)
    missing = sum(max(0, total - replies_by_thread[tid]) for tid, total in announced.items())
    creator = next(
        (
            row["authorChannelId"].strip()
            for _, row in video.rows
            if is_v2 and row.get("isChannelOwner") == "yes" and row["authorChannelId"].strip()
        ),
        None,
    )
    if is_v2:
        limits = [V2_LIMIT, FLATTENED_LIMIT]
    else:
        limits = [FLATTENED_LIMIT, V1_TIME_LIMIT, V1_NO_OWNER_LIMIT]
        limits += [] if has_channel_ids else [V1_NAMES_LIMIT]
    report = ImportReport(
        format=FORMAT.name,
        rows_read=len(video.rows) + video.skipped.total(),
        comments_kept=len(comments),
        skipped=count_skips(video.skipped),
        announced_replies=sum(announced.values()) if announced else None,
        received_replies=sum(replies_by_thread.values()),
        missing_comments=missing,
        limits=(*limits, *video.limits),
    )
    thread = Thread(
        platform=platform_override(options) or Platform.YOUTUBE,
        external_id=video.external_id,
        comments=tuple(comments),
        url=video.url,
        creator=creator,
        source_format=FORMAT.name,
    )
    return ImportedThread(thread, report)


def _comment(
    number: int, row: dict[str, str], ids: set[str], is_v2: bool, has_channel_ids: bool
) -> Comment:
    comment_id = row["id"].strip()
    subject = f"row {number} (comment {comment_id!r})"
    if is_v2:
        thread_id = row["threadId"].strip()
        inferred = row["isReplyToId"].strip()
        flat_parent = thread_id or inferred
    else:
        flat_parent = row["isReplyTo"].strip()
        inferred = ""
    is_reply = bool(flat_parent) and flat_parent != comment_id
    if not is_reply:
        reply_to, method = None, ReplyToMethod.GIVEN
    elif inferred and inferred != flat_parent and inferred in ids:
        reply_to, method = inferred, ReplyToMethod.MENTION
    else:
        reply_to, method = flat_parent, ReplyToMethod.PLATFORM_PARENT
    # Pseudonymised v1 exports drop authorChannelId; the hashed authorName is then the only id.
    author = (row.get("authorChannelId") or "").strip() if has_channel_ids else row["authorName"]
    return Comment(
        id=comment_id,
        reply_to=reply_to,
        author=author or None,
        text=row["text"],
        created_at=read_time(row["publishedAt"], ("row", number, "publishedAt"), subject),
        author_name=row["authorName"].strip() or None,
        like_count=_count(row.get("likeCount"), number, "likeCount", subject),
        platform_reply_to=flat_parent if is_reply else None,
        reply_to_method=method,
    )


def _count(value: str | None, number: int, column: str, subject: str) -> int | None:
    text = (value or "").strip()
    if not text:
        return None
    if not text.isdigit():
        msg = f"{subject}: {column} {text!r} is not a whole number"
        raise InvalidInput(msg, [Problem(("row", number, column), msg)])
    return int(text)


FORMAT = ImportFormat(
    name="youtube_data_tools",
    description=(
        "YouTube Data Tools comment export (CSV/TSV): v2 columns videoId,id,…,threadId,"
        "isReplyToId or v1 columns id,…,authorName,text,…,isReplyTo"
    ),
    detect=_detect,
    parse=_parse,
    flattened=True,
)
