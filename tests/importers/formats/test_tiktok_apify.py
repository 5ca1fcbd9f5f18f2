"""Apify TikTok comments scraper: flat rows, error rows, @mention re-targeting, overrides."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from importers.base import ImportOptions, InvalidInput
from importers.formats.tiktok_apify import FORMAT, NO_HANDLE
from importers.payload import Payload
from importers.registry import detect, import_payload
from importers.toolkit.creators import unidentified
from importers.toolkit.tiktok import OWNER_SILENT
from nlp.thread import Platform, ReplyToMethod

FIXTURES = Path(__file__).parents[2] / "fixtures" / "formats" / "tiktok_apify"
VIDEO = "7400000000000000001"


def fixture(name: str) -> Payload:
    return Payload((FIXTURES / name).read_bytes(), filename=name)


def as_payload(document: Any, filename: str = "upload.json") -> Payload:
    return Payload(json.dumps(document).encode(), filename=filename)


def row(cid: str, replies_to: str | None = None, **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "videoWebUrl": f"https://www.tiktok.com/@someone/video/{VIDEO}",
        "cid": cid,
        "createTime": 1717243200,
        "text": "hello",
        "diggCount": 0,
        "repliesToId": replies_to,
        "replyCommentTotal": None if replies_to else 0,
        "uid": "6900000000000000001",
        "uniqueId": "someone",
    }
    return {**base, **extra}


def test_parses_the_fixture_into_one_thread_per_video() -> None:
    first, errored = import_payload(fixture("comments.json"))

    thread, report = first.thread, first.report
    assert (thread.platform, thread.external_id) == (Platform.TIKTOK, VIDEO)
    assert thread.url == f"https://www.tiktok.com/@bakerbee/video/{VIDEO}"
    assert thread.creator == "6900000000000000002"  # bakerbee commented under her own video
    assert thread.creator_handle == "bakerbee"
    assert thread.source_format == "tiktok_apify"
    shape = [
        (c.id[-3:], c.reply_to and c.reply_to[-3:], c.reply_to_method, c.author, c.author_name)
        for c in thread.comments
    ]
    assert shape == [
        ("101", None, ReplyToMethod.GIVEN, "6900000000000000001", "dough_daisy"),
        ("102", "101", ReplyToMethod.PLATFORM_PARENT, "6900000000000000002", "bakerbee"),
        ("103", "102", ReplyToMethod.MENTION, "6900000000000000001", "dough_daisy"),
        ("104", "101", ReplyToMethod.PLATFORM_PARENT, "6900000000000000004", None),
        ("105", None, ReplyToMethod.GIVEN, "6900000000000000005", "oven_mitt"),
        ("106", "105", ReplyToMethod.PLATFORM_PARENT, "6900000000000000006", "flourcloud"),
        ("107", "199", ReplyToMethod.PLATFORM_PARENT, "6900000000000000007", "crumb.queen"),
    ]
    assert [c.platform_reply_to for c in thread.comments][2] == "7400000000000000101"
    assert thread.comments[0].created_at == datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
    assert thread.comments[0].like_count == 12
    assert (report.rows_read, report.comments_kept, report.skipped) == (7, 7, {})
    assert (report.announced_replies, report.received_replies) == (5, 5)
    assert report.retargeted == {"mention": 1}
    assert any("flattens reply chains" in limit for limit in report.limits)

    assert errored.thread.external_id == "7400000000000000002"
    assert errored.thread.comments == ()
    assert errored.thread.creator_handle == "otherbaker"  # from the error row's url
    assert errored.report.skipped == {"error row": 1}
    assert any("Post is sensitive content." in limit for limit in errored.report.limits)


def test_an_error_only_file_is_a_video_without_comments() -> None:
    (only,) = import_payload(fixture("error_only.json"))
    assert only.thread.external_id == "7400000000000000003"
    assert (only.thread.creator, only.thread.creator_handle) == (None, "otherbaker")
    assert (only.report.rows_read, only.report.comments_kept) == (1, 0)
    assert only.report.skipped == {"error row": 1}


@pytest.mark.parametrize("name", ["comments.json", "error_only.json"])
def test_fixtures_are_detected_as_apify_only(name: str) -> None:
    assert detect(fixture(name)).name == "tiktok_apify"


def test_json_lines_export_is_read_like_the_array() -> None:
    lines = "\n".join(json.dumps(r) for r in [row("1"), row("2", replies_to="1")])
    (imported,) = import_payload(Payload(lines.encode()))
    assert [c.reply_to for c in imported.thread.comments] == [None, "1"]


def test_video_id_falls_back_to_the_file_name() -> None:
    rows = [{k: v for k, v in row("1").items() if k != "videoWebUrl"}]
    (imported,) = import_payload(as_payload(rows, filename="7499.json"))
    assert imported.thread.external_id == "7499"
    assert any("file name" in limit for limit in imported.report.limits)


def test_duplicate_cids_keep_the_first_copy_and_are_counted() -> None:
    (imported,) = import_payload(as_payload([row("1"), row("1", uid="other")]))
    assert [c.author for c in imported.thread.comments] == ["6900000000000000001"]
    assert imported.report.skipped == {"duplicate comment id (the first copy was kept)": 1}


@pytest.mark.parametrize(
    "document",
    [
        [{"cid": "Ugx1", "text": "hi", "time": "2 days ago", "author": "@a", "votes": "1"}],
        [{k: v for k, v in row("1").items() if k != "repliesToId"}],
        [{"url": "https://www.instagram.com/p/abc/", "input": "x", "error": "not found"}],
        {"cid": "1", "repliesToId": None, "uid": "1", "createTime": 1, "text": "not an array"},
        [],
    ],
)
def test_near_misses_are_refused(document: Any) -> None:
    assert not FORMAT.detect(as_payload(document))


def test_a_row_that_is_neither_comment_nor_error_is_named() -> None:
    with pytest.raises(InvalidInput) as caught:
        import_payload(as_payload([row("1"), {"text": "orphan"}]), format_name="tiktok_apify")
    assert caught.value.problems[0].loc == ("row", 1)


def test_bad_timestamps_and_text_name_the_comment() -> None:
    bad = [row("1"), row("2", createTime="yesterday"), row("3", text=None)]
    with pytest.raises(InvalidInput) as caught:
        import_payload(as_payload(bad))
    problems = caught.value.problems
    assert [p.loc for p in problems] == [("row", 1, "createTime"), ("row", 2, "text")]
    assert "comment 2" in problems[0].msg
    assert "yesterday" in problems[0].msg


def test_options_override_platform_and_external_id() -> None:
    options = ImportOptions(platform="other", external_id="my-video")
    (imported,) = import_payload(as_payload([row("1")]), options=options)
    assert (imported.thread.platform, imported.thread.external_id) == (Platform.OTHER, "my-video")


def test_external_id_override_is_refused_for_several_videos() -> None:
    other = row("2", videoWebUrl="https://www.tiktok.com/@x/video/42")
    with pytest.raises(InvalidInput, match="holds 2 videos"):
        import_payload(as_payload([row("1"), other]), options=ImportOptions(external_id="x"))


def test_a_silent_owner_is_known_by_the_handle_in_the_url_and_the_report_says_what_is_not() -> None:
    """The owner (@Crumb.Queen in the URL, any case) did not comment: their handle is known, in
    lower case, and only their author id is not."""
    url = f"https://www.tiktok.com/@Crumb.Queen/video/{VIDEO}?is_from_webapp=1"
    rows = [row("1", videoWebUrl=url), row("2", replies_to="1", videoWebUrl=url)]
    (imported,) = import_payload(as_payload(rows))
    assert (imported.thread.creator, imported.thread.creator_handle) == (None, "crumb.queen")
    assert OWNER_SILENT in imported.report.limits
    assert not any("could not be identified" in note for note in imported.report.limits)


def test_the_owner_who_commented_under_their_handle_is_the_creator_in_any_case() -> None:
    url = f"https://www.tiktok.com/@Someone/video/{VIDEO}"
    (imported,) = import_payload(as_payload([row("1", videoWebUrl=url)]))
    assert (imported.thread.creator, imported.thread.creator_handle) == (
        "6900000000000000001",
        "someone",
    )
    assert OWNER_SILENT not in imported.report.limits


def test_the_submitted_url_names_the_owner_when_the_video_url_does_not() -> None:
    rows = [
        row(
            "1",
            videoWebUrl=f"https://www.tiktok.com/video/{VIDEO}",
            submittedVideoUrl=f"https://www.tiktok.com/@someone/video/{VIDEO}",
        )
    ]
    (imported,) = import_payload(as_payload(rows))
    assert imported.thread.creator_handle == "someone"


def test_a_video_whose_urls_name_no_owner_says_its_creator_is_unidentified() -> None:
    rows = [{k: v for k, v in row("1").items() if k != "videoWebUrl"}]
    (imported,) = import_payload(as_payload(rows, filename="7499.json"))
    assert (imported.thread.creator, imported.thread.creator_handle) == (None, None)
    assert unidentified(NO_HANDLE) in imported.report.limits
    assert OWNER_SILENT not in imported.report.limits
