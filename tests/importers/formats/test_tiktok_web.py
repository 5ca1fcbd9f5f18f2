"""TikTok web comment JSON: Zeeschuimer NDJSON, API responses, bare arrays, reply_to_reply_id."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from importers.base import InvalidInput
from importers.formats.tiktok_web import FORMAT, NO_HANDLE
from importers.payload import Payload
from importers.registry import detect, import_payload
from importers.toolkit.creators import unidentified
from importers.toolkit.tiktok import OWNER_SILENT
from nlp.thread import ReplyToMethod

FIXTURES = Path(__file__).parents[2] / "fixtures" / "formats" / "tiktok_web"
DUPLICATE = "duplicate comment id (the first copy was kept)"


def fixture(name: str) -> Payload:
    return Payload((FIXTURES / name).read_bytes(), filename=name)


def comment(cid: str, reply_id: str = "0", reply_to_reply_id: str = "0", **extra: Any) -> Any:
    base = {
        "cid": cid,
        "aweme_id": "7430000000000000009",
        "text": "hi",
        "create_time": 1727000000,
        "digg_count": 0,
        "reply_id": reply_id,
        "reply_to_reply_id": reply_to_reply_id,
        "user": {"uid": f"u{cid}", "unique_id": f"user{cid}", "nickname": "N"},
    }
    return {**base, **extra}


def test_zeeschuimer_ndjson_keeps_explicit_targets_and_counts_duplicates() -> None:
    (imported,) = import_payload(fixture("zeeschuimer.ndjson"))

    thread, report = imported.thread, imported.report
    assert thread.external_id == "7430000000000000001"
    assert thread.url == "https://www.tiktok.com/@garden_gus/video/7430000000000000001"
    assert thread.title == "Sungold harvest day 🍅"
    assert (thread.creator, thread.creator_handle) == ("6910000000000000002", "garden_gus")
    shape = [
        (c.id[-3:], c.reply_to and c.reply_to[-3:], c.platform_reply_to, c.reply_to_method)
        for c in thread.comments
    ]
    top = "7430000000000000101"
    assert shape == [
        ("101", None, None, ReplyToMethod.GIVEN),
        ("102", "101", top, ReplyToMethod.PLATFORM_PARENT),
        ("103", "102", top, ReplyToMethod.EXPLICIT_FIELD),  # reply_to_reply_id
        ("104", "103", top, ReplyToMethod.MENTION),  # @sprout_sam's latest comment
        ("105", "101", top, ReplyToMethod.PLATFORM_PARENT),  # named reply not in the file
        ("106", None, None, ReplyToMethod.GIVEN),
    ]
    assert [(c.author, c.author_name) for c in thread.comments][3:] == [
        ("6910000000000000003", "veggie.vic"),
        ("6910000000000000004", "late_larry"),
        (None, None),  # "user": null
    ]
    assert thread.comments[0].created_at == datetime(2024, 9, 22, 10, 13, 20, tzinfo=UTC)
    assert thread.comments[0].like_count == 10
    assert (report.rows_read, report.comments_kept, report.skipped) == (7, 6, {DUPLICATE: 1})
    assert (report.announced_replies, report.received_replies) == (3, 4)
    assert report.retargeted == {"explicit_field": 1, "mention": 1}
    assert any("1 replies answer a reply that is not in the file" in x for x in report.limits)


def test_api_response_includes_inline_replies() -> None:
    (imported,) = import_payload(fixture("api_response.json"))

    thread = imported.thread
    assert thread.external_id == "7430000000000000002"
    assert thread.creator == "6910000000000000010"  # pottery_pia answered in the thread
    assert thread.creator_handle == "pottery_pia"
    assert [(c.id[-3:], c.reply_to and c.reply_to[-3:]) for c in thread.comments] == [
        ("201", None),
        ("202", "201"),
        ("203", None),
    ]
    assert (imported.report.announced_replies, imported.report.received_replies) == (1, 1)
    assert imported.report.skipped == {}


@pytest.mark.parametrize("name", ["zeeschuimer.ndjson", "api_response.json"])
def test_fixtures_are_detected_as_tiktok_web_only(name: str) -> None:
    assert detect(fixture(name)).name == "tiktok_web"


def test_bare_array_and_4cat_unwrapped_ndjson() -> None:
    rows = [comment("1"), comment("2", reply_id="1")]
    (from_array,) = import_payload(Payload(json.dumps(rows).encode()))
    assert [c.reply_to for c in from_array.thread.comments] == [None, "1"]

    meta = {"source_platform_url": "https://www.tiktok.com/@user1/video/7430000000000000009"}
    lines = "\n".join(json.dumps({**r, "__import_meta": meta}) for r in rows)
    (from_4cat,) = import_payload(Payload(lines.encode()))
    assert from_4cat.thread.url == meta["source_platform_url"]
    assert (from_4cat.thread.creator, from_4cat.thread.creator_handle) == ("u1", "user1")
    # A bare array has no URL: nothing names the owner, and the report says so.
    assert from_array.thread.creator_handle is None
    assert unidentified(NO_HANDLE) in from_array.report.limits


def test_the_page_url_names_the_owner_when_share_info_does_not() -> None:
    """share_info.url is a short link here; the page the comments were captured from names the
    owner (@Potter.Paz, kept in lower case), who did not comment."""
    share = {"url": "https://vm.tiktok.com/ZMabc/", "title": "Clay day"}
    page = "https://www.tiktok.com/@Potter.Paz/video/7430000000000000009"
    rows = [comment("1", share_info=share), comment("2", reply_id="1")]
    envelope = {"source_platform": "tiktok-comments", "source_platform_url": page}
    lines = "\n".join(json.dumps({**envelope, "data": row}) for row in rows)
    (imported,) = import_payload(Payload(lines.encode()))
    assert imported.thread.url == "https://vm.tiktok.com/ZMabc/"
    assert (imported.thread.creator, imported.thread.creator_handle) == (None, "potter.paz")
    assert OWNER_SILENT in imported.report.limits
    assert not any("could not be identified" in note for note in imported.report.limits)


def test_a_reply_naming_its_top_level_comment_keeps_the_platform_parent() -> None:
    rows = [comment("1"), comment("2", reply_id="1", reply_to_reply_id="1")]
    (imported,) = import_payload(Payload(json.dumps(rows).encode()))
    assert imported.thread.comments[1].reply_to_method is ReplyToMethod.PLATFORM_PARENT


@pytest.mark.parametrize(
    "text",
    [
        json.dumps([{"cid": "1", "text": "no aweme_id", "createTime": 1}]),
        json.dumps({"comments": [{"comment_id": "1", "comment": "scraper shape"}]}),
        json.dumps({"comments": [], "cursor": 0, "has_more": 0}),
        json.dumps({"source_platform": "tiktok", "data": {"id": "1", "desc": "a video"}}),
        json.dumps({"source_platform": "instagram-comments", "data": comment("1")}),
    ],
)
def test_near_misses_are_refused(text: str) -> None:
    assert not FORMAT.detect(Payload(text.encode()))


def test_other_zeeschuimer_modules_are_named_by_line() -> None:
    envelope = {"source_platform": "tiktok-comments", "data": comment("1")}
    videos = {"source_platform": "tiktok", "data": {"id": "9", "desc": "video"}}
    text = "\n".join(json.dumps(x) for x in [envelope, videos])
    with pytest.raises(InvalidInput) as caught:
        import_payload(Payload(text.encode()))
    assert caught.value.problems[0].loc == ("line", 2)
    assert "'tiktok'" in caught.value.problems[0].msg


def test_broken_comments_name_their_place() -> None:
    rows = [comment("1"), comment("2", text=None), comment("3", create_time="soon"), {"x": 1}]
    with pytest.raises(InvalidInput) as caught:
        import_payload(Payload(json.dumps(rows).encode()), format_name="tiktok_web")
    assert [p.loc for p in caught.value.problems] == [(3,), (1, "text"), (2, "create_time")]
    assert "comment 3" in caught.value.problems[2].msg
