from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from importers.base import InvalidInput
from importers.formats.instagram_apify_comments import FORMAT, NO_OWNER, SOURCE_LIMITS
from importers.payload import Payload
from importers.registry import all_formats, import_payload
from nlp.thread import Platform, ReplyToMethod

FIXTURES = Path(__file__).parents[2] / "fixtures" / "formats" / FORMAT.name
GIVEN, PARENT, MENTION = ReplyToMethod.GIVEN, ReplyToMethod.PLATFORM_PARENT, ReplyToMethod.MENTION


def fixture() -> Payload:
    return Payload((FIXTURES / "comments.jsonl").read_bytes(), filename="comments.jsonl")


def test_groups_by_post_and_flattens_nested_replies() -> None:
    first_post, second_post = import_payload(fixture(), FORMAT.name)
    thread, report = first_post.thread, first_post.report
    assert (thread.platform, thread.external_id, thread.url, thread.creator) == (
        Platform.INSTAGRAM,
        "ABC123xyz",
        "https://www.instagram.com/p/ABC123xyz/",
        None,
    )
    top, owner_reply, fan_reply, fire = (
        "18000000000000001",
        "18000000000000011",
        "18000000000000012",
        "18000000000000002",
    )
    assert [
        (c.id, c.reply_to, c.platform_reply_to, c.reply_to_method, c.author, c.author_name)
        for c in thread.comments
    ] == [
        (top, None, None, GIVEN, "4001", "fan_one"),
        (owner_reply, top, top, PARENT, "4000", "teamracing"),
        (fan_reply, owner_reply, top, MENTION, "4002", "fan_two"),  # "@teamracing …"
        (fire, None, None, GIVEN, "fan_three", "fan_three"),  # no owner object: the username
    ]
    assert thread.comments[0].created_at == datetime(2026, 2, 20, 14, 35, 54, tzinfo=UTC)
    assert [c.like_count for c in thread.comments] == [12, 30, 1, 0]
    assert (report.rows_read, report.comments_kept) == (5, 4)
    assert report.skipped == {"error record": 1}
    assert (report.announced_replies, report.received_replies) == (3, 2)
    assert report.retargeted == {"mention": 1}
    # the plain instagram.com/p/<code>/ link names no owner
    assert thread.creator_handle is None
    assert report.limits == (*SOURCE_LIMITS, NO_OWNER)

    reel = second_post.thread
    # the comment's `media` is an attached GIF, not the post: the post comes from postUrl
    assert (reel.external_id, [c.id for c in reel.comments]) == ("XYZ789abc", ["18000000000000003"])
    assert (second_post.report.announced_replies, second_post.report.received_replies) == (1, 0)


def test_a_post_url_naming_the_owner_gives_the_handle_and_the_owners_author_id() -> None:
    records = [json.loads(line) for line in fixture().text.splitlines()]
    for record in records:
        if "postUrl" in record:
            # instagram.com/TeamRacing/p/<code>/ and instagram.com/TeamRacing/reel/<code>/
            record["postUrl"] = record["postUrl"].replace(".com/", ".com/TeamRacing/")
    first_post, second_post = import_payload(Payload(json.dumps(records).encode()), FORMAT.name)
    assert [first_post.thread.external_id, second_post.thread.external_id] == [
        "ABC123xyz",
        "XYZ789abc",
    ]
    # teamracing (owner id 4000) answers under the first post, and stays silent under the second
    assert (first_post.thread.creator_handle, first_post.thread.creator) == ("teamracing", "4000")
    assert (second_post.thread.creator_handle, second_post.thread.creator) == ("teamracing", None)
    for imported in (first_post, second_post):
        assert imported.report.limits == SOURCE_LIMITS


def test_json_array_download_reads_the_same() -> None:
    records = [json.loads(line) for line in fixture().text.splitlines()]
    array = Payload(json.dumps(records).encode())
    assert FORMAT.detect(array)
    threads = import_payload(array, FORMAT.name)
    assert [len(t.thread.comments) for t in threads] == [4, 1]


def test_detected_as_exactly_this_format() -> None:
    assert [f.name for f in all_formats() if f.detect(fixture())] == [FORMAT.name]


@pytest.mark.parametrize(
    "record",
    [
        {"id": "1", "text": "x", "ownerUsername": "a"},  # no postUrl
        {"id": "1", "shortCode": "P", "ownerUsername": "a", "latestComments": [], "url": "u"},
        {"cid": "1", "text": "x", "uniqueId": "a", "videoWebUrl": "u"},  # TikTok Apify
    ],
)
def test_near_misses_are_not_detected(record: dict[str, object]) -> None:
    assert not FORMAT.detect(Payload(json.dumps(record).encode() + b"\n"))


def test_broken_record_names_the_line() -> None:
    lines = [
        {
            "postUrl": "https://www.instagram.com/p/P1/",
            "id": "1",
            "text": "ok",
            "ownerUsername": "a",
            "timestamp": "2026-01-01T00:00:00.000Z",
        },
        {
            "postUrl": "https://www.instagram.com/p/P1/",
            "id": "2",
            "text": "bad",
            "ownerUsername": "b",
            "timestamp": "yesterday",
            "replies": {"oops": 1},
        },
    ]
    body = "\n".join(json.dumps(line) for line in lines).encode()
    with pytest.raises(InvalidInput) as caught:
        import_payload(Payload(body), FORMAT.name)
    assert [p.loc for p in caught.value.problems] == [
        ("line", 2, "timestamp"),
        ("line", 2, "replies"),
    ]
    assert "line 2, comment '2'" in caught.value.problems[0].msg
