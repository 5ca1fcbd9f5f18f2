from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from importers.base import ImportedThread, ImportOptions, InvalidInput
from importers.formats.youtube_comment_downloader import FORMAT
from importers.payload import Payload
from importers.registry import all_formats, import_payload
from importers.toolkit.identity import NO_ID
from importers.toolkit.values import display_count
from nlp.thread import Platform, ReplyToMethod

FIXTURES = Path(__file__).parents[2] / "fixtures" / "formats" / FORMAT.name
TOP = "UgzK3vQ1aT5m0xYfJ8x4AaABAg"
LENSLOVER = "UCa1LensLover00000000001"


def _payload(name: str, filename: str | None = None) -> Payload:
    return Payload((FIXTURES / name).read_bytes(), filename=filename)


def _import(
    name: str, filename: str | None = None, options: ImportOptions | None = None
) -> ImportedThread:
    [imported] = import_payload(_payload(name, filename), options=options)
    return imported


def test_2023_lines_become_one_thread_with_flattened_replies() -> None:
    imported = _import("2023_lines.json", filename="dQw4w9WgXcQ.json")
    thread, report = imported.thread, imported.report
    assert thread.platform is Platform.YOUTUBE
    assert thread.external_id == "dQw4w9WgXcQ"
    assert thread.url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert (thread.creator, thread.creator_handle) == (None, None)
    assert thread.source_format == "youtube_comment_downloader"
    rows = [
        (c.id, c.reply_to, c.platform_reply_to, c.reply_to_method, c.author, c.author_name)
        for c in thread.comments
    ]
    given, parent, mention = (
        ReplyToMethod.GIVEN,
        ReplyToMethod.PLATFORM_PARENT,
        ReplyToMethod.MENTION,
    )
    orphan, late = "UgyNotDownloaded0000x4AaABAg", "UCd4LateComer00000000004"
    assert rows == [
        (TOP, None, None, given, LENSLOVER, "@lenslover"),
        (f"{TOP}.9xA1bC2dE3f", TOP, TOP, parent, "UCb2PixelPeeper000000002", "@pixelpeeper"),
        # "@lenslover" names the top-level author: the platform parent already is the target.
        (f"{TOP}.9xA1bC4gH5i", TOP, TOP, parent, "UCc3FrameFan000000000003", "@framefan"),
        (f"{TOP}.9xA1bC6jK7l", f"{TOP}.9xA1bC2dE3f", TOP, mention, LENSLOVER, "@lenslover"),
        ("UgwP9sLr2VbN6cDe0Qh4AaABAg", None, None, given, None, None),
        (f"{orphan}.9xZ9yX8wV7u", orphan, orphan, parent, late, "@latecomer"),
    ]
    assert [c.like_count for c in thread.comments] == [1200, 3, 1234, 0, 2_000_000, 7]
    assert [c.created_at for c in thread.comments] == [
        datetime(2023, 11, 14, 22, 13, 20, 500000, tzinfo=UTC),
        datetime(2023, 11, 15, 22, 13, 20, 250000, tzinfo=UTC),
        datetime(2023, 11, 15, 23, 13, 20, tzinfo=UTC),
        datetime(2023, 11, 16, 0, 13, 20, tzinfo=UTC),
        None,
        datetime(2023, 11, 17, 5, 46, 40, tzinfo=UTC),
    ]
    assert report.rows_read == 7
    assert report.comments_kept == 6
    assert report.skipped == {"duplicate cid (the first was kept)": 1}
    assert report.retargeted == {"mention": 1}
    assert (report.announced_replies, report.received_replies, report.missing_comments) == (
        None,
        None,
        0,
    )
    assert report.limits == (
        "YouTube lists every reply under its top-level comment: who answered whom is recovered "
        "only from a reply's leading @handle",
        "times are relative ('9 days ago'): created_at is the scraper's time_parsed estimate, "
        "made at download time, so order within the same day, month or year is approximate",
        "1 of 6 comments have no time_parsed, so no timestamp",
        "the input does not name its video: external_id 'dQw4w9WgXcQ' is the file name",
        "the post's creator could not be identified: the scraper records no channel of the "
        "video and no owner mark on comments (its `channel` is each comment author's)",
    )


def test_2021_lines_have_no_timestamps_and_integer_votes() -> None:
    imported = _import("2021_lines.json", filename="uploads/everest.json")
    thread, report = imported.thread, imported.report
    assert thread.external_id == "everest"
    assert thread.url is None  # "everest" is not a video id
    assert [(c.id, c.reply_to, c.author, c.author_name) for c in thread.comments] == [
        ("UgyTrekTop1aaaaaaaaaa4AaABAg", None, "UCe5AshaGurung0000000005", "Asha Gurung"),
        (
            "UgyTrekTop1aaaaaaaaaa4AaABAg.8zQ1wErTyUi",
            "UgyTrekTop1aaaaaaaaaa4AaABAg",
            "UCf6TenzinN0000000000006",
            "Tenzin N",
        ),
        ("UgxTrekTop2bbbbbbbbbb4AaABAg", None, "UCg7MountainDiary0000007", "Mountain Diary"),
    ]
    assert [c.created_at for c in thread.comments] == [None, None, None]
    assert [c.like_count for c in thread.comments] == [12, 0, 4]
    assert (report.rows_read, report.comments_kept, report.skipped) == (3, 3, {})
    assert report.retargeted == {}
    assert any("no timestamp, so the analysis uses file order" in lim for lim in report.limits)
    assert "the input does not name its video: external_id 'everest' is the file name" in (
        report.limits
    )


