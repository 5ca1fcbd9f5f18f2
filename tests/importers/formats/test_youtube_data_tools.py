from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from importers.base import ImportOptions, InvalidInput
from importers.formats.youtube_data_tools import (
    DUPLICATE,
    FORMAT,
    NO_ID,
    NO_OWNER_COLUMN_LIMIT,
    SILENT_OWNER_LIMIT,
    TRUNCATED,
    V1_TIME_LIMIT,
    V2_LIMIT,
)
from importers.payload import Payload
from importers.registry import all_formats, import_payload
from importers.toolkit.youtube import FLATTENED_LIMIT
from nlp.thread import Platform, ReplyToMethod

FIXTURES = Path(__file__).parents[2] / "fixtures" / "formats" / FORMAT.name
V1_FILE = "videoinfo_Vid00000003_2024_05_03-12_00_00_comments.tab"
GIVEN, PARENT, MENTION = (
    ReplyToMethod.GIVEN,
    ReplyToMethod.PLATFORM_PARENT,
    ReplyToMethod.MENTION,
)
V2_HEADER = (
    "videoId,id,totalReplyCount,inferredReplyCount,inferredLevel,likeCount,publishedAt,"
    "authorName,authorChannelId,isChannelOwner,text,isReply,threadId,isReplyToId,isReplyToName"
)


def fixture(name: str) -> Payload:
    return Payload((FIXTURES / name).read_bytes(), filename=name)


def text_payload(text: str, filename: str = "export.csv") -> Payload:
    return Payload(text.encode(), filename=filename)


def test_v2_keeps_the_inferred_reply_target_and_the_channel_owner() -> None:
    [imported] = FORMAT.parse(fixture("comments_v2.csv"), ImportOptions())
    thread = imported.thread

    assert (thread.platform, thread.external_id, thread.creator) == (
        Platform.YOUTUBE,
        "Vid00000002",
        "UCowner",
    )
    assert thread.creator_handle == "UCowner"  # the channel id of the isChannelOwner row
    assert thread.url == "https://www.youtube.com/watch?v=Vid00000002"
    rows = [
        (c.id, c.reply_to, c.platform_reply_to, c.reply_to_method, c.author, c.author_name)
        for c in thread.comments
    ]
    assert rows == [
        ("Ug1", None, None, GIVEN, "UCdora", "@dora"),
        ("Ug1.r1", "Ug1", "Ug1", PARENT, "UCeve", "@eve"),
        ("Ug1.r2", "Ug1.r1", "Ug1", MENTION, "UCowner", "@owner"),
        ("Ug1.r3", "Ug1.r2", "Ug1", MENTION, "UCeve", "@eve"),
        # isReplyToId names a comment that is not in the file: back to the platform parent
        ("Ug1.r4", "Ug1", "Ug1", PARENT, "UCfinn", "@finn"),
        ("Ug2", None, None, GIVEN, None, None),  # deleted channel
    ]
    first = thread.comments[0]
    assert first.created_at == datetime(2024, 5, 2, 9, 0, tzinfo=UTC)
    assert (first.text, first.like_count) == ("Great video, really", 4)
    report = imported.report
    assert (report.rows_read, report.comments_kept) == (9, 6)
    assert report.skipped == {DUPLICATE: 1, NO_ID: 1, TRUNCATED: 1}
    assert (report.announced_replies, report.received_replies, report.missing_comments) == (5, 4, 1)
    assert report.limits == (V2_LIMIT, FLATTENED_LIMIT)


def test_v1_takes_the_video_from_the_file_name_and_the_flat_parent() -> None:
    [imported] = FORMAT.parse(fixture(V1_FILE), ImportOptions())
    thread = imported.thread

    assert (thread.external_id, thread.creator, thread.creator_handle) == (
        "Vid00000003",
        None,
        None,
    )
    rows = [(c.id, c.reply_to, c.reply_to_method, c.author, c.author_name) for c in thread.comments]
    assert rows == [
        ("Ugv1", None, GIVEN, "UCgina", "Gina"),
        ("Ugv1.a", "Ugv1", PARENT, "UChank", "Hank"),
        ("Ugv1.b", "Ugv1", PARENT, "UCgina", "Gina"),
        ("Ugv2", None, GIVEN, "UCivy", "Ivy"),
    ]
    assert thread.comments[2].created_at == datetime(2024, 5, 3, 12, 7, tzinfo=UTC)
    report = imported.report
    assert (report.rows_read, report.comments_kept, report.skipped) == (5, 4, {NO_ID: 1})
    assert (report.announced_replies, report.received_replies, report.missing_comments) == (2, 2, 0)
    assert report.limits[:3] == (FLATTENED_LIMIT, V1_TIME_LIMIT, NO_OWNER_COLUMN_LIMIT)
    assert "file name" in report.limits[-1]


