"""4CAT's mapped TikTok-comments export, as CSV and as NDJSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from importers.base import InvalidInput
from importers.formats.tiktok_4cat import FORMAT, NO_HANDLE
from importers.payload import Payload
from importers.registry import detect, import_payload
from importers.toolkit.creators import unidentified
from nlp.thread import ReplyToMethod

FIXTURES = Path(__file__).parents[2] / "fixtures" / "formats" / "tiktok_4cat"
HEADER = "id,thread_id,author,author_full,body,unix_timestamp,likes,replies,post_id,post_url"


def fixture(name: str) -> Payload:
    return Payload((FIXTURES / name).read_bytes(), filename=name)


def csv_payload(*rows: str) -> Payload:
    header = HEADER + ",is_comment_on_comment"
    return Payload("\n".join([header, *rows]).encode())


def test_csv_export() -> None:
    (imported,) = import_payload(fixture("export.csv"))

    thread, report = imported.thread, imported.report
    assert thread.external_id == "7440000000000000001"
    assert thread.url == "https://www.tiktok.com/@yoga_yara/video/7440000000000000001"
    assert thread.title == "Morning flow, 10 minutes"
    assert thread.creator == "yoga_yara"  # the handle is the author id in 4CAT's mapping
    assert thread.creator_handle == "yoga_yara"
    shape = [
        (c.id[-3:], c.reply_to and c.reply_to[-3:], c.reply_to_method, c.author, c.author_name)
        for c in thread.comments
    ]
    assert shape == [
        ("101", None, ReplyToMethod.GIVEN, "stretchy_stu", "Stu"),
        ("102", "101", ReplyToMethod.PLATFORM_PARENT, "yoga_yara", "Yara 🧘"),
        ("103", "102", ReplyToMethod.MENTION, "stretchy_stu", "Stu"),
        ("104", None, ReplyToMethod.GIVEN, "6920000000000000009", None),  # "@<uid>": no handle
    ]
    assert thread.comments[2].platform_reply_to == "7440000000000000101"
    assert thread.comments[0].created_at == datetime(2024, 10, 1, 10, 0, tzinfo=UTC)
    assert thread.comments[3].created_at == datetime(2024, 10, 1, 11, 0, tzinfo=UTC)
    assert thread.comments[0].like_count == 7
    assert (report.rows_read, report.comments_kept, report.skipped) == (4, 4, {})
    assert (report.announced_replies, report.received_replies) == (2, 2)
    assert report.retargeted == {"mention": 1}
    assert any("4CAT server's local time" in limit for limit in report.limits)


def test_ndjson_export_with_two_videos() -> None:
    first, second = import_payload(fixture("export.ndjson"))
    assert [first.thread.external_id, second.thread.external_id] == [
        "7440000000000000002",
        "7440000000000000003",
    ]
    assert [c.reply_to for c in first.thread.comments] == [None, "7440000000000000201"]
    assert first.thread.creator == "birdwatch_bo"
    assert (first.report.announced_replies, first.report.received_replies) == (1, 1)
    assert len(second.thread.comments) == 1
    assert not any("local time" in limit for limit in first.report.limits)
    # birdwatch_bo did not comment under the second video: as author ids are handles, the
    # post_url's handle is their id all the same, and the report notes nothing missing.
    assert (second.thread.creator, second.thread.creator_handle) == (
        "birdwatch_bo",
        "birdwatch_bo",
    )
    assert not any("owner" in limit for limit in second.report.limits)


@pytest.mark.parametrize("name", ["export.csv", "export.ndjson"])
def test_fixtures_are_detected_as_4cat_only(name: str) -> None:
    assert detect(fixture(name)).name == "tiktok_4cat"


@pytest.mark.parametrize(
    "text",
    [
        HEADER + "\n1,9,a,A,hi,1,0,0,9,https://www.tiktok.com/@a/video/9\n",
        "id,thread_id,author,body,timestamp,subreddit\n1,9,a,hi,1,x\n",
        json.dumps({"id": "1", "thread_id": "9", "author": "a", "body": "hi", "post_id": "9"}),
        json.dumps([{"id": "1", "thread_id": "9", "author": "a", "body": "hi", "post_id": "9"}]),
    ],
)
def test_near_misses_are_refused(text: str) -> None:
    assert not FORMAT.detect(Payload(text.encode()))


def test_a_reply_without_its_top_level_comment_is_named_by_row() -> None:
    payload = csv_payload(
        "1,9,a,A,hi,1727776800,0,0,9,u,no",
        "2,9,b,B,hi,1727776800,0,0,9,u,yes",
        "3,1,c,C,hi,1727776800,0,0,9,u,maybe",
        "4,1,d,D,hi,later,0,0,9,u,yes",
    )
    with pytest.raises(InvalidInput) as caught:
        import_payload(payload)
    locs = [p.loc for p in caught.value.problems]
    assert locs == [
        ("row", 2, "is_comment_on_comment"),
        ("row", 3, "is_comment_on_comment"),
        ("row", 4, "unix_timestamp"),
    ]
    assert "comment 2" in caught.value.problems[0].msg


def test_the_collected_from_url_names_the_owner_when_post_url_does_not() -> None:
    header = HEADER + ",is_comment_on_comment,collected_from_url"
    page = "https://www.tiktok.com/@Knit.Nora/video/9"
    rows = [header, f"1,9,purl_pat,Pat,hi,1727776800,0,0,9,https://vm.tiktok.com/ZM1/,no,{page}"]
    (imported,) = import_payload(Payload("\n".join(rows).encode()))
    assert (imported.thread.creator, imported.thread.creator_handle) == ("knit.nora", "knit.nora")


def test_a_video_whose_urls_name_no_owner_says_its_creator_is_unidentified() -> None:
    (imported,) = import_payload(csv_payload("1,9,purl_pat,Pat,hi,1727776800,0,0,9,,no"))
    assert (imported.thread.creator, imported.thread.creator_handle) == (None, None)
    assert unidentified(NO_HANDLE) in imported.report.limits
