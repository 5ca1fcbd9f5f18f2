"""The generic mapped CSV / JSON Lines importer, chosen by name with a column_map.

Its inputs are any table at all, so it is never detected and has no fixture folder (every file
there must be detected as its format).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from importers.base import ImportedThread, ImportOptions, InvalidInput
from importers.formats.mapped_columns import EMPTY_CREATOR, FORMAT, NO_CREATOR_COLUMN
from importers.payload import Payload
from importers.registry import import_payload
from nlp.thread import Platform, ReplyToMethod

MAP = {
    "id": "comment_id",
    "parent": "reply_to_id",
    "author": "user",
    "text": "body",
    "time": "posted",
    "thread": "post",
    "likes": "hearts",
}
CSV = b"""comment_id,reply_to_id,user,body,posted,post,hearts
c1,,ann,"Hello, all",2024-05-01T10:00:00Z,p1,3
c2,c1,bob,@ann hi,1714557660,p1,0
c3,p1,cy,Top level by the post id,,p1,
c2,c1,bob,duplicate,1714557660,p1,0
,c1,dan,no id,2024-05-01T10:03:00Z,p1,1
d1,,eve,Other post,2024-05-02T09:00:00Z,p2,2
x1,,fay,No thread,2024-05-02T09:00:00Z,,2
"""


def parse(
    body: bytes,
    column_map: dict[str, str],
    external_id: str | None = None,
    platform: str | None = None,
) -> list[ImportedThread]:
    options = ImportOptions(column_map=column_map, platform=platform, external_id=external_id)
    return FORMAT.parse(Payload(body, filename="export.csv"), options)


def refusal(body: bytes, column_map: dict[str, str]) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        parse(body, column_map)
    return caught.value


def test_never_detected() -> None:
    assert not FORMAT.detect(Payload(CSV))


def test_a_thread_column_splits_the_file() -> None:
    first, second = parse(CSV, MAP)
    assert [first.thread.external_id, second.thread.external_id] == ["p1", "p2"]
    assert {first.thread.platform, second.thread.platform} == {Platform.OTHER}
    assert [(c.id, c.reply_to, c.author, c.like_count) for c in first.thread.comments] == [
        ("c1", None, "ann", 3),
        ("c2", "c1", "bob", 0),
        ("c3", None, "cy", None),  # parent equal to the thread id: top level
    ]
    times = [c.created_at for c in first.thread.comments]
    assert times == [
        datetime(2024, 5, 1, 10, 0, tzinfo=UTC),
        datetime(2024, 5, 1, 10, 1, tzinfo=UTC),
        None,
    ]
    assert {c.reply_to_method for c in first.thread.comments} == {ReplyToMethod.GIVEN}


def test_skipped_rows_are_counted_with_reasons() -> None:
    first, second = parse(CSV, MAP)
    assert (first.report.rows_read, first.report.comments_kept) == (6, 3)
    assert first.report.skipped == {
        "duplicate id": 1,
        "no id": 1,
        "no thread id (counted on the file's first thread)": 1,
    }
    assert (second.report.rows_read, second.report.skipped) == (1, {})


def test_without_a_thread_column_the_file_is_one_thread_named_after_it() -> None:
    column_map = {k: v for k, v in MAP.items() if k != "thread"}
    (imported,) = parse(CSV, column_map)
    assert imported.thread.external_id == "export"
    assert len(imported.thread.comments) == 5
    assert any("file name 'export'" in limit for limit in imported.report.limits)
    (named,) = parse(CSV, column_map, external_id="v9", platform="youtube")
    assert (named.thread.external_id, named.thread.platform) == ("v9", Platform.YOUTUBE)


def test_json_lines_with_dotted_paths_and_author_names() -> None:
    records = [
        {"cid": 1, "to": None, "user": {"id": 7, "handle": "ann"}, "msg": "hi", "at": 1714557600},
        {"cid": 2, "to": 1, "user": {"id": 8, "handle": "bob"}, "msg": "yo", "at": 1714557660},
    ]
    body = "".join(json.dumps(r) + "\n" for r in records).encode()
    column_map = {
        "id": "cid",
        "parent": "to",
        "author": "user.id",
        "author_name": "user.handle",
        "text": "msg",
        "time": "at",
    }
    (imported,) = import_payload(
        Payload(body, filename="dump.jsonl"), "mapped_columns", ImportOptions(column_map)
    )
    comments = imported.thread.comments
    assert [(c.id, c.reply_to, c.author, c.author_name) for c in comments] == [
        ("1", None, "7", "ann"),
        ("2", "1", "8", "bob"),
    ]
    assert imported.thread.external_id == "dump"


def test_a_creator_column_names_each_threads_owner_and_their_comments() -> None:
    """p1's rows name @Ann (the first non-empty cell counts), who commented as "ann": on TikTok,
    where handles ignore case, she is its creator. p2's rows name nobody."""
    body = b"""comment_id,reply_to_id,user,body,posted,post,hearts,owner
c1,,ann,"Hello, all",2024-05-01T10:00:00Z,p1,3,
c2,c1,bob,@ann hi,1714557660,p1,0,@Ann
d1,,eve,Other post,2024-05-02T09:00:00Z,p2,2,
"""
    first, second = parse(body, {**MAP, "creator": "owner"}, platform="tiktok")
    assert (first.thread.creator_handle, first.thread.creator) == ("ann", "ann")
    assert EMPTY_CREATOR not in first.report.limits
    assert (second.thread.creator_handle, second.thread.creator) == (None, None)
    assert EMPTY_CREATOR in second.report.limits
    # On no known platform the handle keeps its case; without the column, nothing names it.
    (other, _) = parse(body, {**MAP, "creator": "owner"})
    assert (other.thread.creator_handle, other.thread.creator) == ("Ann", None)
    unmapped, _ = parse(CSV, MAP)
    assert unmapped.thread.creator_handle is None
    assert NO_CREATOR_COLUMN in unmapped.report.limits


def test_missing_and_unknown_mapping_keys_are_named() -> None:
    error = refusal(CSV, {"id": "comment_id", "parent_id": "reply_to_id"})
    locs = {p.loc for p in error.problems}
    assert ("query", "columns", "text") in locs
    assert ("query", "columns", "parent") in locs
    assert ("query", "columns", "parent_id") in locs


def test_columns_absent_from_the_file_are_named() -> None:
    error = refusal(CSV, {**MAP, "text": "message"})
    assert "text -> 'message'" in error.detail
    assert error.problems[0].loc == ("query", "columns", "text")


def test_bad_times_and_likes_are_refused_by_row() -> None:
    body = CSV.replace(b"1714557660,p1,0\nc3", b"when?,p1,0\nc3").replace(b",p2,2", b",p2,many")
    error = refusal(body, MAP)
    assert [p.loc for p in error.problems] == [("row", 2, "posted"), ("row", 6, "hearts")]
    assert error.problems[0].msg.startswith("row 2 (id 'c2')")
