"""YouTube Data Tools comment exports (CSV or tab-separated), both generations.

v2 (Python, `videoId,id,totalReplyCount,…,threadId,isReplyToId,isReplyToName`) already resolved
each reply's @mention to the comment it answers (`isReplyToId`); `threadId` is YouTube's flat
parent. v1 (PHP, `id,replyCount,likeCount,publishedAt,authorName,text,…,isReplyTo,isReplyToName`)
only has the flat parent in `isReplyTo`, has no video id column (its file name carries it:
`videoinfo_<videoId>_<date>_comments.csv`), and drops author ids when pseudonymised. The
video's channel is named only by the `authorChannelId` of a row marked `isChannelOwner`: its
creator, and their handle, are known where the owner commented.
"""

from __future__ import annotations

import re

from importers.base import ImportedThread, ImportFormat, ImportOptions, InvalidInput
from importers.payload import Payload
from importers.toolkit.creators import account_handle, unidentified
from importers.toolkit.csv_rows import Row, cell, read_csv
from importers.toolkit.detection import has_columns
from importers.toolkit.drafts import ThreadDraft
from importers.toolkit.identity import fallback_external_id
from importers.toolkit.problems import Problems, refusal
from importers.toolkit.reports import finish_drafts
from importers.toolkit.youtube import FLATTENED_LIMIT, missing_replies, read_time, video_url
from nlp.thread import Comment, Platform, ReplyToMethod

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
NO_OWNER_COLUMN_LIMIT = unidentified(
    "the export has no isChannelOwner column (v1 has none), the only field naming the video's "
    "channel"
)
SILENT_OWNER_LIMIT = unidentified(
    "no row is marked isChannelOwner, and no other column names the video's channel"
)
V1_NAMES_LIMIT = (
    "no authorChannelId column (pseudonymised v1 export): authors are told apart by authorName"
)

_V1_FILE_NAME = re.compile(r"videoinfo_([A-Za-z0-9_-]{11})_")

# A video's draft and its readable rows (with their numbers), read once every id is known.
_Video = tuple[ThreadDraft, list[tuple[int, Row]]]


def _detect(payload: Payload) -> bool:
    return has_columns(payload, V2_COLUMNS, V1_COLUMNS)


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    header, rows = read_csv(payload)
    is_v2 = V2_COLUMNS.issubset(header)
    has_channel_ids = "authorChannelId" in header
    problems = Problems(FORMAT.name)
    videos = _group_rows(payload, options, rows, is_v2=is_v2)
    for draft, video_rows in videos:
        _read_video(draft, video_rows, problems, is_v2=is_v2, has_channel_ids=has_channel_ids)
    problems.raise_if_any()
    if is_v2:
        limits = [V2_LIMIT, FLATTENED_LIMIT]
    else:
        limits = [FLATTENED_LIMIT, V1_TIME_LIMIT]
        limits += [] if has_channel_ids else [V1_NAMES_LIMIT]
    drafts = [draft for draft, _ in videos]
    for draft in drafts:
        draft.creator_handle = account_handle(Platform.YOUTUBE, draft.creator)
        if draft.creator_handle is None:
            owners = "isChannelOwner" in header and has_channel_ids
            draft.limits.insert(0, SILENT_OWNER_LIMIT if owners else NO_OWNER_COLUMN_LIMIT)
    return finish_drafts(
        drafts,
        options,
        FORMAT.name,
        Platform.YOUTUBE,
        limits,
        count_received=True,
        rename_by_request=False,  # the request's external_id already names the one video
    )


def _group_rows(
    payload: Payload, options: ImportOptions, rows: list[Row], *, is_v2: bool
) -> list[_Video]:
    """Rows by video; rows that cannot be comments are counted as skipped on their video."""
    videos: dict[str, _Video] = {}
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        key = options.external_id or (cell(row, "videoId") if is_v2 else "")
        if key not in videos:
            videos[key] = (_new_video(payload, key), [])
        draft, readable = videos[key]
        comment_id = cell(row, "id")
        if any(value is None for value in row.values()):
            draft.skip(TRUNCATED)
        elif None in row:  # csv.DictReader files surplus cells under the key None
            draft.skip(OVERLONG)
        elif not comment_id:
            draft.skip(NO_ID)
        elif comment_id in seen:
            draft.skip(DUPLICATE)
        else:
            seen.add(comment_id)
            draft.rows_read += 1
            readable.append((number, row))
    return list(videos.values())


def _new_video(payload: Payload, key: str) -> ThreadDraft:
    if key:
        return ThreadDraft(key, url=video_url(key))
    match = _V1_FILE_NAME.search(payload.filename or "")
    if match:
        limit = "the export has no video id column: taken from its file name"
        return ThreadDraft(match.group(1), url=video_url(match.group(1)), limits=[limit])
    fallback = fallback_external_id(payload.filename)
    guessed = fallback.limit("video")
    return ThreadDraft(fallback.value, limits=[guessed] if guessed else [])


def _read_video(
    draft: ThreadDraft,
    rows: list[tuple[int, Row]],
    problems: Problems,
    *,
    is_v2: bool,
    has_channel_ids: bool,
) -> None:
    """The video's comments, reply totals and owner; unreadable rows add to `problems`."""
    ids = {cell(row, "id") for _, row in rows}
    announced: dict[str, int] = {}
    count_column = "totalReplyCount" if is_v2 else "replyCount"
    for number, row in rows:
        try:
            comment = _comment(number, row, ids, is_v2=is_v2, has_channel_ids=has_channel_ids)
            draft.comments.append(comment)
            total = _count(row.get(count_column), number, count_column, f"row {number}")
        except InvalidInput as exc:
            problems.extend(exc.problems)
            continue
        if total is not None:
            announced[cell(row, "id")] = total
            draft.announce(total)
        if has_channel_ids and draft.creator is None and row.get("isChannelOwner") == "yes":
            draft.creator = cell(row, "authorChannelId") or None
    draft.missing_comments = missing_replies(draft.comments, announced)


def _comment(
    number: int, row: Row, ids: set[str], *, is_v2: bool, has_channel_ids: bool
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
    author = cell(row, "authorChannelId") if has_channel_ids else row["authorName"]
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
        raise refusal(("row", number, column), msg)
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