def test_pretty_layout_and_option_overrides() -> None:
    imported = _import(
        "pretty.json", options=ImportOptions(platform="other", external_id="XyZ_123-abc")
    )
    thread = imported.thread
    assert (thread.platform, thread.external_id) == (Platform.OTHER, "XyZ_123-abc")
    assert thread.url == "https://www.youtube.com/watch?v=XyZ_123-abc"
    top = "UgwPrettyTop1cccccccc4AaABAg"
    assert [(c.id, c.reply_to, c.text) for c in thread.comments] == [
        (top, None, "Does this work on older phones?"),
        (f"{top}.9yB2cD3eF4g", top, "@oldphone yes, back to 2019 models"),
    ]
    assert thread.comments[1].created_at == datetime(2023, 11, 3, 8, 26, 41, tzinfo=UTC)
    assert not any("file name" in limit or "'unknown'" in limit for limit in imported.report.limits)


def test_without_file_name_or_override_the_video_has_no_id() -> None:
    imported = _import("2021_lines.json")
    assert imported.thread.external_id == NO_ID  # an upload of it is refused (422)
    assert any("it has no external_id" in limit for limit in imported.report.limits)


@pytest.mark.parametrize("path", sorted(FIXTURES.iterdir()), ids=lambda p: p.name)
def test_every_fixture_is_detected_as_this_format_only(path: Path) -> None:
    payload = Payload(path.read_bytes(), filename=path.name)
    assert [f.name for f in all_formats() if f.detect(payload)] == [FORMAT.name]


def _lines(*records: object) -> bytes:
    return "\n".join(json.dumps(record) for record in records).encode()


RECORD = {"cid": "Ugz1", "text": "hi", "time": "1 day ago", "author": "@a", "channel": "UC1"}
GOOD = RECORD | {"votes": 0}


@pytest.mark.parametrize(
    "data",
    [
        _lines({key: value for key, value in RECORD.items() if key != "channel"} | {"votes": "1"}),
        _lines({"cid": "7350390883136029483", "text": "hi", "create_time": 1711396274}),
        json.dumps({"comments": [{"cid": "1", "text": "hi", "aweme_id": "2"}]}).encode(),
        json.dumps({"comments": []}).encode(),
        json.dumps([RECORD | {"votes": "1"}]).encode(),
        b"cid,text,time,author,channel,votes\nUgz1,hi,1 day ago,@a,UC1,0\n",
    ],
    ids=["no-channel", "tiktok-web", "tiktok-comments-object", "empty-pretty", "array", "csv"],
)
def test_near_misses_are_not_detected(data: bytes) -> None:
    assert not FORMAT.detect(Payload(data))


@pytest.mark.parametrize(
    ("data", "loc", "message"),
    [
        (_lines(GOOD, RECORD | {"cid": ""}), ("line", 2, "cid"), "line 2: cid is missing"),
        (
            _lines(GOOD | {"reply": True}),
            ("line", 1, "reply"),
            "line 1 (cid 'Ugz1'): reply is true",
        ),
        (_lines(GOOD | {"time_parsed": "ayer"}), ("line", 1, "time_parsed"), "not an ISO-8601"),
        (_lines(GOOD | {"text": None}), ("line", 1, "text"), "text must be a string"),
        (_lines(GOOD, [1, 2]), ("line", 2), "line 2: expected a JSON object"),
        (
            json.dumps({"comments": [GOOD, GOOD | {"votes": "1", "text": 5}]}, indent=4).encode(),
            ("comments", 1, "text"),
            "comments 1 (cid 'Ugz1'): text must be a string",
        ),
    ],
    ids=["empty-cid", "reply-flag", "time-parsed", "text", "not-object", "pretty-text"],
)
def test_broken_records_are_refused_with_their_place(
    data: bytes, loc: tuple[str | int, ...], message: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        import_payload(Payload(data), format_name=FORMAT.name)
    [problem] = raised.value.problems
    assert problem.loc == loc
    assert message in problem.msg


def test_malformed_json_line_is_named() -> None:
    data = _lines(RECORD | {"votes": 0}) + b'\n{"cid": "Ugz2", "text": '
    with pytest.raises(InvalidInput) as raised:
        import_payload(Payload(data))
    assert raised.value.problems[0].loc == ("body", "line", 2)


@pytest.mark.parametrize(
    ("shown", "count"),
    [
        (7, 7),
        ("0", 0),
        ("", 0),
        ("1,234", 1234),
        ("1.2K", 1200),
        ("9.8k", 9800),
        ("1,2 k", 1200),
        ("3M", 3_000_000),
        ("lots", None),
        (None, None),
        (True, None),
        (-1, None),
    ],
)
def test_displayed_counts_are_read(shown: object, count: int | None) -> None:
    assert display_count(shown) == count


def test_unreadable_votes_are_said() -> None:
    [imported] = import_payload(Payload(_lines(RECORD | {"votes": "viele"})))
    assert imported.thread.comments[0].like_count is None
    assert "1 vote counts could not be read: like_count left empty" in imported.report.limits