def test_registry_retargets_v1_mentions_and_leaves_v2_targets_alone() -> None:
    [v1] = import_payload(fixture(V1_FILE))
    [v2] = import_payload(fixture("comments_v2.csv"))

    assert v1.thread.comments[2].reply_to == "Ugv1.a"  # "@Hank glad you did"
    assert v1.report.retargeted == {"mention": 1}
    assert [c.reply_to for c in v2.thread.comments[1:5]] == ["Ug1", "Ug1.r1", "Ug1.r2", "Ug1"]
    assert v2.report.retargeted == {"mention": 2}


def test_pseudonymised_v1_uses_the_hashed_name_as_author() -> None:
    text = (
        "id,replyCount,likeCount,publishedAt,authorName,text,isReply,isReplyTo,isReplyToName\n"
        "h1,1,0,2024-05-03 12:00:00,aaa111,top,0,,\n"
        "h2,,0,2024-05-03 12:01:00,bbb222,reply,1,h1,aaa111\n"
    )
    [imported] = FORMAT.parse(text_payload(text), ImportOptions())

    assert [c.author for c in imported.thread.comments] == ["aaa111", "bbb222"]
    assert imported.thread.external_id == "export"
    assert any("pseudonymised" in limit for limit in imported.report.limits)


def test_v2_without_an_owner_row_says_its_creator_is_unidentified() -> None:
    text = (
        f"{V2_HEADER}\n"
        "VidNoOwner1,Uq1,0,0,0,1,2024-05-02 09:00:00,@gil,UCgil,no,hello,0,Uq1,,\n"
        "VidNoOwner1,Uq1.r1,,0,1,0,2024-05-02 09:01:00,@hal,UChal,no,hi,1,Uq1,Uq1,@gil\n"
    )
    [imported] = FORMAT.parse(text_payload(text), ImportOptions())
    assert (imported.thread.creator, imported.thread.creator_handle) == (None, None)
    assert imported.report.limits == (V2_LIMIT, FLATTENED_LIMIT, SILENT_OWNER_LIMIT)


def test_options_override_the_video() -> None:
    options = ImportOptions(external_id="chosen", platform="other")
    [imported] = FORMAT.parse(fixture("comments_v2.csv"), options)
    assert (imported.thread.external_id, imported.thread.platform) == ("chosen", Platform.OTHER)


@pytest.mark.parametrize("path", sorted(FIXTURES.iterdir()), ids=lambda p: p.name)
def test_fixture_files_are_detected_by_this_format_only(path: Path) -> None:
    payload = Payload(path.read_bytes(), filename=path.name)
    assert [f.name for f in all_formats() if f.detect(payload)] == [FORMAT.name]


@pytest.mark.parametrize(
    "header",
    [
        "id,authorName,text,publishedAt,likeCount",  # v1 without isReplyTo
        V2_HEADER.replace("threadId,", ""),  # v2 without its thread column
        "comment_id,status_id,parent_id,comment_message,comment_author,comment_published",
        "id,media_id,username,text,timestamp",
        '{"id": "x", "isReplyTo": "", "authorName": "a", "text": "t", "publishedAt": "p"}',
    ],
)
def test_near_misses_are_refused(header: str) -> None:
    assert not FORMAT.detect(text_payload(header + "\n"))


def test_an_unreadable_time_names_the_row() -> None:
    text = V2_HEADER + "\nv,Ug1,0,0,0,0,last tuesday,@a,UCa,no,hi,0,Ug1,,\n"
    with pytest.raises(InvalidInput) as caught:
        FORMAT.parse(text_payload(text), ImportOptions())
    [problem] = caught.value.problems
    assert problem.loc == ("row", 1, "publishedAt")
    assert "row 1 (comment 'Ug1')" in problem.msg


def test_a_bad_like_count_names_the_row_and_column() -> None:
    text = V2_HEADER + "\nv,Ug1,0,0,0,many,2024-05-02 09:00:00,@a,UCa,no,hi,0,Ug1,,\n"
    with pytest.raises(InvalidInput) as caught:
        FORMAT.parse(text_payload(text), ImportOptions())
    assert caught.value.problems[0].loc == ("row", 1, "likeCount")
