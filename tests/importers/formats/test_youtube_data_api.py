from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from importers.base import ImportOptions, InvalidInput
from importers.formats.youtube_data_api import DUPLICATE, FORMAT, NO_CHANNEL
from importers.payload import Payload
from importers.registry import all_formats, import_payload
from importers.toolkit.creators import unidentified
from importers.toolkit.youtube import FLATTENED_LIMIT, INLINE_REPLIES_LIMIT
from nlp.thread import Platform, ReplyToMethod

FIXTURES = Path(__file__).parents[2] / "fixtures" / "formats" / FORMAT.name
GIVEN, PARENT, MENTION = (
    ReplyToMethod.GIVEN,
    ReplyToMethod.PLATFORM_PARENT,
    ReplyToMethod.MENTION,
)
OWNER = "UCowner0000000000000000A"


def fixture(name: str) -> Payload:
    return Payload((FIXTURES / name).read_bytes(), filename=name)


def at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2024, 5, day, hour, minute, tzinfo=UTC)


def as_payload(document: Any) -> Payload:
    return Payload(json.dumps(document).encode(), filename="upload.json")


def comment_resource(comment_id: str, **snippet: Any) -> dict[str, Any]:
    base = {"textOriginal": "hi", "publishedAt": "2024-05-01T10:00:00Z"}
    return {"kind": "youtube#comment", "id": comment_id, "snippet": {**base, **snippet}}


def thread_page(*threads: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "youtube#commentThreadListResponse", "items": list(threads)}


def test_parse_groups_by_video_merges_pages_and_keeps_platform_parents() -> None:
    video, channel, unplaced = FORMAT.parse(fixture("crawl.json"), ImportOptions())

    assert video.thread.platform is Platform.YOUTUBE
    assert (video.thread.external_id, video.thread.creator, video.thread.source_format) == (
        "Vid00000001",
        OWNER,
        "youtube_data_api",
    )
    assert video.thread.url == "https://www.youtube.com/watch?v=Vid00000001"
    assert video.thread.creator_handle == OWNER  # the channel id, its case kept
    rows = [
        (c.id, c.reply_to, c.platform_reply_to, c.reply_to_method, c.author, c.author_name)
        for c in video.thread.comments
    ]
    assert rows == [
        ("UgT1", None, None, GIVEN, "UCalice", "@alice"),
        ("UgT1.r1", "UgT1", "UgT1", PARENT, "UCbob", "@bob"),
        ("UgT1.r2", "UgT1", "UgT1", PARENT, OWNER, "@owner"),
        ("UgT2", None, None, GIVEN, None, None),  # deleted channel: no authorChannelId
        ("UgT1.r3", "UgT1", "UgT1", PARENT, "UCalice", "@alice"),  # from comments.list
    ]
    first, _, _, deleted, _ = video.thread.comments
    assert (first.created_at, first.like_count) == (at(1, 10, 0), 5)
    # No textOriginal: textDisplay with its HTML removed.
    assert deleted.text == "First & best\nhonestly"
    assert video.report.rows_read == 6
    assert video.report.comments_kept == 5
    assert video.report.skipped == {DUPLICATE: 1}  # UgT1.r1 inline and again in comments.list
    assert (video.report.announced_replies, video.report.received_replies) == (3, 3)
    assert video.report.missing_comments == 0
    assert video.report.limits == (FLATTENED_LIMIT, INLINE_REPLIES_LIMIT)

    assert (channel.thread.external_id, channel.thread.creator) == (OWNER, OWNER)
    assert channel.thread.creator_handle == OWNER
    assert [c.id for c in channel.thread.comments] == ["UgT3"]
    assert "grouped by channelId" in channel.report.limits[-1]

    # A reply whose thread was never fetched: kept as an orphan under the file's name.
    assert unplaced.thread.external_id == "crawl"
    [orphan] = unplaced.thread.comments
    assert (orphan.id, orphan.reply_to, orphan.reply_to_method) == ("UgGone.r1", "UgGone", PARENT)
    assert unplaced.report.announced_replies is None
    # No resource of it names a channel: its creator is unknown, and the report says why.
    assert (unplaced.thread.creator, unplaced.thread.creator_handle) == (None, None)
    assert "file name 'crawl'" in unplaced.report.limits[-2]
    assert unplaced.report.limits[-1] == unidentified(NO_CHANNEL)


