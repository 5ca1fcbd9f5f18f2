"""TikTok Research API comment lists: pages, arrays of pages, bare comment arrays, API errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from importers.base import InvalidInput
from importers.formats.tiktok_research_api import FORMAT, NO_HANDLE
from importers.payload import Payload
from importers.registry import detect, import_payload
from importers.toolkit.creators import unidentified
from nlp.thread import ReplyToMethod

FIXTURES = Path(__file__).parents[2] / "fixtures" / "formats" / "tiktok_research_api"
NO_AUTHORS = "TikTok Research API returns no author ids: author-based metrics are null"


def fixture(name: str) -> Payload:
    return Payload((FIXTURES / name).read_bytes(), filename=name)


def page(comments: list[Any], code: str = "ok", message: str = "") -> dict[str, Any]:
    return {
        "data": {"comments": comments, "has_more": False, "cursor": len(comments)},
        "error": {"code": code, "message": message, "log_id": "L1"},
    }


def comment(ident: int, parent: int = 7, **extra: Any) -> dict[str, Any]:
    return {"id": ident, "video_id": 7, "text": "hi", "parent_comment_id": parent, **extra}


def test_array_of_pages() -> None:
    (imported,) = import_payload(fixture("pages.json"))

    thread, report = imported.thread, imported.report
    assert thread.external_id == "7420000000000000001"
    assert thread.creator is None
    shape = [
        (c.id[-3:], c.reply_to and c.reply_to[-3:], c.reply_to_method, c.author)
        for c in thread.comments
    ]
    assert shape == [
        ("101", None, ReplyToMethod.GIVEN, None),
        ("102", None, ReplyToMethod.GIVEN, None),
        ("103", "101", ReplyToMethod.PLATFORM_PARENT, None),
        ("104", "101", ReplyToMethod.PLATFORM_PARENT, None),  # "@somebody": no handles to match
        ("105", None, ReplyToMethod.GIVEN, None),  # parent_comment_id 0
    ]
    assert thread.comments[2].platform_reply_to == "7420000000000000101"
    assert thread.comments[0].created_at == datetime(2024, 8, 30, 6, 40, tzinfo=UTC)
    assert thread.comments[0].like_count == 4
    assert (report.rows_read, report.comments_kept, report.skipped) == (5, 5, {})
    assert (report.announced_replies, report.received_replies) == (2, 2)
    assert report.retargeted == {}
    assert NO_AUTHORS in report.limits
    # The comment list names no username: the video's owner is unknown, and the report says so.
    assert thread.creator_handle is None
    assert unidentified(NO_HANDLE) in report.limits


def test_bare_comment_array_with_two_videos() -> None:
    first, second = import_payload(fixture("bare_comments.json"))
    assert [first.thread.external_id, second.thread.external_id] == [
        "7420000000000000002",
        "7420000000000000003",
    ]
    assert [c.reply_to for c in first.thread.comments] == [None, "7420000000000000201"]
    assert (first.report.announced_replies, first.report.received_replies) == (1, 1)
    assert second.report.comments_kept == 1


@pytest.mark.parametrize("name", ["pages.json", "bare_comments.json"])
def test_fixtures_are_detected_as_research_api_only(name: str) -> None:
    assert detect(fixture(name)).name == "tiktok_research_api"


def test_a_single_page_without_parent_ids() -> None:
    single = page([{"id": 1, "video_id": 7, "text": "a", "create_time": 1725000000}])
    (imported,) = import_payload(Payload(json.dumps(single).encode()))
    assert imported.thread.comments[0].reply_to is None
    assert any("parent_comment_id was not requested" in x for x in imported.report.limits)


@pytest.mark.parametrize(
    "document",
    [
        {"data": {"videos": [{"id": 1, "video_description": "x"}], "has_more": False, "cursor": 0}},
        {"data": {"comments": [{"id": 1, "video_id": 7, "text": "a", "cid": "1"}]}},
        [{"id": 1, "video_id": 7, "text": "a", "username": "someone"}],
        {"data": [{"id": "1", "text": "graph api style", "timestamp": "2024-01-01"}]},
    ],
)
def test_near_misses_are_refused(document: Any) -> None:
    assert not FORMAT.detect(Payload(json.dumps(document).encode()))


def test_error_pages_without_comments_are_refused_with_the_api_message() -> None:
    failed = page([], code="rate_limit_exceeded", message="daily quota reached")
    with pytest.raises(InvalidInput, match="daily quota reached"):
        import_payload(Payload(json.dumps([failed]).encode()), format_name=FORMAT.name)


def test_error_pages_beside_comments_become_a_limit() -> None:
    pages = [page([comment(1)]), page([], code="internal_error", message="try later")]
    (imported,) = import_payload(Payload(json.dumps(pages).encode()))
    assert any("page 1: API error internal_error" in x for x in imported.report.limits)


def test_broken_comments_name_their_place() -> None:
    pages = [page([comment(1), comment(2, text=None), comment(3, create_time="noon")])]
    with pytest.raises(InvalidInput) as caught:
        import_payload(Payload(json.dumps(pages).encode()))
    locs = [p.loc for p in caught.value.problems]
    assert locs == [(0, "data", "comments", 1, "text"), (0, "data", "comments", 2, "create_time")]
    assert "comment 3" in caught.value.problems[1].msg
