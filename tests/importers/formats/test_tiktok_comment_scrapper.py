"""tiktok-comment-scrapper JSON: nested replies, zone-less times, has_more."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from importers.base import InvalidInput
from importers.formats.tiktok_comment_scrapper import FORMAT, NO_HANDLE
from importers.payload import Payload
from importers.registry import detect, import_payload
from importers.toolkit.creators import unidentified
from nlp.thread import ReplyToMethod

FIXTURES = Path(__file__).parents[2] / "fixtures" / "formats" / "tiktok_comment_scrapper"
NAME = "7410000000000000001.json"


def fixture() -> Payload:
    return Payload((FIXTURES / NAME).read_bytes(), filename=NAME)


def scraped(comments: list[Any], **extra: Any) -> Payload:
    video = {"caption": "c", "video_url": "https://t.tiktok.com/x", "comments": comments, **extra}
    return Payload(json.dumps(video).encode(), filename="7499.json")


def entry(ident: str, replies: list[Any] | None = None, **extra: Any) -> dict[str, Any]:
    base = {
        "comment_id": ident,
        "username": f"user{ident}",
        "nickname": "N",
        "comment": "hi",
        "create_time": "2024-09-01T08:00:00",
        "total_reply": None,
        "replies": replies or [],
    }
    return {**base, **extra}


def test_parses_nested_replies() -> None:
    (imported,) = import_payload(fixture())

    thread, report = imported.thread, imported.report
    assert thread.external_id == "7410000000000000001"
    assert thread.url == "https://t.tiktok.com/i18n/share/video/7410000000000000001/"
    assert thread.title == "Sunday reset routine #cleantok"
    assert (thread.creator, thread.creator_handle) == (None, None)  # a share link names no one
    assert unidentified(NO_HANDLE) in report.limits
    shape = [
        (c.id[-3:], c.reply_to and c.reply_to[-3:], c.reply_to_method, c.author, c.author_name)
        for c in thread.comments
    ]
    assert shape == [
        ("101", None, ReplyToMethod.GIVEN, "tidy_tina", "Tina ✨"),
        ("102", "101", ReplyToMethod.PLATFORM_PARENT, "mop_master", None),
        ("103", "102", ReplyToMethod.MENTION, "tidy_tina", "Tina ✨"),
        ("104", None, ReplyToMethod.GIVEN, None, None),  # blank username: unknown author
    ]
    assert thread.comments[2].platform_reply_to == "7410000000000000101"
    assert thread.comments[1].created_at == datetime(2024, 9, 1, 8, 5, tzinfo=UTC)
    assert (report.rows_read, report.comments_kept, report.skipped) == (4, 4, {})
    assert (report.announced_replies, report.received_replies) == (2, 2)
    assert report.retargeted == {"mention": 1}
    assert any("read as UTC" in limit for limit in report.limits)
    assert any("has_more" in limit for limit in report.limits)


def test_fixture_is_detected_as_the_scrapper_only() -> None:
    assert detect(fixture()).name == "tiktok_comment_scrapper"


def test_video_id_falls_back_to_the_file_name() -> None:
    (imported,) = import_payload(scraped([entry("1")]))
    assert imported.thread.external_id == "7499"
    assert any("file name" in limit for limit in imported.report.limits)


@pytest.mark.parametrize(
    "document",
    [
        {"caption": "c", "video_url": "u", "comments": [{"cid": "1", "text": "apify-like"}]},
        {"video_url": "u", "comments": [entry("1")]},
        {"caption": "c", "video_url": "u", "comments": "none"},
        [entry("1")],
    ],
)
def test_near_misses_are_refused(document: Any) -> None:
    assert not FORMAT.detect(Payload(json.dumps(document).encode()))


def test_broken_comments_name_their_place() -> None:
    broken = [
        entry("1", replies=[{"comment": "no id"}, entry("3", create_time="later")]),
        entry("4", comment=None),
    ]
    with pytest.raises(InvalidInput) as caught:
        import_payload(scraped(broken))
    locs = [p.loc for p in caught.value.problems]
    assert locs == [
        ("comments", 0, "replies", 0),
        ("comments", 0, "replies", 1, "create_time"),
        ("comments", 1, "comment"),
    ]
    assert "comment 3" in caught.value.problems[1].msg


def test_a_video_url_naming_its_owner_gives_the_handle_which_is_their_author_id() -> None:
    """Usernames are this scraper's author ids: the owner's id is known though they did not
    comment, and nothing is said to be missing."""
    url = "https://www.tiktok.com/@Tidy_Tina/video/7499?lang=en"
    (imported,) = import_payload(scraped([entry("1")], video_url=url))
    assert (imported.thread.creator, imported.thread.creator_handle) == ("tidy_tina", "tidy_tina")
    assert not any("owner" in limit for limit in imported.report.limits)
