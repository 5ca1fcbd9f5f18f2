"""Pushshift dumps: NDJSON, one Reddit comment (RC_ files) or submission (RS_ files) per line.

A monthly comment dump holds many posts, so each `link_id` becomes one thread. Submissions live in
separate RS_ files; when the upload mixes some in, they give their thread its creator and title.
"""

from __future__ import annotations

from typing import Any

from importers.base import ImportedThread, ImportFormat, ImportOptions
from importers.common import Problems, apply_external_id, payload_error, platform_override
from importers.formats._reddit_common import RedditThread, link_of, read_comment, read_post
from importers.payload import Payload, PayloadError
from nlp.thread import Platform

_COMMENT_KEYS = frozenset({"id", "parent_id", "link_id", "body", "subreddit"})
_SUBMISSION_KEYS = frozenset({"id", "title", "selftext", "subreddit"})
NO_SUBMISSION = "no submission (RS_) record for this post in the upload: creator and title unknown"


def _kind(record: Any) -> str | None:
    """What a line claims to be: detection wants all the keys, parsing names what is missing."""
    if not isinstance(record, dict):
        return None
    if record.keys() >= _COMMENT_KEYS or "parent_id" in record or "body" in record:
        return "comment"
    if record.keys() >= _SUBMISSION_KEYS or "title" in record:
        return "submission"
    return None


def _is_record(record: Any) -> bool:
    return isinstance(record, dict) and (
        record.keys() >= _COMMENT_KEYS or record.keys() >= _SUBMISSION_KEYS
    )


def _detect(payload: Payload) -> bool:
    try:
        return _is_record(payload.first_json_line())
    except PayloadError:
        return False


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    try:
        records = payload.json_lines()
    except PayloadError as exc:
        raise payload_error(exc, line_prefix=("line",)) from exc
    problems = Problems("Pushshift")
    threads: dict[str, RedditThread] = {}  # by post id, in order of first appearance
    for number, record in records:
        _read_line(threads, number, record, problems)
    problems.raise_if_any()
    platform = platform_override(options) or Platform.REDDIT
    imported = [t.to_imported(FORMAT.name, platform, NO_SUBMISSION) for t in threads.values()]
    return apply_external_id(imported, options)


def _read_line(
    threads: dict[str, RedditThread], number: int, record: Any, problems: Problems
) -> None:
    kind = _kind(record)
    if kind is None:
        problems.add(
            ("line", number),
            f"line {number}: neither a Pushshift comment (id, parent_id, link_id, body, subreddit) "
            "nor a submission (id, title, selftext, subreddit)",
        )
        return
    assert isinstance(record, dict)  # _kind only names dicts
    if kind == "comment":
        comment = read_comment(record, ("line", number), problems, f"line {number}: ")
        if comment is not None:
            _thread(threads, link_of(record)).add(comment)
        return
    post = read_post(record)
    if post is None:
        problems.add(("line", number, "id"), f"line {number}: the submission has no id")
        return
    thread = _thread(threads, post.id)
    if thread.post is None:
        thread.post = post
    else:
        thread.skipped["duplicate submission line"] += 1


def _thread(threads: dict[str, RedditThread], post_id: str) -> RedditThread:
    if post_id not in threads:
        threads[post_id] = RedditThread(post_id)
    return threads[post_id]


FORMAT = ImportFormat(
    name="pushshift",
    description=(
        "Pushshift NDJSON dumps (RC_ comment files, optionally with RS_ submission lines), "
        "plain or zstd-compressed; one thread per post (link_id)"
    ),
    detect=_detect,
    parse=_parse,
)
