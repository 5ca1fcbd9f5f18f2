"""Pushshift dumps: NDJSON, one Reddit comment (RC_ files) or submission (RS_ files) per line.

A monthly comment dump holds many posts, so each `link_id` becomes one thread. Submissions live in
separate RS_ files; when the upload mixes some in, they give their thread its creator and title.
"""

from __future__ import annotations

from typing import Any

from importers.base import ImportedThread, ImportFormat, ImportOptions
from importers.payload import Payload
from importers.toolkit.detection import sniff_first_record
from importers.toolkit.problems import Problems
from importers.toolkit.records import read_lines
from importers.toolkit.reddit import (
    RedditThreads,
    link_of,
    read_comment,
    read_post,
    without_prefix,
)
from importers.toolkit.values import as_id, has_keys

_COMMENT_KEYS = frozenset({"id", "parent_id", "link_id", "body", "subreddit"})
_SUBMISSION_KEYS = frozenset({"id", "title", "selftext", "subreddit"})
NO_SUBMISSION = "the upload holds no submission (RS_) record for this post"


def _kind(record: Any) -> str | None:
    """What a line claims to be: detection wants all the keys, parsing names what is missing."""
    if not isinstance(record, dict):
        return None
    if record.keys() >= _COMMENT_KEYS or "parent_id" in record or "body" in record:
        return "comment"
    if record.keys() >= _SUBMISSION_KEYS or "title" in record:
        return "submission"
    return None


def _detect(payload: Payload) -> bool:
    first = sniff_first_record(payload)
    return has_keys(first, _COMMENT_KEYS) or has_keys(first, _SUBMISSION_KEYS)


def _post_key(record: Any) -> str | None:
    """The post a line belongs to: a comment's link_id, a submission's own id."""
    kind = _kind(record)
    if kind == "comment":
        return link_of(record) or None
    if kind == "submission":
        return without_prefix(as_id(record.get("id")) or "") or None
    return None


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    records = read_lines(payload)
    problems = Problems("Pushshift")
    threads = RedditThreads()
    for number, record in records:
        _read_line(threads, number, record, problems)
    problems.raise_if_any()
    return threads.finish(options, FORMAT.name, NO_SUBMISSION)


def _read_line(threads: RedditThreads, number: int, record: Any, problems: Problems) -> None:
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
            threads.add_comment(link_of(record), comment)
        return
    post = read_post(record)
    if post is None:
        problems.add(("line", number, "id"), f"line {number}: the submission has no id")
    elif not threads.add_post(post):
        threads.draft(post.id).skipped["duplicate submission line"] += 1


FORMAT = ImportFormat(
    name="pushshift",
    description=(
        "Pushshift NDJSON dumps (RC_ comment files, optionally with RS_ submission lines), "
        "plain or zstd-compressed; one thread per post (link_id)"
    ),
    detect=_detect,
    parse=_parse,
    post_key=_post_key,
)