def test_registry_retargets_mentions_to_the_latest_reply_by_that_handle() -> None:
    video = import_payload(fixture("crawl.json"))[0]

    targets = {c.id: (c.reply_to, c.reply_to_method) for c in video.thread.comments}
    assert targets["UgT1.r2"] == ("UgT1.r1", MENTION)
    assert targets["UgT1.r3"] == ("UgT1.r1", MENTION)
    assert targets["UgT1.r1"] == ("UgT1", PARENT)
    assert video.report.retargeted == {"mention": 2}


def test_missing_comments_count_announced_replies_not_received() -> None:
    top = comment_resource("UgX", videoId="VidXXXXXXXX")
    snippet = {"videoId": "VidXXXXXXXX", "topLevelComment": top, "totalReplyCount": 7}
    thread = {"kind": "youtube#commentThread", "id": "UgX", "snippet": snippet}
    [imported] = FORMAT.parse(as_payload(thread_page(thread)), ImportOptions())

    assert (imported.report.announced_replies, imported.report.received_replies) == (7, 0)
    assert imported.report.missing_comments == 7


def test_options_override_the_post_and_platform() -> None:
    options = ImportOptions(platform="other", external_id="my-post")
    [imported] = FORMAT.parse(fixture("crawl.json"), options)

    assert (imported.thread.platform, imported.thread.external_id) == (Platform.OTHER, "my-post")
    assert imported.report.comments_kept == 7


@pytest.mark.parametrize("path", sorted(FIXTURES.iterdir()), ids=lambda p: p.name)
def test_fixture_files_are_detected_by_this_format_only(path: Path) -> None:
    payload = Payload(path.read_bytes(), filename=path.name)
    assert [f.name for f in all_formats() if f.detect(payload)] == [FORMAT.name]


@pytest.mark.parametrize(
    "document",
    [
        {"kind": "youtube#videoListResponse", "items": [{"kind": "youtube#video", "id": "x"}]},
        {"items": [{"id": "UgX", "snippet": {"textOriginal": "no kind anywhere"}}]},
        {"kind": "youtube#commentThreadListResponse"},  # no items
        [thread_page(), {"kind": "youtube#playlistItemListResponse", "items": []}],
        {"comments": [{"id": "UgX", "text": "hi"}]},
        [],
    ],
)
def test_near_misses_are_refused(document: Any) -> None:
    assert not FORMAT.detect(as_payload(document))


def test_detects_a_bare_resource_array_and_a_page_without_kind() -> None:
    resources = [comment_resource("UgA"), comment_resource("UgA.1", parentId="UgA")]
    assert FORMAT.detect(as_payload(resources))
    assert FORMAT.detect(as_payload({"items": resources}))


def test_a_thread_without_top_level_comment_is_named() -> None:
    broken = {"kind": "youtube#commentThread", "id": "UgX", "snippet": {"videoId": "v"}}
    with pytest.raises(InvalidInput) as caught:
        FORMAT.parse(as_payload([thread_page(broken)]), ImportOptions())
    [problem] = caught.value.problems
    assert problem.loc == ("page", 0, "items", 0, "snippet", "topLevelComment")
    assert "topLevelComment is missing" in problem.msg


def test_an_unreadable_time_names_the_comment() -> None:
    page: dict[str, Any] = {
        "kind": "youtube#commentListResponse",
        "items": [comment_resource("UgBad")],
    }
    page["items"][0]["snippet"]["publishedAt"] = "yesterday"
    with pytest.raises(InvalidInput) as caught:
        FORMAT.parse(as_payload(page), ImportOptions())
    [problem] = caught.value.problems
    assert problem.loc == ("items", 0, "snippet", "publishedAt")
    assert "comment 'UgBad'" in problem.msg


def test_other_resources_inside_a_page_are_refused() -> None:
    page = thread_page({"kind": "youtube#video", "id": "v1"})
    with pytest.raises(InvalidInput) as caught:
        FORMAT.parse(as_payload(page), ImportOptions())
    assert caught.value.problems[0].loc == ("items", 0, "kind")
