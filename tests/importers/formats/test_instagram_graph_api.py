from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from importers.base import ImportOptions, InvalidInput
from importers.formats.instagram_graph_api import FORMAT, NO_OWNER, SOURCE_LIMITS
from importers.payload import Payload
from importers.registry import all_formats, import_payload
from nlp.thread import Platform, ReplyToMethod

FIXTURES = Path(__file__).parents[2] / "fixtures" / "formats" / FORMAT.name
GIVEN, PARENT, MENTION = ReplyToMethod.GIVEN, ReplyToMethod.PLATFORM_PARENT, ReplyToMethod.MENTION


def fixture() -> Payload:
    name = "media_comments_pages.json"
    return Payload((FIXTURES / name).read_bytes(), filename=name)


def as_payload(document: Any, filename: str | None = None) -> Payload:
    return Payload(json.dumps(document).encode(), filename=filename)


def at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2024, 3, day, hour, minute, tzinfo=UTC)


def test_parses_pages_nested_replies_and_replies_pages() -> None:
    [imported] = import_payload(fixture(), FORMAT.name)
    thread, report = imported.thread, imported.report
    assert (thread.platform, thread.external_id, thread.creator) == (
        Platform.INSTAGRAM,
        "17900000000000001",  # from the /comments paging URL
        None,
    )
    assert thread.source_format == "instagram_graph_api"
    rows = [
        (c.id, c.reply_to, c.platform_reply_to, c.reply_to_method, c.author, c.author_name)
        for c in thread.comments
    ]
    first, reply, mention, anonymous, dora, answer = (
        "17800000000000001",
        "17800000000000011",
        "17800000000000012",
        "17800000000000002",
        "17800000000000003",
        "17800000000000031",
    )
    assert rows == [
        (first, None, None, GIVEN, "9001", "ana.rides"),
        (reply, first, first, PARENT, "9000", "bikeshop"),
        (mention, reply, first, MENTION, "9002", "carl_c"),  # "@bikeshop …"
        (anonymous, None, None, GIVEN, None, None),
        (dora, None, None, GIVEN, "dora_d", "dora_d"),
        (answer, dora, dora, PARENT, "9000", "bikeshop"),  # parent named by the /replies URL
    ]
    assert [c.created_at for c in thread.comments] == [
        at(1, 10, 0),
        at(1, 10, 5),
        at(1, 10, 7),
        at(1, 11, 0),
        at(2, 8, 30),
        at(2, 9, 0),
    ]
    assert [c.like_count for c in thread.comments] == [3, 1, 0, None, 0, 2]
    assert report.rows_read == 8
    assert report.comments_kept == 6
    assert report.skipped == {"duplicate comment id": 1, "no comment id": 1}
    assert report.retargeted == {"mention": 1}
    assert report.announced_replies is None
    assert report.limits[:2] == SOURCE_LIMITS
    assert len(report.limits) == 5
    # no comment was fetched with media{username}: the owner is not named, though bikeshop
    # (who answers everyone) may well be them
    assert thread.creator_handle is None
    assert report.limits[-1] == NO_OWNER


def test_media_username_names_the_owner_and_their_comments_their_author_id() -> None:
    pages = json.loads(fixture().text)
    pages[0]["data"][0]["media"] = {"id": "17900000000000001", "username": "BikeShop"}
    [imported] = import_payload(as_payload(pages), FORMAT.name)
    # the owner's comments are written by their Instagram-scoped from.id
    assert (imported.thread.creator_handle, imported.thread.creator) == ("bikeshop", "9000")
    assert NO_OWNER not in imported.report.limits


def test_an_owner_who_never_commented_has_a_handle_but_no_author_id() -> None:
    page = {
        "data": [
            {
                "id": "1",
                "text": "hi",
                "timestamp": "2024-01-01T00:00:00+0000",
                "username": "fan",
                "media": {"id": "555", "username": "quiet.owner"},
            }
        ]
    }
    [imported] = import_payload(as_payload(page), FORMAT.name)
    assert (imported.thread.creator_handle, imported.thread.creator) == ("quiet.owner", None)


def test_single_page_uses_media_id_then_file_name() -> None:
    page = {
        "data": [
            {"id": "1", "text": "hi", "timestamp": "2024-01-01T00:00:00+0000", "username": "a"},
            {
                "id": "2",
                "text": "yo",
                "timestamp": "2024-01-01T00:01:00+0000",
                "username": "b",
                "media": {"id": "555"},
            },
        ]
    }
    threads = import_payload(as_payload(page, "saved_page.json"), FORMAT.name)
    assert [(t.thread.external_id, len(t.thread.comments)) for t in threads] == [
        ("saved_page", 1),
        ("555", 1),
    ]
    assert any("file name 'saved_page'" in limit for limit in threads[0].report.limits)


def test_options_override_platform_and_post_id() -> None:
    page = {"data": [{"id": "1", "text": "hi", "timestamp": "2024-01-01T00:00:00+0000"}]}
    options = ImportOptions(platform="other", external_id="my-post")
    [imported] = FORMAT.parse(as_payload(page), options)
    assert (imported.thread.platform, imported.thread.external_id) == (Platform.OTHER, "my-post")


def test_detected_as_exactly_this_format() -> None:
    assert [f.name for f in all_formats() if f.detect(fixture())] == [FORMAT.name]


@pytest.mark.parametrize(
    "document",
    [
        {"data": []},  # nothing to recognise
        {"data": [{"id": "1", "text": "a tweet", "created_at": "2024-01-01T00:00:00Z"}]},
        {"data": [{"id": "1", "message": "fb", "created_time": "2024-01-01T00:00:00+0000"}]},
        {"data": {"comments": [{"id": 1, "text": "x", "create_time": 1}]}},
        [{"id": "1", "text": "hi", "timestamp": "2024-01-01T00:00:00+0000"}],  # no pages
    ],
)
def test_near_misses_are_not_detected(document: Any) -> None:
    assert not FORMAT.detect(as_payload(document))


def test_broken_comment_names_page_and_comment() -> None:
    pages = [
        {"data": [{"id": "1", "text": "ok", "timestamp": "2024-01-01T00:00:00+0000"}]},
        {"data": [{"id": "77", "text": "bad", "timestamp": "last tuesday"}, "not an object"]},
    ]
    with pytest.raises(InvalidInput) as caught:
        import_payload(as_payload(pages), FORMAT.name)
    problems = caught.value.problems
    assert [p.loc for p in problems] == [
        ("page", 1, "data", 0, "timestamp"),
        ("page", 1, "data", 1),
    ]
    assert "comment '77'" in problems[0].msg
    assert "page 1, item 1" in problems[1].msg


def test_not_a_listing_is_refused() -> None:
    with pytest.raises(InvalidInput, match="Graph API page"):
        FORMAT.parse(as_payload({"id": "1", "text": "single comment"}), ImportOptions())
